/* generate.c: bulk data for benchmarks: many organisations, one large (refportal-admin generate) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "generate.h"
#include "names.h"
#include "org.h"
#include "util.h"

/*
 * How it is fast: the database makes the rows.  Small temporary tables
 * hold candidate profiles (the events of one path through the milestones
 * and the state org_state_derive() gives them, made here in C), first
 * and last names with their search words, job titles and towns; each
 * organisation is then a handful of INSERT ... SELECT statements over
 * MariaDB's sequence table seq_1_to_1000000, every row's choices taken
 * from CRC32(seed/id).  Ids are given explicitly (the largest id + n), so
 * that events, ledger and name_words can recompute a candidate's profile
 * and name from its id.  The SQL is constant text with bound parameters.
 */

#define NMS		6		/* default milestones */
#define MINUTE		1L
#define HOUR		(60 * MINUTE)
#define DAY		(24 * HOUR)
#define SLOTS		1000		/* gen_pick: profile by CRC32 % SLOTS */
#define MAX_EV		16
#define MAX_PROF	64
#define LARGE_LIVE	50000		/* live candidates of the large organisation */
#define BATCH		50000		/* candidates per transaction (about) */
#define SEQ_MAX		1000000		/* rows of seq_1_to_1000000 */
#define LARGE_NAME	"Generated Care Group"

/* One event of a profile: an outcome (okey set) or an undo of the one before. */
struct gev {
	int		 pos;
	enum org_color	 color;
	const char	*okey;		/* NULL: an undo */
	int		 undone;
	long		 off;		/* minutes after the EOI */
};

struct gprof {
	struct gev	 ev[MAX_EV];
	int		 nev;
	int		 weight;	/* per mille, roughly */
	long		 slack_min;	/* EOI this much (at least) before now ... */
	long		 slack_rng;	/* ... plus up to this */
	long		 due;		/* due_at - eoi_at in minutes, -1: none */
	struct org_state st;
};

struct gen {
	struct db	*db;
	struct arena	*a;
	unsigned	 seed;
	unsigned	 rng;
	struct gprof	 prof[MAX_PROF];
	int		 nprof;
	double		 live_frac;
	long long	 ncand, norgs, nevents, nwords;
	long long	 large_id, large_n, user_id;
};

/* Minutes from the previous outcome to the outcome of milestone pos. */
static const long gaps[NMS + 1] = { 0, 1 * DAY, 3 * DAY, 7 * DAY, 5 * DAY,
    14 * DAY, 91 * DAY };

/* Candidate and referrer names: a display form and an ASCII form for emails. */
static const char *const firsts[][2] = {
	{ "Anna", "anna" }, { "Sanne", "sanne" }, { "Lotte", "lotte" },
	{ "Emma", "emma" }, { "Fleur", "fleur" }, { "Noor", "noor" },
	{ "Daan", "daan" }, { "Thijs", "thijs" }, { "Bram", "bram" },
	{ "Sem", "sem" }, { "Lucas", "lucas" }, { "Finn", "finn" },
	{ "Mohammed", "mohammed" }, { "Fatima", "fatima" }, { "Yusuf", "yusuf" },
	{ "Aisha", "aisha" }, { "Olivia", "olivia" }, { "Amelia", "amelia" },
	{ "Isla", "isla" }, { "Ava", "ava" }, { "Jack", "jack" },
	{ "Harry", "harry" }, { "George", "george" }, { "Oliver", "oliver" },
	{ "Chloe", "chloe" }, { "Grace", "grace" }, { "Sophie", "sophie" },
	{ "Thomas", "thomas" }, { "James", "james" }, { "Priya", "priya" },
	{ "Élise", "elise" }, { "Zoë", "zoe" }, { "Chloé", "chloe" },
	{ "Björn", "bjorn" }, { "Inês", "ines" }, { "Kateřina", "katerina" },
	{ "Wiktoria", "wiktoria" }, { "Mateusz", "mateusz" }, { "Ana", "ana" },
	{ "Joost", "joost" }, { "Marieke", "marieke" }, { "Ingrid", "ingrid" },
	{ "Kees", "kees" }, { "Henk", "henk" }, { "Ria", "ria" },
	{ "Samira", "samira" }, { "Kofi", "kofi" }, { "Ama", "ama" },
	{ "Siobhan", "siobhan" }, { "Niamh", "niamh" }, { "Rhys", "rhys" },
	{ "Megan", "megan" }, { "Dylan", "dylan" }, { "Ella", "ella" },
	{ "Ruby", "ruby" }, { "Leo", "leo" }, { "Mia", "mia" },
	{ "Julia", "julia" }, { "Tess", "tess" }, { "Ruben", "ruben" },
	{ "Femke", "femke" }, { "Jesse", "jesse" }, { "Milan", "milan" },
	{ "Eva", "eva" },
};
static const char *const lasts[][2] = {
	{ "de Jong", "dejong" }, { "Jansen", "jansen" }, { "de Vries", "devries" },
	{ "van den Berg", "vandenberg" }, { "van Dijk", "vandijk" },
	{ "Bakker", "bakker" }, { "Janssen", "janssen" }, { "Visser", "visser" },
	{ "Smit", "smit" }, { "Meijer", "meijer" }, { "de Boer", "deboer" },
	{ "Mulder", "mulder" }, { "de Groot", "degroot" }, { "Bos", "bos" },
	{ "Vos", "vos" }, { "Peters", "peters" }, { "Hendriks", "hendriks" },
	{ "van Leeuwen", "vanleeuwen" }, { "Dekker", "dekker" },
	{ "Brouwer", "brouwer" }, { "de Wit", "dewit" }, { "Dijkstra", "dijkstra" },
	{ "Smits", "smits" }, { "de Graaf", "degraaf" }, { "van der Meer", "vandermeer" },
	{ "Smith", "smith" }, { "Jones", "jones" }, { "Taylor", "taylor" },
	{ "Brown", "brown" }, { "Williams", "williams" }, { "Wilson", "wilson" },
	{ "Johnson", "johnson" }, { "Davies", "davies" }, { "Robinson", "robinson" },
	{ "Wright", "wright" }, { "Thompson", "thompson" }, { "Evans", "evans" },
	{ "Walker", "walker" }, { "White", "white" }, { "Roberts", "roberts" },
	{ "Green", "green" }, { "Hall", "hall" }, { "Wood", "wood" },
	{ "Jackson", "jackson" }, { "Clarke", "clarke" }, { "O'Brien", "obrien" },
	{ "McAllister", "mcallister" }, { "Nowak", "nowak" }, { "Kowalski", "kowalski" },
	{ "Yılmaz", "yilmaz" }, { "El Amrani", "elamrani" }, { "Mensah", "mensah" },
	{ "Okafor", "okafor" }, { "Patel", "patel" }, { "Khan", "khan" },
	{ "Singh", "singh" }, { "Müller", "muller" }, { "Dubois", "dubois" },
	{ "García", "garcia" }, { "Ferreira", "ferreira" }, { "Novák", "novak" },
	{ "Ahmed", "ahmed" }, { "Hussain", "hussain" }, { "Begum", "begum" },
	{ "Lewis", "lewis" }, { "Hughes", "hughes" }, { "Edwards", "edwards" },
	{ "van Beek", "vanbeek" }, { "Kok", "kok" }, { "Willems", "willems" },
	{ "Maas", "maas" }, { "Verhoeven", "verhoeven" },
};
static const char *const titles[] = {
	"Verzorgende IG", "Helpende Plus", "Verpleegkundige", "Care Assistant",
	"Senior Care Assistant", "Support Worker", "Night Care Assistant",
	"Activity Coordinator", "Kitchen Assistant", "Domestic Assistant",
	"Team Leader", "Registered Nurse", "Wijkverpleegkundige",
	"Begeleider Gehandicaptenzorg", "Huishoudelijk Medewerker",
	"Home Carer", "Deputy Manager", "Physiotherapy Assistant",
};
static const char *const towns[] = {
	"Utrecht", "Amersfoort", "Zeist", "Houten", "Nieuwegein", "Leiden",
	"Haarlem", "Delft", "Gouda", "Arnhem", "Leeds", "York", "Harrogate",
	"Bradford", "Wakefield", "Sheffield", "Bristol", "Bath", "Reading",
	"Oxford", "Swindon", "Exeter", "Norwich", "Ipswich",
};

#define NFIRST	(sizeof(firsts) / sizeof(firsts[0]))
#define NLAST	(sizeof(lasts) / sizeof(lasts[0]))
#define NTITLE	(sizeof(titles) / sizeof(titles[0]))
#define NTOWN	(sizeof(towns) / sizeof(towns[0]))

/* ---- profiles ---- */

static unsigned
rnd(struct gen *g)
{
	/* xorshift32 */
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 17;
	g->rng ^= g->rng << 5;
	return g->rng;
}

static void
ev_add(struct gprof *p, int pos, enum org_color color, const char *okey,
    long off)
{
	struct gev *e = &p->ev[p->nev++];

	e->pos = pos;
	e->color = color;
	e->okey = okey;
	e->off = off;
	e->undone = 0;
}

/* The outcome key of a colour at a milestone (the n-th red). */
static const char *
okey_of(int pos, enum org_color c, int n)
{
	const struct org_milestone_def *m = &org_default_milestones[pos - 1];

	return c == ORG_GREEN ? m->green[0] : c == ORG_ORANGE ? m->orange[0] :
	    m->red[n];
}

/*
 * One profile: greens up to stage - 1 (an orange first at stage - 1 when
 * retry), then at stage: last (ORG_NONE: nothing yet), or a mistake
 * (1: a red, 2: a green) that was undone.  stage NMS + 1: all green.
 */
static void
prof_add(struct gen *g, int weight, int stage, enum org_color last, int red,
    int retry, int mistake)
{
	struct gprof *p;
	enum org_color colors[NMS] = { ORG_NONE };
	long t = 0, started = 0;
	int pos, i;

	if (g->nprof == MAX_PROF || weight <= 0)
		return;
	p = &g->prof[g->nprof++];
	memset(p, 0, sizeof(*p));
	p->weight = weight;
	for (pos = 1; pos < stage && pos <= NMS; pos++) {
		t += gaps[pos];
		if (retry && pos == stage - 1) {
			ev_add(p, pos, ORG_ORANGE, okey_of(pos, ORG_ORANGE, 0), t);
			t += 2 * DAY;
		}
		ev_add(p, pos, ORG_GREEN, okey_of(pos, ORG_GREEN, 0), t);
		if (pos == 5)
			started = t;
	}
	if (stage <= NMS) {
		if (last != ORG_NONE) {
			t += gaps[stage];
			ev_add(p, stage, last, okey_of(stage, last, red), t);
		} else if (mistake != 0) {
			t += gaps[stage];
			ev_add(p, stage, mistake == 1 ? ORG_RED : ORG_GREEN,
			    okey_of(stage, mistake == 1 ? ORG_RED : ORG_GREEN, 0), t);
			p->ev[p->nev - 1].undone = 1;
			t += 2 * HOUR;
			ev_add(p, stage, ORG_NONE, NULL, t);
		}
	}
	for (i = 0; i < p->nev; i++)
		if (p->ev[i].okey != NULL && !p->ev[i].undone)
			colors[p->ev[i].pos - 1] = p->ev[i].color;
	org_state_derive(colors, NMS, &p->st);
	/* When it falls due: first contact within a day; "still working"
	 * three months after the start (as the portal sets them). */
	p->due = -1;
	if (strcmp(p->st.status, "action") == 0 && p->st.stage_pos == 1)
		p->due = 1 * DAY;
	else if (strcmp(p->st.status, "action") == 0 && p->st.stage_pos == NMS)
		p->due = started + 91 * DAY;
	p->slack_min = 20 * MINUTE;
	p->slack_rng = p->st.stage_pos == 1 && p->nev == 0 ? 14 * DAY :
	    p->st.stage_pos == NMS ? 120 * DAY : 60 * DAY;
}

/* The spread of states: most at first contact, a sixth archived. */
static void
profiles_make(struct gen *g)
{
	static const int w_action[NMS + 1] = { 0, 200, 60, 50, 35, 35, 55 };
	static const int w_wait[NMS + 1] = { 0, 60, 30, 25, 30, 20, 20 };
	static const int w_red[NMS + 1] = { 0, 50, 25, 40, 25, 15, 15 };
	int s, r, nred, total = 0, archived = 0, i;

	g->nprof = 0;
	for (s = 1; s <= NMS; s++) {
		prof_add(g, s > 1 ? w_action[s] * 2 / 3 : w_action[s], s, ORG_NONE, 0, 0, 0);
		if (s > 1)
			prof_add(g, w_action[s] / 3, s, ORG_NONE, 0, 1, 0);
		prof_add(g, w_wait[s], s, ORG_ORANGE, 0, s > 2, 0);
		for (nred = 0; org_default_milestones[s - 1].red[nred] != NULL; nred++)
			;
		for (r = 0; r < nred; r++)
			prof_add(g, w_red[s] / nred + (r < w_red[s] % nred), s,
			    ORG_RED, r, 0, 0);
	}
	prof_add(g, 80, NMS + 1, ORG_NONE, 0, 0, 0);
	prof_add(g, 20, 1, ORG_NONE, 0, 0, 1);	/* a red undone */
	prof_add(g, 15, 3, ORG_NONE, 0, 0, 2);	/* a green with points undone */
	for (i = 0; i < g->nprof; i++) {
		total += g->prof[i].weight;
		if (strcmp(g->prof[i].st.status, "archived") == 0)
			archived += g->prof[i].weight;
	}
	g->live_frac = 1.0 - (double)archived / total;
}

/* ---- the temporary tables ---- */

static const char *const sql_temp[] = {
	"CREATE TEMPORARY TABLE gen_prof (pid INT PRIMARY KEY, status VARCHAR(10),"
	" stage_pos INT, progress VARCHAR(16), version INT, span_min INT,"
	" slack_min INT, slack_rng INT, due_min INT, last_min INT) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_ev (pid INT, k INT, kind VARCHAR(8), pos INT,"
	" okey VARCHAR(40), undone INT, off_min INT, PRIMARY KEY USING BTREE (pid, k)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_pick (slot INT PRIMARY KEY, pid INT) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_first (i INT PRIMARY KEY, name VARCHAR(100),"
	" ascii VARCHAR(100)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_last (i INT PRIMARY KEY, name VARCHAR(100),"
	" ascii VARCHAR(100)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_words (part CHAR(1), i INT, n INT,"
	" word VARCHAR(40), PRIMARY KEY USING BTREE (part, i, n)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_title (i INT PRIMARY KEY, title VARCHAR(100)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_town (i INT PRIMARY KEY, town VARCHAR(100)) ENGINE=MEMORY",
};

static int
temp_words(struct gen *g, const char *part, int i, const char *name)
{
	char	*w[NAMES_MAX_WORDS];
	size_t	 n, k;

	n = names_split(g->a, name, w, NAMES_MAX_WORDS);
	for (k = 0; k < n; k++)
		if (db_exec(g->db, "INSERT IGNORE INTO gen_words (part, i, n, word)"
		    " VALUES (?, ?, ?, ?)", "siis", part, (long long)i,
		    (long long)k, w[k]) == -1)
			return -1;
	return 0;
}

static int
temp_fill(struct gen *g)
{
	struct gprof	*p;
	size_t		 i;
	int		 k, slot, total = 0, cum = 0;
	long		 last;

	for (i = 0; i < sizeof(sql_temp) / sizeof(sql_temp[0]); i++)
		if (db_exec(g->db, sql_temp[i], "") == -1)
			return -1;
	for (k = 0; k < g->nprof; k++)
		total += g->prof[k].weight;
	for (k = 0, slot = 0; k < g->nprof; k++) {
		p = &g->prof[k];
		last = p->nev > 0 ? p->ev[p->nev - 1].off : 0;
		if (db_exec(g->db, "INSERT INTO gen_prof VALUES (?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?)", "isisiiiiii", (long long)k, p->st.status,
		    (long long)p->st.stage_pos, p->st.progress,
		    (long long)(1 + p->nev), (long long)last,
		    (long long)p->slack_min, (long long)p->slack_rng,
		    (long long)p->due, (long long)last) == -1)
			return -1;
		for (i = 0; i < (size_t)p->nev; i++)
			if (db_exec(g->db, "INSERT INTO gen_ev VALUES (?, ?, ?, ?, ?, ?, ?)",
			    "iisisii", (long long)k, (long long)i,
			    p->ev[i].okey != NULL ? "outcome" : "undo",
			    (long long)p->ev[i].pos, p->ev[i].okey,
			    (long long)p->ev[i].undone, (long long)p->ev[i].off) == -1)
				return -1;
		cum += p->weight;
		for (; slot < SLOTS && (long)slot * total < (long)cum * SLOTS; slot++)
			if (db_exec(g->db, "INSERT INTO gen_pick VALUES (?, ?)", "ii",
			    (long long)slot, (long long)k) == -1)
				return -1;
	}
	for (i = 0; i < NFIRST; i++)
		if (db_exec(g->db, "INSERT INTO gen_first VALUES (?, ?, ?)", "iss",
		    (long long)i, firsts[i][0], firsts[i][1]) == -1 ||
		    temp_words(g, "f", (int)i, firsts[i][0]) == -1)
			return -1;
	for (i = 0; i < NLAST; i++)
		if (db_exec(g->db, "INSERT INTO gen_last VALUES (?, ?, ?)", "iss",
		    (long long)i, lasts[i][0], lasts[i][1]) == -1 ||
		    temp_words(g, "l", (int)i, lasts[i][0]) == -1)
			return -1;
	for (i = 0; i < NTITLE; i++)
		if (db_exec(g->db, "INSERT INTO gen_title VALUES (?, ?)", "is",
		    (long long)i, titles[i]) == -1)
			return -1;
	for (i = 0; i < NTOWN; i++)
		if (db_exec(g->db, "INSERT INTO gen_town VALUES (?, ?)", "is",
		    (long long)i, towns[i]) == -1)
			return -1;
	return 0;
}

/* ---- one organisation ---- */

/* The hash of a generated row: CRC32 of "seed/id" (candidates) or
 * "seed/rid" (referrers); every choice is a slice of it. */
#define H_CAND	"CRC32(CONCAT(?, '/', c.id))"
#define H_REF	"CRC32(CONCAT(?, '/r', r.id))"

static const char sql_vacancies[] =
	"INSERT INTO vacancies (id, org_id, site_id, code, title, location,"
	" postcode, description, is_open, created_at)"
	" SELECT s.seq + ?, ?, IF(? = 0, NULL, ? + s.seq % GREATEST(?, 1)),"
	" CONCAT('gv', s.seq + ?), t.title, w.town, '',"
	" CONCAT(t.title, ', ', w.town, '.'), IF(s.seq % 9 = 0, 0, 1),"
	" UTC_TIMESTAMP() - INTERVAL 300 DAY"
	" FROM seq_1_to_1000000 s JOIN gen_title t ON t.i = (s.seq * 7 + ?) % ?"
	" JOIN gen_town w ON w.i = (s.seq + ?) % ? WHERE s.seq <= ?";

static const char sql_referrers[] =
	"INSERT INTO referrers (id, org_id, site_id, code, name, email, phone,"
	" lang, created_at)"
	" SELECT r.id, ?, IF(? = 0, NULL, ? + r.id % GREATEST(?, 1)),"
	" CONCAT('gr', r.id), CONCAT(f.name, ' ', l.name),"
	" CONCAT(f.ascii, '.', l.ascii, '.', r.id, '@staff.test'),"
	" CONCAT('06', LPAD(r.h % 100000000, 8, '0')), ?,"
	" UTC_TIMESTAMP() - INTERVAL 250 DAY"
	" FROM (SELECT s.seq + ? AS id, CRC32(CONCAT(?, '/r', s.seq + ?)) AS h"
	" FROM seq_1_to_1000000 s WHERE s.seq <= ?) r"
	" JOIN gen_first f ON f.i = (r.h DIV 1009) % ?"
	" JOIN gen_last l ON l.i = (r.h DIV 65537) % ?";

/* The EOI: the profile's span plus some slack before now. */
#define EOI "(UTC_TIMESTAMP() - INTERVAL (p.span_min + p.slack_min + (g.h DIV 5) % p.slack_rng) MINUTE)"

static const char sql_candidates[] =
	"INSERT INTO candidates (id, org_id, site_id, vacancy_id, referrer_id,"
	" name, email, phone, postcode, lang, eoi_at, status, stage_pos, progress,"
	" due_at, updated_at, version)"
	" SELECT STRAIGHT_JOIN g.id, ?, v.site_id, v.id, IF(g.h % 20 = 0, NULL, ? + (g.h DIV 7) % ?),"
	" CONCAT(f.name, ' ', l.name),"
	" CONCAT(f.ascii, '.', l.ascii, '.', g.id, '@mail.test'),"
	" CONCAT('06', LPAD((g.h DIV 3) % 100000000, 8, '0')),"
	" CONCAT(1000 + (g.h DIV 11) % 9000, ' ', CHAR(65 + (g.h DIV 13) % 26),"
	" CHAR(65 + (g.h DIV 29) % 26)), ?, " EOI ", p.status, p.stage_pos,"
	" p.progress, IF(p.due_min < 0, NULL, " EOI " + INTERVAL p.due_min MINUTE),"
	" " EOI " + INTERVAL p.last_min MINUTE, p.version"
	" FROM (SELECT s.seq + ? AS id, CRC32(CONCAT(?, '/', s.seq + ?)) AS h"
	" FROM seq_1_to_1000000 s WHERE s.seq <= ?) g"
	" JOIN gen_pick k ON k.slot = g.h % 1000 JOIN gen_prof p ON p.pid = k.pid"
	" JOIN gen_first f ON f.i = (g.h DIV 1009) % ?"
	" JOIN gen_last l ON l.i = (g.h DIV 65537) % ?"
	" JOIN vacancies v ON v.id = ? + (g.h DIV 17) % ?";

static const char sql_events[] =
	"INSERT INTO candidate_events (candidate_id, org_id, kind, milestone_id,"
	" outcome_id, undone, effective_date, user_id, created_at)"
	" SELECT STRAIGHT_JOIN c.id, c.org_id, 'outcome', m.id, o.id, e.undone,"
	" DATE(c.eoi_at + INTERVAL e.off_min MINUTE), ?,"
	" c.eoi_at + INTERVAL e.off_min MINUTE"
	" FROM candidates c JOIN gen_pick k ON k.slot = " H_CAND " % 1000"
	" JOIN gen_ev e ON e.pid = k.pid AND e.kind = 'outcome'"
	" JOIN milestones m ON m.org_id = c.org_id AND m.pos = e.pos"
	" JOIN outcomes o ON o.milestone_id = m.id AND o.okey = e.okey"
	" WHERE c.id BETWEEN ? AND ? ORDER BY c.id, e.k";

/* An undo is the last event of its profile and takes back the one undone. */
static const char sql_undos[] =
	"INSERT INTO candidate_events (candidate_id, org_id, kind, milestone_id,"
	" undoes_id, effective_date, user_id, created_at)"
	" SELECT STRAIGHT_JOIN c.id, c.org_id, 'undo', x.milestone_id, x.id,"
	" DATE(c.eoi_at + INTERVAL e.off_min MINUTE), ?,"
	" c.eoi_at + INTERVAL e.off_min MINUTE"
	" FROM candidates c JOIN gen_pick k ON k.slot = " H_CAND " % 1000"
	" JOIN gen_ev e ON e.pid = k.pid AND e.kind = 'undo'"
	" JOIN candidate_events x ON x.candidate_id = c.id AND x.undone = 1"
	" WHERE c.id BETWEEN ? AND ? ORDER BY c.id";

static const char sql_awards[] =
	"INSERT INTO points_ledger (org_id, referrer_id, candidate_id, event_id,"
	" kind, points, reason, user_id, created_at)"
	" SELECT STRAIGHT_JOIN x.org_id, c.referrer_id, c.id, x.id, 'award', m.points, m.mkey, ?,"
	" x.created_at FROM candidate_events x JOIN candidates c ON c.id = x.candidate_id"
	" JOIN outcomes o ON o.id = x.outcome_id JOIN milestones m ON m.id = x.milestone_id"
	" WHERE x.candidate_id BETWEEN ? AND ? AND x.kind = 'outcome'"
	" AND o.color = 'green' AND m.points > 0 AND c.referrer_id IS NOT NULL";

static const char sql_reversals[] =
	"INSERT INTO points_ledger (org_id, referrer_id, candidate_id, event_id,"
	" kind, points, reason, user_id, created_at)"
	" SELECT STRAIGHT_JOIN x.org_id, c.referrer_id, c.id, x.id, 'reversal', -m.points, m.mkey, ?,"
	" u.created_at FROM candidate_events u JOIN candidate_events x ON x.id = u.undoes_id"
	" JOIN candidates c ON c.id = x.candidate_id"
	" JOIN outcomes o ON o.id = x.outcome_id JOIN milestones m ON m.id = x.milestone_id"
	" WHERE u.candidate_id BETWEEN ? AND ? AND u.kind = 'undo'"
	" AND o.color = 'green' AND m.points > 0 AND c.referrer_id IS NOT NULL";

static const char sql_cand_words_f[] =
	"INSERT IGNORE INTO name_words (org_id, word, kind, ref_id)"
	" SELECT STRAIGHT_JOIN c.org_id, w.word, 'c', c.id FROM candidates c"
	" JOIN gen_words w ON w.part = 'f' AND w.i = (" H_CAND " DIV 1009) % ?"
	" WHERE c.id BETWEEN ? AND ?";
static const char sql_cand_words_l[] =
	"INSERT IGNORE INTO name_words (org_id, word, kind, ref_id)"
	" SELECT STRAIGHT_JOIN c.org_id, w.word, 'c', c.id FROM candidates c"
	" JOIN gen_words w ON w.part = 'l' AND w.i = (" H_CAND " DIV 65537) % ?"
	" WHERE c.id BETWEEN ? AND ?";
static const char sql_ref_words_f[] =
	"INSERT IGNORE INTO name_words (org_id, word, kind, ref_id)"
	" SELECT STRAIGHT_JOIN r.org_id, w.word, 'r', r.id FROM referrers r"
	" JOIN gen_words w ON w.part = 'f' AND w.i = (" H_REF " DIV 1009) % ?"
	" WHERE r.id BETWEEN ? AND ?";
static const char sql_ref_words_l[] =
	"INSERT IGNORE INTO name_words (org_id, word, kind, ref_id)"
	" SELECT STRAIGHT_JOIN r.org_id, w.word, 'r', r.id FROM referrers r"
	" JOIN gen_words w ON w.part = 'l' AND w.i = (" H_REF " DIV 65537) % ?"
	" WHERE r.id BETWEEN ? AND ?";

/* The largest id of a table (whose name is one of a fixed list). */
static long long
max_id(struct gen *g, const char *sql)
{
	struct db_res	 r;

	if (db_query(g->db, g->a, &r, sql, "") == -1 || r.nrows == 0)
		return -1;
	return db_int(&r, 0, 0);
}

/* One organisation of n candidates; large: the benchmark's one, with a user. */
static int
gen_org(struct gen *g, long long n, int large, int num)
{
	const char	*locale = num % 3 == 0 ? "en" : "nl";
	const char	*tz = num % 3 == 0 ? "Europe/London" : "Europe/Amsterdam";
	long long	 org, sid, s0 = 0, v0, r0, c0, nv, nr, ns, i, seed = g->seed;
	long long	 got;
	char		*name;

	name = large ? arena_strdup(g->a, LARGE_NAME) :
	    arena_printf(g->a, "Generated Care %d", num);
	if (org_create(g->db, g->a, name, locale, tz, &org) != 0)
		return -1;
	ns = large ? 6 : (long long)(rnd(g) % 5);	/* 0: no sites */
	for (i = 0; i < ns; i++) {
		if (org_site_create(g->db, org, arena_printf(g->a, "Locatie %lld",
		    i + 1), towns[(num + i) % NTOWN], "", &sid) != 0)
			return -1;
		if (i == 0)
			s0 = sid;
		else if (sid != s0 + i) {
			log_warn("generate: site ids are not consecutive");
			return -1;
		}
	}
	nv = n / 400 < 3 ? 3 : n / 400 > 60 ? 60 : n / 400;
	nr = n / 15 < 5 ? 5 : n / 15 > 3000 ? 3000 : n / 15;
	if ((v0 = max_id(g, "SELECT COALESCE(MAX(id), 0) FROM vacancies")) < 0 ||
	    (r0 = max_id(g, "SELECT COALESCE(MAX(id), 0) FROM referrers")) < 0 ||
	    (c0 = max_id(g, "SELECT COALESCE(MAX(id), 0) FROM candidates")) < 0)
		return -1;
	if (db_exec(g->db, sql_vacancies, "iiiiiiiiiii", v0, org, ns, s0, ns, v0,
	    (long long)num, (long long)NTITLE, (long long)num, (long long)NTOWN,
	    nv) != nv)
		return -1;
	if (db_exec(g->db, sql_referrers, "iiiisiiiiii", org, ns, s0, ns, locale,
	    r0, seed, r0, nr, (long long)NFIRST, (long long)NLAST) != nr)
		return -1;
	got = db_exec(g->db, sql_candidates, "iiisiiiiiiii", org, r0 + 1, nr,
	    locale, c0, seed, c0, n, (long long)NFIRST, (long long)NLAST,
	    v0 + 1, nv);
	if (got != n) {
		log_warn("generate: %lld of %lld candidates inserted", got, n);
		return -1;
	}
	/* The events' user_id is NULL ('n'): nobody in particular. */
	if ((got = db_exec(g->db, sql_events, "niii", seed, c0 + 1, c0 + n)) < 0)
		return -1;
	g->nevents += got;
	if ((got = db_exec(g->db, sql_undos, "niii", seed, c0 + 1, c0 + n)) < 0)
		return -1;
	g->nevents += got;
	if (db_exec(g->db, sql_awards, "nii", c0 + 1, c0 + n) < 0 ||
	    db_exec(g->db, sql_reversals, "nii", c0 + 1, c0 + n) < 0)
		return -1;
	if ((got = db_exec(g->db, sql_cand_words_f, "iiii", seed, (long long)NFIRST,
	    c0 + 1, c0 + n)) < 0)
		return -1;
	g->nwords += got;
	if ((got = db_exec(g->db, sql_cand_words_l, "iiii", seed, (long long)NLAST,
	    c0 + 1, c0 + n)) < 0)
		return -1;
	g->nwords += got;
	if (db_exec(g->db, sql_ref_words_f, "iiii", seed, (long long)NFIRST,
	    r0 + 1, r0 + nr) < 0 ||
	    db_exec(g->db, sql_ref_words_l, "iiii", seed, (long long)NLAST,
	    r0 + 1, r0 + nr) < 0)
		return -1;
	if (large) {
		g->large_id = org;
		g->large_n = n;
	}
	g->ncand += n;
	g->norgs++;
	return 0;
}

/* ---- transactions ---- */

struct batch {
	struct gen	*g;
	long long	 sizes[64];
	int		 large[64];
	int		 num[64];
	int		 n;
};

static int
batch_txn(struct db *db, void *arg)
{
	struct batch	*b = arg;
	int		 i;

	(void)db;
	for (i = 0; i < b->n; i++)
		if (gen_org(b->g, b->sizes[i], b->large[i], b->num[i]) == -1)
			return -1;
	return 0;
}

/* The bench user, outside the batches (argon2 takes a while). */
static int
user_txn(struct db *db, void *arg)
{
	struct gen	*g = arg;

	if (org_user_create(db, g->large_id, GEN_USER_EMAIL, "Bench Admin",
	    "admin", "en", GEN_USER_PASSWORD, &g->user_id) != 0)
		return -1;
	return 0;
}

int
generate_data(struct db *db, long long ncand, unsigned seed, FILE *out)
{
	struct gen	 g;
	struct batch	 b;
	struct arena	 a;
	struct db_res	 r;
	long long	 large, rest, lo, size, t0, left;
	int		 num = 1;
	double		 secs;

	memset(&g, 0, sizeof(g));
	memset(&a, 0, sizeof(a));
	g.db = db;
	g.a = &a;
	g.seed = seed;
	g.rng = seed * 2654435761u + 1;
	if (db_query(db, &a, &r, "SELECT COUNT(*) FROM organisations WHERE name = ?",
	    "s", LARGE_NAME) == -1)
		return -1;
	if (db_int(&r, 0, 0) > 0) {
		fprintf(out, "generate: \"%s\" exists: this database has generated"
		    " data already\n", LARGE_NAME);
		return -1;
	}
	t0 = util_now_us();
	/* The rows are consistent by construction: skip the per-row foreign
	 * key and unique lookups (for this connection only). */
	if (db_exec(db, "SET SESSION foreign_key_checks = 0, unique_checks = 0", "") == -1)
		return -1;
	profiles_make(&g);
	if (temp_fill(&g) == -1)
		return -1;

	/* The large organisation: LARGE_LIVE live candidates when there
	 * are enough, else 70% of them all (so that 10,000 still gives
	 * over 100 pages of 50). */
	large = (long long)(LARGE_LIVE / g.live_frac) + 1;
	if (large > ncand * 7 / 10)
		large = ncand * 7 / 10;
	memset(&b, 0, sizeof(b));
	b.g = &g;
	b.sizes[0] = large;
	b.large[0] = 1;
	b.num[0] = 0;
	b.n = 1;
	if (db_txn(db, batch_txn, &b) < 0)
		return -1;
	arena_reset(&a);
	if (db_txn(db, user_txn, &g) < 0)
		return -1;

	/* The rest in organisations of lo to 7 lo candidates, about
	 * BATCH candidates per transaction. */
	rest = ncand - large;
	lo = ncand / 2000 < 50 ? 50 : ncand / 2000 > 500 ? 500 : ncand / 2000;
	while (rest > 0) {
		memset(&b, 0, sizeof(b));
		b.g = &g;
		for (left = BATCH; rest > 0 && left > 0 && b.n < 64; b.n++) {
			size = lo + (long long)(rnd(&g) % (unsigned)(6 * lo + 1));
			if (size > rest || rest - size < lo)
				size = rest;
			b.sizes[b.n] = size;
			b.num[b.n] = num++;
			rest -= size;
			left -= size;
		}
		if (db_txn(db, batch_txn, &b) < 0)
			return -1;
		arena_reset(&a);
	}
	if (db_exec(db, "SET SESSION foreign_key_checks = 1, unique_checks = 1", "") == -1)
		return -1;
	secs = (double)(util_now_us() - t0) / 1e6;
	fprintf(out, "generated %lld candidates (%lld events, %lld name words) in"
	    " %lld organisations in %.1f s: %.0f candidates/s\n", g.ncand,
	    g.nevents, g.nwords, g.norgs, secs, secs > 0 ? g.ncand / secs : 0.0);
	fprintf(out, "large organisation: \"%s\" (id %lld), %lld candidates, about"
	    " %.0f%% live; sign in as %s / %s\n", LARGE_NAME, g.large_id, g.large_n,
	    100.0 * g.live_frac, GEN_USER_EMAIL, GEN_USER_PASSWORD);
	arena_free(&a);
	return 0;
}
