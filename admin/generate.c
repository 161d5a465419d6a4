/* generate.c: bulk data for benchmarks: many organisations, one large (refportal-admin generate) */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cand.h"
#include "db.h"
#include "generate.h"
#include "names.h"
#include "org.h"
#include "util.h"

/*
 * How it is fast: the database makes the rows.  Small temporary tables
 * hold candidate profiles (the events of one path through the milestones
 * and the state org_state_derive() gives them, made here in C), first
 * and last names with their search words, job titles and towns, and one
 * row per organisation (made here, with its sites and milestones).  Each
 * table is then loaded by one INSERT ... SELECT (per batch of about BATCH
 * candidates' organisations), over MariaDB's sequence tables (see
 * PER_ORG), every row's choices taken from CRC32(seed/id) (see
 * gen_loads); into a fresh database of at least
 * KEYS_OFF_MIN candidates, without the secondary indexes, which are
 * built after by sorting (see gen_keys).  Ids are given explicitly (the
 * largest id + n), so that the other loads can recompute a candidate's
 * profile, name and referrer from its id instead of reading its row.
 * So the loads run on two connections at once (the machine's two
 * cores): this one loads vacancies, referrers and candidates and builds
 * the candidates' indexes, a worker thread with a connection of its own
 * loads the events and ledger, and the first of the two done loads the
 * name words (see generate_data).  The SQL is constant text; the run's
 * numbers are bound parameters or come from the one-row table gen_run.
 */

#define NMS		6		/* default milestones */
#define MINUTE		1L
#define HOUR		(60 * MINUTE)
#define DAY		(24 * HOUR)
#define SLOTS		1000		/* gen_pick: profile by CRC32 % SLOTS */
#define MAX_EV		16
#define MAX_PROF	64
#define UNDO_AFTER	(2 * HOUR)	/* an undo after the mistake it takes back */
#define LARGE_LIVE	50000		/* live candidates of the large organisation */
#define ORG_ROWS_MAX	(1024 * 128)	/* rows of one organisation: see PER_ORG */
#define BATCH		2000000		/* candidates per load statement (about),
					 * and the most whose indexes are built
					 * after (one batch: see gen_loads) */
#define KEYS_OFF_MIN	100000		/* candidates: fewest for building indexes after
					 * (below, DDL costs what it saves) */
#define KEYS_TABLES	8		/* most rows of gen_keys */
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

/* What the affected rows of a load count (gen_loads). */
enum gen_count {
	GC_NONE,
	GC_EVENTS,
	GC_WORDS,
	GC__MAX
};

/* A row of gen_org (see sql_temp), kept here as well: each connection
 * fills its own temporary gen_org from these (orgs_fill). */
struct gorg {
	long long	 num, batch, org;
	const char	*lang;		/* a constant string */
	long long	 ns, s0, nv, v0, nr, r0, n, c0;
};

/*
 * What the two connections share (see generate_data): the worker tells
 * when its loads of events and ledger are done, either tells when it has
 * failed, the first done with its loads takes the name words.  Guarded
 * by mu; cv signalled on every change.  built[] is not: each connection
 * writes and reads only the entries of the tables it builds.
 */
struct gen_shared {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 loads_done;
	int		 failed;
	int		 words_taken;	/* gen_take_words */
	int		 built[KEYS_TABLES];	/* gen_keys[i] built again (keys_build) */
};

struct gen {
	struct db	*db;
	struct arena	*a;
	struct gen_shared *sh;
	const struct conf *cf;
	char		 t_now[32];	/* the run's "now", the same for both */
	struct gorg	*orgs;		/* norg rows, xrealloc'd; freed by generate_data */
	size_t		 norg, org_cap;
	unsigned	 seed;
	unsigned	 rng;
	struct gprof	 prof[MAX_PROF];
	int		 nprof;
	double		 live_frac;
	long long	 want, large;		/* candidates: all, the large org's */
	long long	 v_base, r_base, c_base; /* the largest ids before */
	long long	 v_next, r_next, c_next; /* the last ids given */
	long long	 ncand, norgs, nbatch, batch_n;
	long long	 count[GC__MAX];
	size_t		 keys_off;		/* gen_keys[0 ... keys_off) dropped */
	long long	 large_id, large_n, user_id;
	int		 verbose;		/* phase timings to stderr */
	const char	*who;			/* "main" or "worker" */
	long long	 cur_batch;
	long long	 t0;			/* util_now_us() at the start */
	long long	 t_mark;		/* util_now_us() at the last phase */
	int		 rc;			/* the worker's: 0 or -1 */
};

/*
 * With verbose: when the phase since the last one ended (seconds since
 * the start), which connection ran it and how long it took, to stderr.
 */
static void
gen_phase(struct gen *g, const char *what, long long b)
{
	long long	 now;
	char		 name[64];

	if (!g->verbose)
		return;
	now = util_now_us();
	if (b > 0)
		snprintf(name, sizeof(name), "batch %lld %s", b, what);
	else
		snprintf(name, sizeof(name), "%s", what);
	fprintf(stderr, "generate: %7.3f %-6s %-24s %7.3f s\n",
	    (double)(now - g->t0) / 1e6, g->who, name,
	    (double)(now - g->t_mark) / 1e6);
	g->t_mark = now;
}

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
			t += UNDO_AFTER;
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

/*
 * The session's MEMORY tables may grow past the default 16 MB (gen_mo
 * holds a row per outcome of every generated organisation: 100 MB at
 * 100,000,000 candidates); they are sized when created, so this comes
 * first.
 */
static const char *const sql_temp[] = {
	"SET SESSION max_heap_table_size = 536870912",
	"CREATE TEMPORARY TABLE gen_prof (pid INT PRIMARY KEY, status VARCHAR(10),"
	" stage_pos INT, progress VARCHAR(16), version INT, span_min INT,"
	" slack_min INT, slack_rng INT, due_min INT, last_min INT,"
	" slot_lo INT, slot_hi INT) ENGINE=MEMORY",
	/* The outcome events of each profile, in order (an undo follows
	 * each undone one, made from it: see sql_undos). */
	"CREATE TEMPORARY TABLE gen_ev (pid INT, k INT, pos INT,"
	" okey VARCHAR(40) CHARACTER SET ascii, undone INT, off_min INT,"
	" PRIMARY KEY USING BTREE (pid, k)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_pick (slot INT PRIMARY KEY, pid INT) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_first (i INT PRIMARY KEY, name VARCHAR(100),"
	" ascii VARCHAR(100)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_last (i INT PRIMARY KEY, name VARCHAR(100),"
	" ascii VARCHAR(100)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_words (part CHAR(1), i INT,"
	" word VARCHAR(40) COLLATE utf8mb4_unicode_ci,"
	" PRIMARY KEY USING BTREE (part, i, word)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_title (i INT PRIMARY KEY, title VARCHAR(100)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_town (i INT PRIMARY KEY, town VARCHAR(100)) ENGINE=MEMORY",
	/* The search words of each first and last name pair, without
	 * repeats in name_words' collation (a repeat would be a duplicate
	 * key, see gen_loads). */
	"CREATE TEMPORARY TABLE gen_pw (fi INT, li INT,"
	" word VARCHAR(40) COLLATE utf8mb4_unicode_ci,"
	" PRIMARY KEY USING BTREE (fi, li, word)) ENGINE=MEMORY",
	/* One row per organisation: its batch (see sql_batch), sizes and
	 * the id before its first vacancy (v0), referrer (r0) and candidate
	 * (c0). */
	"CREATE TEMPORARY TABLE gen_org (num INT PRIMARY KEY, batch INT, org BIGINT,"
	" lang CHAR(2), ns INT, s0 BIGINT, nv INT, v0 BIGINT, nr INT, r0 BIGINT,"
	" n INT, c0 BIGINT, KEY (batch), KEY (org)) ENGINE=MEMORY",
	/* The milestone and outcome ids of each organisation, and which
	 * outcomes earn points. */
	"CREATE TEMPORARY TABLE gen_mo (org BIGINT, pos INT,"
	" okey VARCHAR(40) CHARACTER SET ascii, mid BIGINT, oid BIGINT,"
	" PRIMARY KEY (org, pos, okey)) ENGINE=MEMORY",
	"CREATE TEMPORARY TABLE gen_award (oid BIGINT PRIMARY KEY, points INT,"
	" mkey VARCHAR(40) CHARACTER SET ascii) ENGINE=MEMORY",
	/* The run: one row, so that the loads need no parameters (the
	 * optimiser reads it as constants): the batch loaded, its first
	 * and last candidate ids, its last vacancy and referrer ids and an
	 * organisation of it; e_lo, u_lo and l_lo are its first event, undo
	 * and ledger ids, set as it goes. */
	"CREATE TEMPORARY TABLE gen_run (one INT PRIMARY KEY, seed BIGINT,"
	" t_now DATETIME, nfirst INT, nlast INT, ntitle INT, ntown INT,"
	" undo_min INT, batch INT, c_lo BIGINT, c_hi BIGINT, v_hi BIGINT,"
	" r_hi BIGINT, an_org BIGINT, e_lo BIGINT, u_lo BIGINT, l_lo BIGINT)"
	" ENGINE=MEMORY",
};

static int
temp_words(struct gen *g, const char *part, int i, const char *name)
{
	char	*w[NAMES_MAX_WORDS];
	size_t	 n, k;

	n = names_split(g->a, name, w, NAMES_MAX_WORDS);
	for (k = 0; k < n; k++)
		if (db_exec(g->db, "INSERT IGNORE INTO gen_words (part, i, word)"
		    " VALUES (?, ?, ?)", "sis", part, (long long)i, w[k]) == -1)
			return -1;
	return 0;
}

/* Every pair's words: the first name's, then the last name's new ones. */
static const char *const sql_pairs[] = {
	"INSERT IGNORE INTO gen_pw (fi, li, word) SELECT w.i, l.i, w.word"
	" FROM gen_words w JOIN gen_last l WHERE w.part = 'f'",
	"INSERT IGNORE INTO gen_pw (fi, li, word) SELECT f.i, w.i, w.word"
	" FROM gen_words w JOIN gen_first f WHERE w.part = 'l'",
};

/* Each profile's slots (one statement: 1,000 would take a while). */
static const char sql_pick[] =
	"INSERT INTO gen_pick (slot, pid) SELECT s.seq, p.pid FROM gen_prof p"
	" JOIN seq_0_to_999 s ON s.seq >= p.slot_lo AND s.seq < p.slot_hi";

static int
temp_fill(struct gen *g)
{
	struct gprof	*p;
	size_t		 i;
	int		 k, slot, lo, total = 0, cum = 0;
	long		 last;

	for (i = 0; i < sizeof(sql_temp) / sizeof(sql_temp[0]); i++)
		if (db_exec(g->db, sql_temp[i], "") == -1)
			return -1;
	for (k = 0; k < g->nprof; k++)
		total += g->prof[k].weight;
	for (k = 0, slot = 0; k < g->nprof; k++) {
		p = &g->prof[k];
		last = p->nev > 0 ? p->ev[p->nev - 1].off : 0;
		/* Its slots of gen_pick: [lo, slot). */
		lo = slot;
		cum += p->weight;
		for (; slot < SLOTS && (long)slot * total < (long)cum * SLOTS; slot++)
			;
		if (db_exec(g->db, "INSERT INTO gen_prof VALUES (?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?)", "isisiiiiiiii", (long long)k, p->st.status,
		    (long long)p->st.stage_pos, p->st.progress,
		    (long long)(1 + p->nev), (long long)last,
		    (long long)p->slack_min, (long long)p->slack_rng,
		    (long long)p->due, (long long)last, (long long)lo,
		    (long long)slot) == -1)
			return -1;
		for (i = 0; i < (size_t)p->nev; i++)
			if (p->ev[i].okey != NULL && db_exec(g->db,
			    "INSERT INTO gen_ev VALUES (?, ?, ?, ?, ?, ?)", "iiisii",
			    (long long)k, (long long)i, (long long)p->ev[i].pos,
			    p->ev[i].okey, (long long)p->ev[i].undone,
			    (long long)p->ev[i].off) == -1)
				return -1;
	}
	if (db_exec(g->db, sql_pick, "") == -1)
		return -1;
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
	for (i = 0; i < sizeof(sql_pairs) / sizeof(sql_pairs[0]); i++)
		if (db_exec(g->db, sql_pairs[i], "") == -1)
			return -1;
	return 0;
}

/* ---- the organisations ---- */

/* The number a query of one row and column gives (its SQL is constant). */
static long long
query_int(struct gen *g, const char *sql)
{
	struct db_res	 r;

	if (db_query(g->db, g->a, &r, sql, "") == -1 || r.nrows == 0)
		return -1;
	return db_int(&r, 0, 0);
}

/*
 * One organisation of n candidates, its sites and its row of gen_org;
 * large: the benchmark's one.  Its vacancies, referrers and candidates
 * get the ids after g->v_next, g->r_next and g->c_next; it goes into
 * the current batch, or starts the next when that has BATCH candidates.
 */
static int
gen_org(struct gen *g, long long n, int large, int num)
{
	const char	*locale = num % 3 == 0 ? "en" : "nl";
	const char	*tz = num % 3 == 0 ? "Europe/London" : "Europe/Amsterdam";
	long long	 org, sid, s0 = 0, nv, nr, ns, i;
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
	if (n + nr > ORG_ROWS_MAX) {
		log_warn("generate: %lld candidates and referrers in one"
		    " organisation, more than %d", n + nr, ORG_ROWS_MAX);
		return -1;
	}
	if (g->nbatch == 0 || g->batch_n >= BATCH) {
		g->nbatch++;
		g->batch_n = 0;
	}
	g->batch_n += n;
	if (g->norg == g->org_cap) {
		g->org_cap = g->org_cap == 0 ? 256 : 2 * g->org_cap;
		g->orgs = xrealloc(g->orgs, g->org_cap * sizeof(g->orgs[0]));
	}
	g->orgs[g->norg++] = (struct gorg){ num, g->nbatch, org, locale, ns,
	    s0, nv, g->v_next, nr, g->r_next, n, g->c_next };
	g->v_next += nv;
	g->r_next += nr;
	g->c_next += n;
	if (large) {
		g->large_id = org;
		g->large_n = n;
	}
	g->ncand += n;
	g->norgs++;
	return 0;
}

/*
 * All the organisations, in one transaction: the large one, then the
 * rest in organisations of lo to 7 lo candidates.  A retry starts over.
 */
static int
orgs_txn(struct db *db, void *arg)
{
	struct gen	*g = arg;
	long long	 rest, lo, size;
	int		 num = 1;

	(void)db;
	g->norg = 0;
	g->rng = g->seed * 2654435761u + 1;
	g->v_next = g->v_base;
	g->r_next = g->r_base;
	g->c_next = g->c_base;
	g->ncand = g->norgs = g->nbatch = 0;
	if (gen_org(g, g->large, 1, 0) == -1)
		return -1;
	rest = g->want - g->large;
	lo = g->want / 2000 < 50 ? 50 : g->want / 2000 > 500 ? 500 : g->want / 2000;
	while (rest > 0) {
		size = lo + (long long)(rnd(g) % (unsigned)(6 * lo + 1));
		if (size > rest || rest - size < lo)
			size = rest;
		if (gen_org(g, size, 0, num++) == -1)
			return -1;
		rest -= size;
		arena_reset(g->a);
	}
	return 0;
}

/* The session's gen_org from g->orgs; 0 or -1 (logged). */
static int
orgs_fill(struct gen *g)
{
	const struct gorg	*o;
	size_t			 i;

	for (i = 0; i < g->norg; i++) {
		o = &g->orgs[i];
		if (db_exec(g->db, "INSERT INTO gen_org VALUES (?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?, ?)", "iiisiiiiiiii", o->num, o->batch,
		    o->org, o->lang, o->ns, o->s0, o->nv, o->v0, o->nr, o->r0,
		    o->n, o->c0) != 1)
			return -1;
	}
	return 0;
}

/*
 * The large organisation's size: exactly LARGE_LIVE live candidates
 * (counted as its first ids will be given: c_base + 1, ...) when there
 * are enough, else 70% of them all (so that 10,000 still gives over 100
 * pages of 50).  Sets g->large; returns 0 or -1.
 */
static int
large_size(struct gen *g)
{
	struct db_res	 r;
	long long	 cap = g->want * 7 / 10;

	/* About LARGE_LIVE live ones, from the profiles' weights. */
	g->large = (long long)(LARGE_LIVE / g->live_frac) + 1;
	if (g->large >= cap) {
		g->large = cap;
		return 0;
	}
	if (db_query(g->db, g->a, &r, "SELECT COUNT(*), COALESCE(MAX(x.seq), 0)"
	    " FROM (SELECT s.seq FROM seq_1_to_1000000 s"
	    " JOIN gen_pick k ON k.slot = CRC32(CONCAT(?, '/', ? + s.seq)) % 1000"
	    " JOIN gen_prof p ON p.pid = k.pid WHERE p.status <> 'archived'"
	    " ORDER BY s.seq LIMIT ?) x", "iii", (long long)g->seed, g->c_base,
	    (long long)LARGE_LIVE) == -1 || r.nrows != 1)
		return -1;
	if (db_int(&r, 0, 0) == LARGE_LIVE && db_int(&r, 0, 1) <= cap)
		g->large = db_int(&r, 0, 1);
	return 0;
}

/* The bench user, outside the load (argon2 takes a while). */
static int
user_txn(struct db *db, void *arg)
{
	struct gen	*g = arg;

	if (org_user_create(db, g->large_id, GEN_USER_EMAIL, "Bench Admin",
	    "admin", "en", GEN_USER_PASSWORD, &g->user_id) != 0)
		return -1;
	return 0;
}

/* ---- the indexes ---- */

/*
 * On a fresh database (no candidates, events or name words yet) the
 * loads go into these tables without their secondary indexes, which are
 * built after, by sorting (ALTER TABLE ... ADD KEY): keeping the 12 of
 * candidates up to date row by row costs twice as much.  The definitions
 * here must be those of sql/: have is what information_schema says of a
 * table's secondary indexes (sql_keys_have), checked before they are
 * dropped and after they are built again; when a migration has changed
 * them, they stay and the load is just slower.  One ALTER builds all of
 * a table's indexes (the 12 of candidates take about 9 s at 1,000,000,
 * as long as in several ALTERs, and leave keys_alter fewer ends to
 * retry).  when says which connection builds them, and when (see
 * generate_data).
 */
enum gen_when {
	KEYS_AFTER_WORKER,	/* the main connection, after the worker's
				 * loads of events and ledger */
	KEYS_WORDS,		/* the connection that loaded the name words,
				 * after them */
	KEYS_AFTER_MAIN		/* the main connection, after its loads */
};

struct gen_keys {
	const char	*table;
	const char	*have;
	const char	*drop;
	const char	*add;
	enum gen_when	 when;
};

static const struct gen_keys gen_keys[] = {
	{ "candidates",
	  "cand_org_email(org_id,email) cand_org_listed_eoi(org_id,listed,eoi_at,id)"
	  " cand_org_listed_name(org_id,listed,name,id)"
	  " cand_org_listed_updated(org_id,listed,updated_at,id)"
	  " cand_org_site_listed_updated(org_id,site_id,listed,updated_at,id)"
	  " cand_org_site_status_updated(org_id,site_id,status,updated_at,id)"
	  " cand_org_status_eoi(org_id,status,eoi_at,id)"
	  " cand_org_status_name(org_id,status,name,id)"
	  " cand_org_status_updated(org_id,status,updated_at,id)"
	  " cand_referrer_listed(referrer_id,listed,id) cand_site_fk(site_id)"
	  " cand_vacancy_email(vacancy_id,email)",
	  "ALTER TABLE candidates DROP KEY cand_org_email, DROP KEY cand_org_listed_eoi,"
	  " DROP KEY cand_org_listed_name, DROP KEY cand_org_listed_updated,"
	  " DROP KEY cand_org_site_listed_updated, DROP KEY cand_org_site_status_updated,"
	  " DROP KEY cand_org_status_eoi, DROP KEY cand_org_status_name,"
	  " DROP KEY cand_org_status_updated, DROP KEY cand_referrer_listed,"
	  " DROP KEY cand_site_fk, DROP KEY cand_vacancy_email",
	  "ALTER TABLE candidates"
	  " ADD KEY cand_org_status_updated (org_id, status, updated_at, id),"
	  " ADD KEY cand_org_status_name (org_id, status, name, id),"
	  " ADD KEY cand_org_status_eoi (org_id, status, eoi_at, id),"
	  " ADD KEY cand_org_site_status_updated (org_id, site_id, status, updated_at, id),"
	  " ADD KEY cand_referrer_listed (referrer_id, listed, id),"
	  " ADD KEY cand_site_fk (site_id), ADD KEY cand_org_email (org_id, email),"
	  " ADD KEY cand_vacancy_email (vacancy_id, email),"
	  " ADD KEY cand_org_listed_updated (org_id, listed, updated_at, id),"
	  " ADD KEY cand_org_listed_name (org_id, listed, name, id),"
	  " ADD KEY cand_org_listed_eoi (org_id, listed, eoi_at, id),"
	  " ADD KEY cand_org_site_listed_updated (org_id, site_id, listed, updated_at, id)",
	  KEYS_AFTER_MAIN },
	{ "candidate_events",
	  "events_candidate(candidate_id,id) events_milestone_fk(milestone_id)"
	  " events_outcome_fk(outcome_id)",
	  "ALTER TABLE candidate_events DROP KEY events_candidate,"
	  " DROP KEY events_milestone_fk, DROP KEY events_outcome_fk",
	  "ALTER TABLE candidate_events ADD KEY events_candidate (candidate_id, id),"
	  " ADD KEY events_milestone_fk (milestone_id), ADD KEY events_outcome_fk (outcome_id)",
	  KEYS_AFTER_WORKER },
	{ "name_words",
	  "name_words_ref(kind,ref_id)",
	  "ALTER TABLE name_words DROP KEY name_words_ref",
	  "ALTER TABLE name_words ADD KEY name_words_ref (kind, ref_id)",
	  KEYS_WORDS },
	{ "points_ledger",
	  "ledger_event_kind!(event_id,kind) ledger_referrer(referrer_id,id)",
	  "ALTER TABLE points_ledger DROP KEY ledger_event_kind, DROP KEY ledger_referrer",
	  "ALTER TABLE points_ledger ADD UNIQUE KEY ledger_event_kind (event_id, kind),"
	  " ADD KEY ledger_referrer (referrer_id, id)",
	  KEYS_AFTER_WORKER },
};

#define NKEYS	(sizeof(gen_keys) / sizeof(gen_keys[0]))

/* gen_shared.built has a place for each. */
typedef char gen_keys_fit[NKEYS <= KEYS_TABLES ? 1 : -1];

/* A table's secondary indexes as "name(col,col) ...", ! after a unique
 * one's name, /n after a prefix's column, - after a descending one. */
static const char sql_keys_have[] =
	"SELECT GROUP_CONCAT(k ORDER BY k SEPARATOR ' ') FROM (SELECT"
	" CONCAT(index_name, IF(non_unique = 0, '!', ''), '(', GROUP_CONCAT(column_name,"
	" IFNULL(CONCAT('/', sub_part), ''), IF(collation = 'D', '-', '')"
	" ORDER BY seq_in_index), ')') AS k FROM information_schema.statistics"
	" WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY'"
	" GROUP BY index_name, non_unique) x";

/* Empty: no row in any of the tables of gen_keys. */
static const char sql_keys_empty[] =
	"SELECT NOT EXISTS (SELECT 1 FROM candidates) AND NOT EXISTS"
	" (SELECT 1 FROM candidate_events) AND NOT EXISTS (SELECT 1 FROM name_words)"
	" AND NOT EXISTS (SELECT 1 FROM points_ledger)";

/* 1 when the indexes of k are what it says, 0 when not, -1 on error. */
static int
keys_known(struct gen *g, const struct gen_keys *k)
{
	struct db_res	 r;
	const char	*have;

	if (db_query(g->db, g->a, &r, sql_keys_have, "s", k->table) == -1)
		return -1;
	have = r.nrows > 0 ? db_val(&r, 0, 0) : NULL;
	return have != NULL && strcmp(have, k->have) == 0;
}

/*
 * Drop the secondary indexes of the tables of gen_keys when they are
 * empty, there are at most BATCH candidates to load and every index
 * is one gen_keys knows; sets g->keys_off.  Returns 0, or -1 (logged).
 */
static int
keys_off(struct gen *g)
{
	size_t	 i;
	int	 known;

	if (g->want > BATCH || g->want < KEYS_OFF_MIN ||
	    query_int(g, sql_keys_empty) != 1)
		return 0;
	for (i = 0; i < NKEYS; i++) {
		if ((known = keys_known(g, &gen_keys[i])) == -1)
			return -1;
		if (!known) {
			log_warn("generate: the indexes of %s are not those"
			    " admin/generate.c knows: loading with them (slower)",
			    gen_keys[i].table);
			return 0;
		}
	}
	for (i = 0; i < NKEYS; i++) {
		if (db_exec(g->db, gen_keys[i].drop, "") == -1)
			return -1;
		g->keys_off = i + 1;
	}
	return 0;
}

/*
 * One ALTER of gen_keys.  While the other connection loads, an ALTER
 * of candidates has failed with a deadlock (1213) at its end (2 of 7
 * runs of 1,000,000 when the candidates' keys took 4 ALTERs, none in 11
 * since they take one; likely on InnoDB's persistent statistics of the
 * tables next to it, which the statistics thread updates as the loads
 * go); so a deadlock or lock wait timeout (1205) tries it again,
 * up to 5 times; a duplicate key name (1061) then says that the failed
 * one had built them after all.  Returns 0, or -1 (logged).
 */
static int
keys_alter(struct gen *g, const char *sql)
{
	int	 try;

	for (try = 1; ; try++) {
		if (db_exec(g->db, sql, "") != -1)
			return 0;
		if (try > 1 && db_errno(g->db) == 1061)
			return 0;
		if (try == 5 || (db_errno(g->db) != 1213 &&
		    db_errno(g->db) != 1205))
			return -1;
		log_warn("generate: building the indexes again (%d)", try);
	}
}

/*
 * Build the indexes of gen_keys[i] that keys_off() dropped, and check
 * that they are those of sql/ again; sets built[i] (after a failure as
 * well: it is not tried twice).  Returns 0, or -1 (logged).
 */
static int
keys_build(struct gen *g, size_t i, int *built)
{
	const struct gen_keys	*k = &gen_keys[i];
	int			 rc = 0;

	if (i >= g->keys_off || built[i])
		return 0;
	built[i] = 1;
	if (keys_alter(g, k->add) == -1)
		rc = -1;
	else
		gen_phase(g, k->table, 0);
	if (keys_known(g, k) != 1) {
		log_warn("generate: %s has lost indexes: drop this database",
		    k->table);
		rc = -1;
	}
	return rc;
}

/*
 * Build the indexes keys_off() dropped of the tables whose when is
 * when, or of all (-1, after a failure: a table without its indexes is
 * worse than a slow one).  Returns 0, or -1 (logged).
 */
static int
keys_on(struct gen *g, int when, int *built)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < g->keys_off; i++)
		if ((when == -1 || (int)gen_keys[i].when == when) &&
		    keys_build(g, i, built) == -1)
			rc = -1;
	return rc;
}

/* ---- the load ---- */

/* What the organisations need from the small tables. */
static const char *const sql_maps[] = {
	"INSERT INTO gen_mo (org, pos, okey, mid, oid)"
	" SELECT m.org_id, m.pos, o.okey, m.id, o.id FROM gen_org g"
	" JOIN milestones m ON m.org_id = g.org JOIN outcomes o ON o.milestone_id = m.id",
	"INSERT INTO gen_award (oid, points, mkey)"
	" SELECT o.id, m.points, m.mkey FROM gen_org g"
	" JOIN milestones m ON m.org_id = g.org JOIN outcomes o ON o.milestone_id = m.id"
	" WHERE o.color = 'green' AND m.points > 0",
};

/*
 * The rows of each organisation, numbered SEQ = 1, 2, ... within it:
 * two small sequences, so that each organisation's range is found by a
 * short scan (a range over one sequence per gen_org row is not: the
 * optimiser scans all of it for each).  At most ORG_ROWS_MAX rows.
 * Every choice is a slice of the CRC32 of "seed/id" (candidates) or
 * "seed/rid" (referrers).
 */
#define PER_ORG(count) \
	" FROM gen_run r STRAIGHT_JOIN gen_org o ON o.batch = r.batch" \
	" STRAIGHT_JOIN seq_0_to_1023 hi ON hi.seq * 128 < o." count \
	" STRAIGHT_JOIN seq_0_to_127 lo ON hi.seq * 128 + lo.seq < o." count
#define SEQ	"(hi.seq * 128 + lo.seq + 1)"

static const char sql_vacancies[] =
	"INSERT INTO vacancies (id, org_id, site_id, code, title, location,"
	" postcode, description, is_open, created_at)"
	" SELECT STRAIGHT_JOIN o.v0 + " SEQ ", o.org,"
	" IF(o.ns = 0, NULL, o.s0 + " SEQ " % GREATEST(o.ns, 1)),"
	" CONCAT('gv', o.v0 + " SEQ "), t.title, w.town, '',"
	" CONCAT(t.title, ', ', w.town, '.'), IF(" SEQ " % 9 = 0, 0, 1),"
	" r.t_now - INTERVAL 300 DAY"
	PER_ORG("nv")
	" JOIN gen_title t ON t.i = (" SEQ " * 7 + o.num) % r.ntitle"
	" JOIN gen_town w ON w.i = (" SEQ " + o.num) % r.ntown";

#define RID	"(o.r0 + " SEQ ")"
#define H_REF	"CRC32(CONCAT(r.seed, '/r', " RID "))"

static const char sql_referrers[] =
	"INSERT INTO referrers (id, org_id, site_id, code, name, email, phone,"
	" lang, created_at)"
	" SELECT STRAIGHT_JOIN " RID ", o.org,"
	" IF(o.ns = 0, NULL, o.s0 + " RID " % GREATEST(o.ns, 1)),"
	" CONCAT('gr', " RID "), CONCAT(f.name, ' ', l.name),"
	" CONCAT(f.ascii, '.', l.ascii, '.', " RID ", '@staff.test'),"
	" CONCAT('06', LPAD(" H_REF " % 100000000, 8, '0')), o.lang,"
	" r.t_now - INTERVAL 250 DAY"
	PER_ORG("nr")
	" JOIN gen_first f ON f.i = (" H_REF " DIV 1009) % r.nfirst"
	" JOIN gen_last l ON l.i = (" H_REF " DIV 65537) % r.nlast";

#define CID	"(o.c0 + " SEQ ")"
#define H_CAND	"CRC32(CONCAT(r.seed, '/', " CID "))"
/* The vacancy's number within its organisation (1 ... nv). */
#define VNUM	"(1 + (" H_CAND " DIV 17) % o.nv)"
/* The EOI: the profile's span plus some slack before now; AFTER_EOI(m)
 * m minutes after it, in one step. */
#define AFTER_EOI(m) "(r.t_now - INTERVAL (p.span_min + p.slack_min - (" m \
		") + CAST((" H_CAND " DIV 5) % p.slack_rng AS SIGNED)) MINUTE)"
#define EOI	AFTER_EOI("0")

/*
 * The candidate's site is its vacancy's (as sql_vacancies gives it);
 * listed is what sql/007 says the writes set (none is deleted here).
 */
static const char sql_candidates[] =
	"INSERT INTO candidates (id, org_id, site_id, vacancy_id, referrer_id,"
	" name, email, phone, postcode, lang, eoi_at, status, listed, stage_pos,"
	" progress, due_at, updated_at, version)"
	" SELECT STRAIGHT_JOIN " CID ", o.org,"
	" IF(o.ns = 0, NULL, o.s0 + " VNUM " % GREATEST(o.ns, 1)), o.v0 + " VNUM ","
	" IF(" H_CAND " % 20 = 0, NULL, o.r0 + 1 + (" H_CAND " DIV 7) % o.nr),"
	" CONCAT(f.name, ' ', l.name),"
	" CONCAT(f.ascii, '.', l.ascii, '.', " CID ", '@mail.test'),"
	" CONCAT('06', LPAD((" H_CAND " DIV 3) % 100000000, 8, '0')),"
	" CONCAT(1000 + (" H_CAND " DIV 11) % 9000, ' ', CHAR(65 + (" H_CAND " DIV 13) % 26),"
	" CHAR(65 + (" H_CAND " DIV 29) % 26)), o.lang, " EOI ", p.status,"
	" IF(p.status = 'archived', 'a', 'l'), p.stage_pos,"
	" p.progress, IF(p.due_min < 0, NULL, " AFTER_EOI("p.due_min") "),"
	" " AFTER_EOI("p.last_min") ", p.version"
	PER_ORG("n")
	" JOIN gen_pick k ON k.slot = " H_CAND " % 1000 JOIN gen_prof p ON p.pid = k.pid"
	" JOIN gen_first f ON f.i = (" H_CAND " DIV 1009) % r.nfirst"
	" JOIN gen_last l ON l.i = (" H_CAND " DIV 65537) % r.nlast";

/*
 * The outcome events, in the order of their candidates and then of
 * their profile (the nested loops give them so, and so their ids).
 * Made as sql_candidates makes the candidates (the same EOI), not from
 * their rows: the worker connection loads them while the main one loads
 * the candidates and builds their indexes.
 */
static const char sql_events[] =
	"INSERT INTO candidate_events (candidate_id, org_id, kind, milestone_id,"
	" outcome_id, undone, effective_date, user_id, created_at)"
	" SELECT STRAIGHT_JOIN " CID ", o.org, 'outcome', m.mid, m.oid, e.undone,"
	" DATE(" AFTER_EOI("e.off_min") "), NULL, " AFTER_EOI("e.off_min")
	PER_ORG("n")
	" JOIN gen_pick k ON k.slot = " H_CAND " % 1000 JOIN gen_prof p ON p.pid = k.pid"
	" JOIN gen_ev e ON e.pid = k.pid"
	" JOIN gen_mo m ON m.org = o.org AND m.pos = e.pos AND m.okey = e.okey";

/* An undo is the last event of its profile: UNDO_AFTER after the one it
 * takes back. */
static const char sql_undos[] =
	"INSERT INTO candidate_events (candidate_id, org_id, kind, milestone_id,"
	" undoes_id, effective_date, user_id, created_at)"
	" SELECT x.candidate_id, x.org_id, 'undo', x.milestone_id, x.id,"
	" DATE(x.created_at + INTERVAL r.undo_min MINUTE), NULL,"
	" x.created_at + INTERVAL r.undo_min MINUTE"
	" FROM gen_run r STRAIGHT_JOIN candidate_events x"
	" ON x.id >= r.e_lo AND x.id < r.u_lo WHERE x.undone = 1";

/* The candidate's referrer as sql_candidates gives it (from the event x
 * and its organisation o), when H_X % 20 is not 0. */
#define H_X	"CRC32(CONCAT(r.seed, '/', x.candidate_id))"
#define REF_X	"(o.r0 + 1 + (" H_X " DIV 7) % o.nr)"

static const char sql_awards[] =
	"INSERT INTO points_ledger (org_id, referrer_id, candidate_id, event_id,"
	" kind, points, reason, user_id, created_at)"
	" SELECT STRAIGHT_JOIN x.org_id, " REF_X ", x.candidate_id, x.id, 'award',"
	" a.points, a.mkey, NULL, x.created_at"
	" FROM gen_run r STRAIGHT_JOIN candidate_events x"
	" ON x.id >= r.e_lo AND x.id < r.u_lo"
	" JOIN gen_award a ON a.oid = x.outcome_id"
	" JOIN gen_org o ON o.org = x.org_id WHERE " H_X " % 20 <> 0";

static const char sql_reversals[] =
	"INSERT INTO points_ledger (org_id, referrer_id, candidate_id, event_id,"
	" kind, points, reason, user_id, created_at)"
	" SELECT STRAIGHT_JOIN x.org_id, " REF_X ", x.candidate_id, x.id, 'reversal',"
	" -a.points, a.mkey, NULL, u.created_at"
	" FROM gen_run r STRAIGHT_JOIN candidate_events u ON u.id >= r.u_lo"
	" JOIN candidate_events x ON x.id = u.undoes_id"
	" JOIN gen_award a ON a.oid = x.outcome_id"
	" JOIN gen_org o ON o.org = x.org_id"
	" WHERE u.kind = 'undo' AND " H_X " % 20 <> 0";

/* The words of every candidate's (SEQ up to n) and referrer's name. */
#define W_CAND	"(" SEQ " <= o.n)"
#define W_ID	"IF(" W_CAND ", o.c0 + " SEQ ", o.r0 + " SEQ " - o.n)"
#define H_WORD	"CRC32(CONCAT(r.seed, IF(" W_CAND ", '/', '/r'), " W_ID "))"

/* listed: a candidate's words take its list, as sql_candidates gives it
 * (sql/008); a referrer's hold 'l'. */
static const char sql_words[] =
	"INSERT INTO name_words (org_id, word, kind, listed, ref_id)"
	" SELECT STRAIGHT_JOIN o.org, w.word, IF(" W_CAND ", 'c', 'r'),"
	" IF(p.status = 'archived', 'a', 'l'), " W_ID
	PER_ORG("n + o.nr")
	" LEFT JOIN gen_pick k ON " W_CAND " AND k.slot = " H_CAND " % 1000"
	" LEFT JOIN gen_prof p ON p.pid = k.pid"
	" JOIN gen_pw w ON w.fi = (" H_WORD " DIV 1009) % r.nfirst"
	" AND w.li = (" H_WORD " DIV 65537) % r.nlast";

/*
 * The loads of one batch of organisations (about BATCH candidates, so
 * up to that many all of them), in order, each its own transaction.  The
 * first batch goes into the empty tables of a fresh database, with
 * unique and foreign key checks off: InnoDB then sorts its rows and
 * writes the table at the end of the statement (MariaDB 10.6+), the
 * cheaper for the name words, whose primary key is not in the order of
 * the load; so one batch, one statement, loads all of a fresh
 * database's rows that way.  There, a duplicate key loses the whole
 * statement's rows without an error (MariaDB 10.11), so check says
 * whether the rows are there.  mark sets the first id of what follows,
 * first.  The loads of the main connection and of the worker touch
 * different tables, and none reads another's: so the two run at once.
 * The name words go last, all to whichever connection is done with its
 * loads first (see gen_take_words), which then builds their index while
 * the other builds the rest: so both end at about the same time.
 */
enum gen_who {
	GEN_MAIN,			/* the main connection */
	GEN_WORKER,			/* the worker */
	GEN_WORDS			/* either, after the others */
};

struct gen_load {
	const char	*what;
	const char	*mark;		/* UPDATE gen_run before, or NULL */
	const char	*sql;
	const char	*check;		/* 1 when the rows are there, or NULL */
	enum gen_count	 count;		/* what the affected rows count */
	enum gen_who	 who;		/* which connection: see generate_data */
};

static const struct gen_load gen_loads[] = {
	{ "vacancies", NULL, sql_vacancies,
	  "SELECT COUNT(*) FROM gen_run r JOIN vacancies v ON v.id = r.v_hi",
	  GC_NONE, GEN_MAIN },
	{ "referrers", NULL, sql_referrers,
	  "SELECT COUNT(*) FROM gen_run r JOIN referrers f ON f.id = r.r_hi",
	  GC_NONE, GEN_MAIN },
	{ "candidates", NULL, sql_candidates,
	  "SELECT COUNT(*) FROM gen_run r JOIN candidates c ON c.id = r.c_hi",
	  GC_NONE, GEN_MAIN },
	{ "name words", NULL, sql_words,
	  "SELECT EXISTS (SELECT 1 FROM gen_run r JOIN name_words w ON w.org_id = r.an_org)",
	  GC_WORDS, GEN_WORDS },
	{ "events",
	  "UPDATE gen_run SET e_lo = (SELECT COALESCE(MAX(id), 0) + 1 FROM candidate_events)",
	  sql_events,
	  "SELECT EXISTS (SELECT 1 FROM gen_run r JOIN candidate_events x ON x.id >= r.e_lo)",
	  GC_EVENTS, GEN_WORKER },
	/* Not the first load of candidate_events: no check. */
	{ "undos",
	  "UPDATE gen_run SET u_lo = (SELECT COALESCE(MAX(id), 0) + 1 FROM candidate_events)",
	  sql_undos, NULL, GC_EVENTS, GEN_WORKER },
	{ "awards",
	  "UPDATE gen_run SET l_lo = (SELECT COALESCE(MAX(id), 0) + 1 FROM points_ledger)",
	  sql_awards,
	  "SELECT EXISTS (SELECT 1 FROM gen_run r JOIN points_ledger l ON l.id >= r.l_lo)",
	  GC_NONE, GEN_WORKER },
	{ "reversals", NULL, sql_reversals, NULL, GC_NONE, GEN_WORKER },
};

/* The ranges of batch ? (twice) into gen_run. */
static const char sql_batch[] =
	"UPDATE gen_run r JOIN (SELECT MIN(c0) + 1 AS c_lo, MAX(c0 + n) AS c_hi,"
	" MAX(v0 + nv) AS v_hi, MAX(r0 + nr) AS r_hi, MAX(org) AS an_org"
	" FROM gen_org WHERE batch = ?) b SET r.batch = ?, r.c_lo = b.c_lo,"
	" r.c_hi = b.c_hi, r.v_hi = b.v_hi, r.r_hi = b.r_hi, r.an_org = b.an_org";

#define NLOADS	(sizeof(gen_loads) / sizeof(gen_loads[0]))

struct gen_step {
	const struct gen_load	*l;
	long long		 got;
};

static int
load_txn(struct db *db, void *arg)
{
	struct gen_step	*s = arg;

	if (s->l->mark != NULL && db_exec(db, s->l->mark, "") == -1)
		return -1;
	if ((s->got = db_exec(db, s->l->sql, "")) < 0)
		return -1;
	return 0;
}

/* Run one load and check that its rows are there; 0 or -1 (logged). */
static int
gen_load(struct gen *g, const struct gen_load *l)
{
	struct gen_step	 s;

	s.l = l;
	s.got = 0;
	if (db_txn(g->db, load_txn, &s) < 0) {
		log_warn("generate: loading the %s failed", l->what);
		return -1;
	}
	if (l->check != NULL && s.got > 0 && query_int(g, l->check) != 1) {
		log_warn("generate: the %lld %s inserted are not there (a duplicate"
		    " key in a bulk insert?)", s.got, l->what);
		return -1;
	}
	g->count[l->count] += s.got;
	gen_phase(g, l->what, g->cur_batch);
	return 0;
}

/* Whether either connection has failed (and so the other should stop). */
static int
gen_failed(struct gen_shared *sh)
{
	int	 f;

	pthread_mutex_lock(&sh->mu);
	f = sh->failed;
	pthread_mutex_unlock(&sh->mu);
	return f;
}

/* Tell the other connection: failed, or (done) the worker's loads of events
 * and ledger are done. */
static void
gen_post(struct gen_shared *sh, int failed, int done)
{
	pthread_mutex_lock(&sh->mu);
	if (failed)
		sh->failed = 1;
	if (done)
		sh->loads_done = 1;
	pthread_cond_broadcast(&sh->cv);
	pthread_mutex_unlock(&sh->mu);
}

/* Wait until the worker's loads of events and ledger are done; 0, or -1
 * when either failed. */
static int
gen_wait_loads(struct gen_shared *sh)
{
	int	 rc;

	pthread_mutex_lock(&sh->mu);
	while (!sh->loads_done && !sh->failed)
		pthread_cond_wait(&sh->cv, &sh->mu);
	rc = sh->failed ? -1 : 0;
	pthread_mutex_unlock(&sh->mu);
	return rc;
}

/*
 * The loads of gen_loads that connection who runs, batch by batch.
 * Stops when the other connection fails.  Returns 0, or -1 (logged).
 */
static int
gen_loads_run(struct gen *g, enum gen_who who)
{
	long long	 b;
	size_t		 i;

	for (b = 1; b <= g->nbatch; b++) {
		g->cur_batch = b;
		if (db_exec(g->db, sql_batch, "ii", b, b) != 1)
			return -1;
		for (i = 0; i < NLOADS; i++) {
			if (gen_loads[i].who != who)
				continue;
			if (gen_failed(g->sh) || gen_load(g, &gen_loads[i]) == -1)
				return -1;
		}
	}
	return 0;
}

/*
 * Whether this connection, done with its loads, takes the name words:
 * the first to ask does, unless either has failed.
 */
static int
gen_take_words(struct gen_shared *sh)
{
	int	 take;

	pthread_mutex_lock(&sh->mu);
	take = !sh->words_taken && !sh->failed;
	sh->words_taken = 1;
	pthread_mutex_unlock(&sh->mu);
	return take;
}

/*
 * The name words, when this connection takes them (gen_take_words), and
 * their index.  Returns 0, or -1 (logged).
 */
static int
gen_words(struct gen *g)
{
	if (!gen_take_words(g->sh))
		return 0;
	if (gen_loads_run(g, GEN_WORDS) == -1 ||
	    keys_on(g, KEYS_WORDS, g->sh->built) == -1)
		return -1;
	return 0;
}

/*
 * What each connection needs first: the session's settings and its
 * temporary tables.  The rows are consistent by construction: skip the
 * per-row foreign key and unique lookups (for this connection only).
 * No join buffers: the loads are nested loops, which keep the order of
 * their outer rows (the events' ids follow it).  0 or -1 (logged).
 */
static int
gen_session(struct gen *g)
{
	if (db_exec(g->db, "SET SESSION foreign_key_checks = 0, unique_checks = 0,"
	    " join_cache_level = 0, group_concat_max_len = 65536", "") == -1)
		return -1;
	return temp_fill(g);
}

/* Then, once the organisations are made: gen_org, the run (its "now"
 * the same on both connections), gen_mo and gen_award.  0 or -1. */
static int
gen_session_run(struct gen *g)
{
	size_t	 i;

	if (orgs_fill(g) == -1)
		return -1;
	if (db_exec(g->db, "INSERT INTO gen_run VALUES (1, ?, ?, ?, ?, ?, ?,"
	    " ?, 0, 0, 0, 0, 0, 0, 0, 0, 0)", "isiiiii", (long long)g->seed,
	    g->t_now, (long long)NFIRST, (long long)NLAST, (long long)NTITLE,
	    (long long)NTOWN, (long long)UNDO_AFTER) != 1)
		return -1;
	for (i = 0; i < sizeof(sql_maps) / sizeof(sql_maps[0]); i++)
		if (db_exec(g->db, sql_maps[i], "") == -1)
			return -1;
	return 0;
}

/*
 * The worker: a second connection of its own (temporary tables are per
 * session, so it makes its own), which loads the events and ledger
 * while the main connection loads the candidates (the machine's other
 * core), then the name words when it is done first (gen_words).  arg is
 * a copy of the main struct gen; its rc says how it went.
 */
static void *
gen_worker(void *arg)
{
	struct gen	*w = arg;
	struct arena	 a;
	char		 err[256];
	int		 rc = -1;

	memset(&a, 0, sizeof(a));
	w->a = &a;
	if ((w->db = db_open(w->cf, err, sizeof(err))) == NULL) {
		log_warn("generate: a second connection: %s", err);
		goto out;
	}
	if (gen_session(w) == -1 || gen_session_run(w) == -1)
		goto out;
	gen_phase(w, "session", 0);
	if (gen_loads_run(w, GEN_WORKER) == -1)
		goto out;
	gen_post(w->sh, 0, 1);
	if (gen_words(w) == 0)
		rc = 0;
out:
	gen_post(w->sh, rc == -1, 1);
	if (w->db != NULL)
		db_close(w->db);
	w->db = NULL;
	db_thread_end();
	arena_free(&a);
	w->rc = rc;
	return NULL;
}

int
generate_data(struct db *db, const struct conf *cf, long long ncand,
    unsigned seed, int verbose, FILE *out)
{
	struct gen		 g, w;
	struct gen_shared	 sh;
	struct arena		 a;
	struct db_res		 r;
	pthread_t		 tid;
	long long		 t0;
	size_t			 i;
	double			 secs;
	int			 rc = -1, failed = 0;

	t0 = util_now_us();
	memset(&g, 0, sizeof(g));
	memset(&a, 0, sizeof(a));
	memset(&sh, 0, sizeof(sh));
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.cv, NULL);
	g.db = db;
	g.a = &a;
	g.sh = &sh;
	g.cf = cf;
	g.seed = seed;
	g.want = ncand;
	g.verbose = verbose;
	g.who = "main";
	g.t0 = g.t_mark = t0;
	if (db_query(db, &a, &r, "SELECT COUNT(*), UTC_TIMESTAMP() FROM organisations"
	    " WHERE name = ?", "s", LARGE_NAME) == -1 || r.nrows != 1)
		goto out;
	if (db_int(&r, 0, 0) > 0) {
		fprintf(out, "generate: \"%s\" exists: this database has generated"
		    " data already\n", LARGE_NAME);
		goto out;
	}
	snprintf(g.t_now, sizeof(g.t_now), "%s", db_val(&r, 0, 1));
	profiles_make(&g);
	if (gen_session(&g) == -1)
		goto out;
	gen_phase(&g, "temp tables", 0);

	/* The organisations, their sites, milestones and rows of gen_org,
	 * the bench user, the run. */
	if ((g.v_base = query_int(&g, "SELECT COALESCE(MAX(id), 0) FROM vacancies")) < 0 ||
	    (g.r_base = query_int(&g, "SELECT COALESCE(MAX(id), 0) FROM referrers")) < 0 ||
	    (g.c_base = query_int(&g, "SELECT COALESCE(MAX(id), 0) FROM candidates")) < 0 ||
	    large_size(&g) == -1)
		goto out;
	gen_phase(&g, "large size", 0);
	if (db_txn(db, orgs_txn, &g) < 0)
		goto out;
	arena_reset(&a);
	gen_phase(&g, "organisations", 0);
	if (db_txn(db, user_txn, &g) < 0)
		goto out;
	gen_phase(&g, "user", 0);
	if (gen_session_run(&g) == -1)
		goto out;
	gen_phase(&g, "maps", 0);

	/*
	 * The load, between dropping and building the indexes (whatever
	 * happens in between): this connection loads the vacancies,
	 * referrers and candidates, builds the candidates' indexes and
	 * counts them, while the worker loads the events and ledger; the
	 * first done loads the name words and builds their index
	 * (gen_words); this one builds those of candidate_events and
	 * points_ledger once the worker has loaded them.
	 */
	if (keys_off(&g) == -1) {
		keys_on(&g, -1, sh.built);
		goto out;
	}
	gen_phase(&g, "keys off", 0);
	w = g;
	w.db = NULL;
	w.who = "worker";
	memset(w.count, 0, sizeof(w.count));
	if (pthread_create(&tid, NULL, gen_worker, &w) != 0) {
		log_warn("generate: cannot start the worker thread");
		keys_on(&g, -1, sh.built);
		goto out;
	}
	if (gen_loads_run(&g, GEN_MAIN) == -1 ||
	    keys_on(&g, KEYS_AFTER_MAIN, sh.built) == -1 ||
	    cand_counts_rebuild(db, 0) == -1)
		failed = 1;
	else {
		gen_phase(&g, "counters", 0);
		if (gen_words(&g) == -1 || gen_wait_loads(&sh) == -1 ||
		    keys_on(&g, KEYS_AFTER_WORKER, sh.built) == -1)
			failed = 1;
	}
	if (failed)
		gen_post(&sh, 1, 0);
	pthread_join(tid, NULL);
	for (i = 0; i < GC__MAX; i++)
		g.count[i] += w.count[i];
	/* After a failure, whatever indexes are not built yet. */
	if (failed || w.rc == -1) {
		keys_on(&g, -1, sh.built);
		goto out;
	}

	secs = (double)(util_now_us() - t0) / 1e6;
	fprintf(out, "generated %lld candidates (%lld events, %lld name words) in"
	    " %lld organisations in %.1f s: %.0f candidates/s\n", g.ncand,
	    g.count[GC_EVENTS], g.count[GC_WORDS], g.norgs, secs,
	    secs > 0 ? g.ncand / secs : 0.0);
	fprintf(out, "large organisation: \"%s\" (id %lld), %lld candidates, about"
	    " %.0f%% live; sign in as %s / %s\n", LARGE_NAME, g.large_id, g.large_n,
	    100.0 * g.live_frac, GEN_USER_EMAIL, GEN_USER_PASSWORD);
	rc = 0;
out:
	if (db_exec(db, "SET SESSION foreign_key_checks = 1, unique_checks = 1,"
	    " join_cache_level = DEFAULT, group_concat_max_len = DEFAULT,"
	    " max_heap_table_size = DEFAULT", "") == -1)
		rc = -1;
	pthread_cond_destroy(&sh.cv);
	pthread_mutex_destroy(&sh.mu);
	free(g.orgs);
	arena_free(&a);
	return rc;
}
