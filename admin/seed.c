/* seed.c: the demo organisations of DESIGN.md 4.2, every candidate state included */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "cand.h"
#include "db.h"
#include "names.h"
#include "org.h"
#include "util.h"
#include "seed.h"

#define DEMO_PASSWORD	"refportal-demo"
#define NMS		6		/* default milestones */
#define MAX_EVENTS	24		/* per candidate */
#define MAX_CANDS	128		/* per organisation */
#define NREFERRERS	15
#define MINUTE		60
#define HOUR		(60 * MINUTE)
#define DAY		(24 * HOUR)

/* ---- fixed data ---- */

struct seed_site {
	const char	*name;
	const char	*town;
	const char	*postcode;
};

struct seed_user {
	const char	*email;
	const char	*name;
	const char	*role;
	int		 site;		/* index of the only site, -1 all */
};

struct seed_vac {
	const char	*title;
	int		 site;
	int		 open;
};

struct seed_orgdef {
	const char		*name;
	const char		*locale;
	const char		*tz;
	uint64_t		 seed;
	int			 uk;		/* phone and postcode style */
	const char		*cand_domain;	/* candidates' email domain */
	const char		*staff_domain;	/* referrers' email domain */
	struct seed_site	 sites[3];
	size_t			 nsites;
	struct seed_user	 users[2];
	size_t			 nusers;
	struct seed_vac		 vacs[8];
	const char		*desc[4];	/* around title, site and town */
	const char *const	*first;
	const char *const	*last;
	const char *const	*postcodes;	/* NL: 4 digits; UK: outward codes */
	const char *const	*cand_notes;
	const char *const	*notes[4];	/* by enum org_color */
	const char		*bonus_reason;
};

static const char *const nl_first[] = {
	"Anna", "Sanne", "Fleur", "Lotte", "Daan", "Sem", "Noah", "Emma",
	"Julia", "Mila", "Sophie", "Tess", "Lieke", "Iris", "Femke", "Kim",
	"Ilse", "Mohamed", "Fatima", "Yasmina", "Priya", "Bram", "Ruben",
	"Jesse", "Joyce", "Naomi", "Esra", "Ayşe", "Zoë", "Chloë", "Jeroen",
	"Marieke", "Annemiek", "Wendy", "Linda", "Ingrid", "Sandra", "Monique",
	"Esther", "Hanneke", "Kees", "Willem", "Thijs", "Lars", "Noor", "Sara",
	"Rachid", "Samira", "Dewi", "Jasper", "Roos", "Maud", "Eva", NULL
};
static const char *const nl_last[] = {
	"de Vries", "van der Berg", "van Dijk", "Bakker", "Janssen", "Smit",
	"Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
	"Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
	"Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
	"de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
	"van den Broek", "de Bruijn", "de Jong", "Yılmaz", "El Amrani",
	"Öztürk", "Kramer", "Schouten", "Prins", "Hoekstra", "van Wijk",
	"Postma", "Koster", "Willems", "Verhoeven", NULL
};
static const char *const nl_postcodes[] = {
	"3511", "3512", "3521", "3531", "3552", "3581", "3584", "3701", "3705",
	"3707", "3811", "3813", "3818", "3824", "3731", "3971", NULL
};
static const char *const nl_cand_notes[] = {
	"Ik werk nu in de thuiszorg en zoek iets dichter bij huis.",
	"Ik ben in juni klaar met mijn opleiding.",
	"Liefst avond- en weekenddiensten.",
	"Bel me gerust na 16:00 uur.",
	"Ik heb al een geldige VOG.", NULL
};
static const char *const nl_green[] = {
	"Telefonisch gesproken, enthousiast.", "Alles rond.",
	"Referenties zijn goed.", "Klikt goed met het team.", NULL
};
static const char *const nl_orange[] = {
	"Voicemail ingesproken.", "Wacht op de VOG.",
	"Belt volgende week terug.", NULL
};
static const char *const nl_red[] = {
	"Heeft elders getekend.", "Geen BIG-registratie.",
	"Niet verschenen, twee keer gebeld.", NULL
};

static const char *const uk_first[] = {
	"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Mia",
	"Poppy", "Ella", "Jack", "Oliver", "Harry", "George", "Charlie",
	"Jacob", "Thomas", "James", "William", "Joshua", "Chloe", "Jessica",
	"Lucy", "Megan", "Hannah", "Priya", "Aisha", "Fatima", "Mohammed",
	"Siobhan", "Niamh", "Ciara", "Rhys", "Dylan", "Bethany", "Kerry",
	"Donna", "Tracey", "Karen", "Gareth", "Callum", "Zainab", "Chidi",
	"Ngozi", "Wiktoria", "Ana-Maria", NULL
};
static const char *const uk_last[] = {
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
	"Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White",
	"Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
	"Khan", "Hussain", "Ahmed", "O'Brien", "McDonald", "Hughes", "Edwards",
	"Turner", "Lewis", "Harris", "Martin", "Cooper", "Hill", "Ward",
	"Morris", "Moore", "Okafor", "Kowalska", "Nowak", "Sutcliffe",
	"Ackroyd", "Halliwell", "Fairbairn", NULL
};
static const char *const uk_postcodes[] = {
	"LS6", "LS4", "LS5", "LS7", "LS16", "LS17", "LS12", "LS2", "HG1",
	"HG2", "HG3", "HG5", "LS21", "BD17", NULL
};
static const char *const uk_cand_notes[] = {
	"Currently working in domiciliary care, looking for something closer to home.",
	"I finish my NVQ Level 3 in June.",
	"Prefer night shifts.",
	"Please call after 4pm.",
	"I already have an enhanced DBS on the update service.", NULL
};
static const char *const uk_green[] = {
	"Spoke on the phone, keen to start.", "All sorted.",
	"References came back fine.", "Got on well with the team.", NULL
};
static const char *const uk_orange[] = {
	"Left a voicemail.", "Waiting for the DBS check.",
	"Will call back next week.", NULL
};
static const char *const uk_red[] = {
	"Has taken another job.", "No right to work in the UK.",
	"Did not turn up, called twice.", NULL
};

static const struct seed_orgdef seed_orgs[] = {
	{
		.name = "Zorggroep De Linde", .locale = "nl",
		.tz = "Europe/Amsterdam", .seed = 0x4c696e6465ULL, .uk = 0,
		.cand_domain = "example.nl", .staff_domain = "delinde.test",
		.sites = {
			{ "Huize Eikenhof", "Utrecht", "3581 KP" },
			{ "De Lindehof", "Amersfoort", "3818 EX" },
			{ "Zorgcentrum Het Baken", "Zeist", "3701 CH" },
		},
		.nsites = 3,
		.users = {
			{ "admin@delinde.test", "Anneke Visser", "admin", -1 },
			{ "planner@delinde.test", "Marloes Verbeek", "recruiter", 0 },
		},
		.nusers = 2,
		.vacs = {
			{ "Verzorgende IG", 0, 1 },
			{ "Helpende Plus", 0, 1 },
			{ "Wijkverpleegkundige", 0, 1 },
			{ "Verpleegkundige niveau 4", 1, 1 },
			{ "Verzorgende IG nachtdienst", 1, 1 },
			{ "Medewerker Welzijn", 1, 1 },
			{ "Helpende Zorg en Welzijn", 2, 1 },
			{ "Teamleider Zorg", 2, 0 },
		},
		.desc = { "", " gezocht voor ", " in ", ". Je werkt in een "
		    "betrokken team, 16 tot 32 uur per week, salaris volgens "
		    "de cao VVT." },
		.first = nl_first, .last = nl_last, .postcodes = nl_postcodes,
		.cand_notes = nl_cand_notes,
		.notes = { NULL, nl_green, nl_orange, nl_red },
		.bonus_reason = "Bonus: vijf aanmeldingen dit jaar",
	},
	{
		.name = "Meadowbank Care", .locale = "en",
		.tz = "Europe/London", .seed = 0x4d6561646f77ULL, .uk = 1,
		.cand_domain = "example.co.uk", .staff_domain = "meadowbank.test",
		.sites = {
			{ "Meadowbank House", "Leeds", "LS6 2QR" },
			{ "Oakfield Lodge", "Harrogate", "HG1 5LT" },
		},
		.nsites = 2,
		.users = {
			{ "admin@meadowbank.test", "Sarah Whitfield", "admin", -1 },
		},
		.nusers = 1,
		.vacs = {
			{ "Care Assistant", 0, 1 },
			{ "Senior Carer", 0, 1 },
			{ "Night Care Worker", 0, 1 },
			{ "Registered Nurse (RGN)", 0, 1 },
			{ "Care Assistant", 1, 1 },
			{ "Senior Carer", 1, 1 },
			{ "Activities Coordinator", 1, 1 },
			{ "Deputy Manager", 1, 0 },
		},
		.desc = { "We are looking for a ", " to join the team at ", ", ",
		    ". Full and part-time hours, paid training and enhanced "
		    "weekend rates." },
		.first = uk_first, .last = uk_last, .postcodes = uk_postcodes,
		.cand_notes = uk_cand_notes,
		.notes = { NULL, uk_green, uk_orange, uk_red },
		.bonus_reason = "Bonus: five referrals this year",
	},
};

/*
 * The states every organisation gets: colour of the current milestone's
 * latest outcome (ORG_NONE action, ORG_ORANGE waiting, ORG_RED archived)
 * at stage, or stage 7 for complete.  mistake (the first candidate of a
 * plan only): 1 a red outcome set and undone, 2 a green outcome with
 * points set and undone.
 */
static const struct seed_plan {
	enum org_color	 last;
	int		 stage;
	int		 count;
	int		 mistake;
} seed_plans[] = {
	{ ORG_NONE, 1, 12, 0 },		/* first 4 new, the rest overdue */
	{ ORG_NONE, 2, 3, 1 },
	{ ORG_NONE, 3, 3, 2 },
	{ ORG_NONE, 4, 3, 0 },
	{ ORG_NONE, 5, 3, 2 },
	{ ORG_NONE, 6, 3, 0 },
	{ ORG_ORANGE, 1, 3, 0 },
	{ ORG_ORANGE, 2, 2, 0 },
	{ ORG_ORANGE, 3, 2, 0 },
	{ ORG_ORANGE, 4, 3, 0 },
	{ ORG_ORANGE, 5, 2, 0 },
	{ ORG_ORANGE, 6, 2, 0 },
	{ ORG_RED, 1, 4, 0 },
	{ ORG_RED, 2, 2, 0 },
	{ ORG_RED, 3, 3, 0 },
	{ ORG_RED, 4, 2, 0 },
	{ ORG_RED, 5, 1, 0 },
	{ ORG_RED, 6, 2, 0 },
	{ 0, 7, 6, 0 },
};
#define SEED_NEW	4	/* action at contact with an EOI of the last hours */
#define SEED_DOUBLES	5	/* people who register a second time */

/* ---- generator state ---- */

struct seed_event {
	int		 pos;		/* milestone pos */
	const char	*okey;		/* NULL for an undo */
	enum org_color	 color;
	long		 at;		/* seconds after the EOI */
	int		 undone;
	int		 undo_of;	/* index of the undone event, -1 */
	const char	*note;
	long long	 id;
};

struct seed_cand {
	char		*name;
	char		*email;
	char		*phone;
	char		*postcode;
	const char	*note;
	const char	*lang;
	int		 vac;
	int		 ref;
	time_t		 eoi;
	struct seed_event ev[MAX_EVENTS];
	int		 nev;
};

struct seed_ctx {
	const struct seed_orgdef *def;
	struct arena	*a;
	FILE		*out;
	uint64_t	 rng;
	time_t		 now;
	long long	 org_id;
	long long	 site_id[3];
	long long	 user_id[2];
	long long	 vac_id[8];
	long long	 ref_id[NREFERRERS];
	char		*ref_name[NREFERRERS];
	long long	 ms_id[NMS + 1];	/* by pos */
	int		 ms_points[NMS + 1];
	struct seed_cand cand[MAX_CANDS];
	int		 ncand;
	char		*used[MAX_CANDS + NREFERRERS];
	int		 nused;
	int		 counts[4];		/* action waiting archived complete */
	long long	 points;
};

/* splitmix64: small, good enough, the same everywhere. */
static uint64_t
rnd(struct seed_ctx *c)
{
	uint64_t z = (c->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number from lo to hi inclusive. */
static long
rnd_range(struct seed_ctx *c, long lo, long hi)
{
	return hi <= lo ? lo : lo + (long)(rnd(c) % (uint64_t)(hi - lo + 1));
}

/* 1 with a probability of pct percent. */
static int
rnd_pct(struct seed_ctx *c, int pct)
{
	return (int)(rnd(c) % 100) < pct;
}

static size_t
list_len(const char *const *l)
{
	size_t n = 0;

	while (l[n] != NULL)
		n++;
	return n;
}

static const char *
rnd_pick(struct seed_ctx *c, const char *const *l)
{
	return l[rnd(c) % list_len(l)];
}

/* "YYYY-MM-DD HH:MM:SS" (UTC) in the arena. */
static char *
fmt_time(struct seed_ctx *c, time_t t)
{
	struct tm tm;
	char *s = arena_alloc(c->a, 20);

	gmtime_r(&t, &tm);
	strftime(s, 20, "%Y-%m-%d %H:%M:%S", &tm);
	return s;
}

static char *
fmt_date(struct seed_ctx *c, time_t t)
{
	struct tm tm;
	char *s = arena_alloc(c->a, 11);

	gmtime_r(&t, &tm);
	strftime(s, 11, "%Y-%m-%d", &tm);
	return s;
}

/* A code for a URL: 8 characters without look-alikes. */
static char *
rnd_code(struct seed_ctx *c)
{
	static const char set[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char *s = arena_alloc(c->a, 9);
	int i;

	for (i = 0; i < 8; i++)
		s[i] = set[rnd(c) % (sizeof(set) - 1)];
	s[8] = '\0';
	return s;
}

/* A full name nobody else in this organisation has yet. */
static char *
rnd_name(struct seed_ctx *c)
{
	char *n;
	int i, tries;

	for (tries = 0; ; tries++) {
		n = arena_printf(c->a, "%s %s", rnd_pick(c, c->def->first),
		    rnd_pick(c, c->def->last));
		for (i = 0; i < c->nused; i++)
			if (strcmp(c->used[i], n) == 0)
				break;
		if (i == c->nused || tries > 1000)
			break;
	}
	if (c->nused < (int)(sizeof(c->used) / sizeof(c->used[0])))
		c->used[c->nused++] = n;
	return n;
}

/* The ASCII local part of an email address for a name: "Zoë de Vries"
 * becomes "zoe.de.vries". */
static char *
email_local(struct seed_ctx *c, const char *name)
{
	static const struct {
		const char *utf8, *ascii;
	} tr[] = {
		{ "ë", "e" }, { "é", "e" }, { "ş", "s" }, { "ı", "i" },
		{ "ö", "o" }, { "Ö", "o" }, { "ü", "u" }, { "ï", "i" },
	};
	char *out = arena_alloc(c->a, strlen(name) + 1), *p = out;
	const char *s = name;
	size_t i;

	while (*s != '\0') {
		for (i = 0; i < sizeof(tr) / sizeof(tr[0]); i++)
			if (strncmp(s, tr[i].utf8, strlen(tr[i].utf8)) == 0)
				break;
		if (i < sizeof(tr) / sizeof(tr[0])) {
			*p++ = tr[i].ascii[0];
			s += strlen(tr[i].utf8);
			continue;
		}
		if (*s == ' ')
			*p++ = '.';
		else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-')
			*p++ = *s;
		else if (*s >= 'A' && *s <= 'Z')
			*p++ = (char)(*s - 'A' + 'a');
		s++;
	}
	*p = '\0';
	return out;
}

static char *
rnd_phone(struct seed_ctx *c)
{
	if (c->def->uk)
		return arena_printf(c->a, "07700 900%03ld", rnd_range(c, 0, 999));
	return arena_printf(c->a, "+31 6 %04ld %04ld", rnd_range(c, 1000, 9999),
	    rnd_range(c, 0, 9999));
}

static char *
rnd_postcode(struct seed_ctx *c)
{
	static const char nl_letters[] = "ABCEGHJKLMNPRTVWXZ";
	static const char uk_letters[] = "ABDEFGHJLNPQRSTUWXYZ";
	const char *pre = rnd_pick(c, c->def->postcodes);

	if (c->def->uk)
		return arena_printf(c->a, "%s %ld%c%c", pre, rnd_range(c, 1, 9),
		    uk_letters[rnd(c) % (sizeof(uk_letters) - 1)],
		    uk_letters[rnd(c) % (sizeof(uk_letters) - 1)]);
	return arena_printf(c->a, "%s %c%c", pre,
	    nl_letters[rnd(c) % (sizeof(nl_letters) - 1)],
	    nl_letters[rnd(c) % (sizeof(nl_letters) - 1)]);
}

/* ---- events ---- */

/* The first outcome key of a colour at a milestone, or a random one. */
static const char *
outcome_key(struct seed_ctx *c, int pos, enum org_color color, int any)
{
	const struct org_milestone_def *m = &org_default_milestones[pos - 1];
	const char *const *keys = color == ORG_GREEN ? m->green :
	    color == ORG_ORANGE ? m->orange : m->red;

	return any ? rnd_pick(c, keys) : keys[0];
}

static void
ev_add(struct seed_ctx *c, struct seed_cand *k, int pos, enum org_color color,
    long at, int any)
{
	struct seed_event *e = &k->ev[k->nev++];

	memset(e, 0, sizeof(*e));
	e->pos = pos;
	e->color = color;
	e->okey = outcome_key(c, pos, color, any);
	e->at = at;
	e->undo_of = -1;
	if (rnd_pct(c, 40))
		e->note = rnd_pick(c, c->def->notes[color]);
}

/* Set an outcome at at and take it back a little later. */
static long
ev_mistake(struct seed_ctx *c, struct seed_cand *k, int pos,
    enum org_color color, long at)
{
	struct seed_event *e;
	int undone;

	ev_add(c, k, pos, color, at, 1);
	undone = k->nev - 1;
	k->ev[undone].undone = 1;
	k->ev[undone].note = NULL;
	at += rnd_range(c, 3 * MINUTE, 40 * MINUTE);
	e = &k->ev[k->nev++];
	memset(e, 0, sizeof(*e));
	e->pos = pos;
	e->at = at;
	e->undo_of = undone;
	return at;
}

/* Seconds from the previous outcome to a milestone's outcome. */
static long
gap(struct seed_ctx *c, int pos)
{
	static const long lo[] = { 0, 2 * HOUR, 4 * HOUR, 2 * DAY, 1 * DAY, 7 * DAY };
	static const long hi[] = { 0, 3 * DAY, 4 * DAY, 8 * DAY, 6 * DAY, 21 * DAY };

	return rnd_range(c, lo[pos], hi[pos]);
}

/*
 * Write the outcome history that leads to a plan's state.  Returns the
 * time of the last event in seconds after the EOI (0 without events).
 */
static long
plan_events(struct seed_ctx *c, struct seed_cand *k, const struct seed_plan *p,
    int mistake)
{
	long t = 0, started = 0;
	int pos, greens = p->stage - 1;

	k->nev = 0;
	for (pos = 1; pos <= greens && pos <= NMS; pos++) {
		/* "Still working" falls due three months after the start. */
		t = pos == NMS ? started + 91L * DAY + rnd_range(c, 2 * HOUR, 8 * HOUR)
		    : t + gap(c, pos);
		if (pos < NMS && rnd_pct(c, 25)) {
			ev_add(c, k, pos, ORG_ORANGE, t, 1);
			t += rnd_range(c, 1 * DAY, 4 * DAY);
		}
		ev_add(c, k, pos, ORG_GREEN, t, 0);
		if (pos == 5)
			started = t;
	}
	if (p->stage > NMS)
		return t;
	t = p->stage == NMS ? started + 91L * DAY + rnd_range(c, 2 * HOUR, 8 * HOUR)
	    : t + gap(c, p->stage);
	if (p->last == ORG_RED && p->stage < NMS && rnd_pct(c, 30)) {
		ev_add(c, k, p->stage, ORG_ORANGE, t, 1);
		t += rnd_range(c, 1 * DAY, 3 * DAY);
	}
	if (p->last != ORG_NONE)
		ev_add(c, k, p->stage, p->last, t, 1);
	else if (mistake == 1)
		t = ev_mistake(c, k, p->stage, ORG_RED, t);
	else if (mistake == 2 && c->ms_points[p->stage] > 0)
		t = ev_mistake(c, k, p->stage, ORG_GREEN, t);
	else if (k->nev == 0)
		return 0;
	else
		t = k->ev[k->nev - 1].at;
	return t;
}

/* The state a candidate's events give (DESIGN.md 2). */
static void
cand_state(const struct seed_cand *k, struct org_state *st)
{
	enum org_color colors[NMS] = { ORG_NONE };
	int i;

	for (i = 0; i < k->nev; i++)
		if (k->ev[i].okey != NULL && !k->ev[i].undone)
			colors[k->ev[i].pos - 1] = k->ev[i].color;
	org_state_derive(colors, NMS, st);
}

/* ---- writing ---- */

static int
write_org(struct db *db, struct seed_ctx *c)
{
	const struct seed_orgdef *d = c->def;
	struct db_res res;
	size_t i;
	long long id;
	int rc;

	if ((rc = org_create(db, c->a, d->name, d->locale, d->tz, &c->org_id)) != 0)
		return rc < 0 ? -1 : rc;
	for (i = 0; i < d->nsites; i++)
		if (org_site_create(db, c->org_id, d->sites[i].name,
		    d->sites[i].town, d->sites[i].postcode, &c->site_id[i]) != 0)
			return -1;
	for (i = 0; i < d->nusers; i++) {
		rc = org_user_create(db, c->org_id, d->users[i].email,
		    d->users[i].name, d->users[i].role, d->locale,
		    DEMO_PASSWORD, &c->user_id[i]);
		if (rc != 0) {
			log_warn("seed: user %s: error %d", d->users[i].email, rc);
			return -1;
		}
		if (d->users[i].site >= 0 && org_user_site_add(db, c->a,
		    c->org_id, c->user_id[i], c->site_id[d->users[i].site]) != 0)
			return -1;
	}
	if (db_query(db, c->a, &res, "SELECT pos, id, points FROM milestones"
	    " WHERE org_id = ? ORDER BY pos", "i", c->org_id) == -1)
		return -1;
	for (i = 0; i < res.nrows && i < NMS; i++) {
		id = db_int(&res, i, 0);
		if (id >= 1 && id <= NMS) {
			c->ms_id[id] = db_int(&res, i, 1);
			c->ms_points[id] = (int)db_int(&res, i, 2);
		}
	}
	return 0;
}

static int
write_vacancies(struct db *db, struct seed_ctx *c)
{
	const struct seed_orgdef *d = c->def;
	const struct seed_site *s;
	size_t i;

	for (i = 0; i < 8; i++) {
		s = &d->sites[d->vacs[i].site];
		if (db_exec(db, "INSERT INTO vacancies (org_id, site_id, code,"
		    " title, location, postcode, description, is_open,"
		    " right_to_work, created_by, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "iisssssiiis",
		    c->org_id, c->site_id[d->vacs[i].site], rnd_code(c),
		    d->vacs[i].title, s->town, s->postcode,
		    arena_printf(c->a, "%s%s%s%s%s%s%s", d->desc[0],
		    d->vacs[i].title, d->desc[1], s->name, d->desc[2], s->town,
		    d->desc[3]), (long long)d->vacs[i].open, (long long)d->uk,
		    c->user_id[0], fmt_time(c, c->now - 150L * DAY +
		    (long)i * DAY)) == -1)
			return -1;
		c->vac_id[i] = db_last_id(db);
		if (db_exec(db, "INSERT INTO vacancy_watchers (vacancy_id, user_id)"
		    " VALUES (?, ?)", "ii", c->vac_id[i], c->user_id[0]) == -1)
			return -1;
	}
	return 0;
}

static int
write_referrers(struct db *db, struct seed_ctx *c)
{
	const struct seed_orgdef *d = c->def;
	size_t i;
	char *name;

	for (i = 0; i < NREFERRERS; i++) {
		name = rnd_name(c);
		if (db_exec(db, "INSERT INTO referrers (org_id, site_id, code,"
		    " name, email, phone, lang, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iissssss", c->org_id,
		    c->site_id[i % d->nsites], rnd_code(c), name,
		    arena_printf(c->a, "%s@%s", email_local(c, name),
		    d->staff_domain), rnd_phone(c), d->locale,
		    fmt_time(c, c->now - 160L * DAY + (long)i * HOUR)) == -1)
			return -1;
		c->ref_id[i] = db_last_id(db);
		c->ref_name[i] = name;
		if (names_index(db, c->a, c->org_id, 'r', c->ref_id[i], name) == -1)
			return -1;
	}
	return 0;
}

/* Plan one candidate of plan p (the n-th of its plan). */
static void
plan_cand(struct seed_ctx *c, struct seed_cand *k, const struct seed_plan *p,
    int n)
{
	long last, slack;

	k->name = rnd_name(c);
	k->email = arena_printf(c->a, "%s@%s", email_local(c, k->name),
	    c->def->cand_domain);
	k->phone = rnd_phone(c);
	k->postcode = rnd_postcode(c);
	k->note = rnd_pct(c, 35) ? rnd_pick(c, c->def->cand_notes) : NULL;
	k->lang = c->def->uk || !rnd_pct(c, 10) ? c->def->locale : "en";
	k->vac = (int)rnd_range(c, 0, 7);
	if (!c->def->vacs[k->vac].open && !rnd_pct(c, 30))
		k->vac = (k->vac + 1) % 8;
	k->ref = (int)rnd_range(c, 0, NREFERRERS - 1);
	/* Only the first of a plan gets its mistake: undo is rare. */
	last = plan_events(c, k, p, n == 0 ? p->mistake : 0);
	if (p->stage == 1 && p->last == ORG_NONE)
		/* Waiting for first contact: a few fresh, the rest overdue. */
		slack = n < SEED_NEW ? rnd_range(c, 20 * MINUTE, 20 * HOUR) :
		    rnd_range(c, 26 * HOUR, 14 * DAY);
	else if (p->last == ORG_RED || p->stage > NMS)
		slack = last < 118L * DAY ? rnd_range(c, HOUR, 118L * DAY - last) :
		    rnd_range(c, HOUR, 2 * DAY);
	else
		slack = rnd_range(c, 2 * HOUR, 20 * DAY);
	k->eoi = c->now - last - slack;
}

/* A second EOI of an earlier candidate for another vacancy, no outcome yet. */
static void
plan_double(struct seed_ctx *c, struct seed_cand *k, const struct seed_cand *first)
{
	*k = *first;
	k->nev = 0;
	k->vac = (first->vac + 1 + (int)rnd_range(c, 0, 5)) % 8;
	while (k->vac == first->vac || !c->def->vacs[k->vac].open)
		k->vac = (k->vac + 1) % 8;
	k->note = NULL;
	k->eoi = first->eoi + rnd_range(c, 10 * MINUTE, 3 * DAY);
	if (k->eoi > c->now - 10 * MINUTE)
		k->eoi = c->now - 10 * MINUTE;
}

static int
write_events(struct db *db, struct seed_ctx *c, struct seed_cand *k,
    long long cid)
{
	struct seed_event *e;
	int i, pts;
	time_t at;

	for (i = 0; i < k->nev; i++) {
		e = &k->ev[i];
		at = k->eoi + e->at;
		if (e->okey != NULL) {
			if (db_exec(db, "INSERT INTO candidate_events (candidate_id,"
			    " org_id, kind, milestone_id, outcome_id, undone,"
			    " effective_date, note, user_id, created_at)"
			    " SELECT ?, ?, 'outcome', m.id, o.id, ?, ?, ?, ?, ?"
			    " FROM milestones m JOIN outcomes o"
			    " ON o.milestone_id = m.id AND o.okey = ?"
			    " WHERE m.org_id = ? AND m.pos = ?", "iiississii",
			    cid, c->org_id, (long long)e->undone, fmt_date(c, at),
			    e->note, c->user_id[0], fmt_time(c, at), e->okey,
			    c->org_id, (long long)e->pos) != 1)
				return -1;
		} else if (db_exec(db, "INSERT INTO candidate_events (candidate_id,"
		    " org_id, kind, milestone_id, undoes_id, effective_date,"
		    " user_id, created_at) VALUES (?, ?, 'undo', ?, ?, ?, ?, ?)",
		    "iiiisis", cid, c->org_id, c->ms_id[e->pos],
		    k->ev[e->undo_of].id, fmt_date(c, at), c->user_id[0],
		    fmt_time(c, at)) == -1)
			return -1;
		e->id = db_last_id(db);
		pts = c->ms_points[e->pos];
		if (pts <= 0 || (e->okey != NULL ? e->color != ORG_GREEN :
		    k->ev[e->undo_of].color != ORG_GREEN))
			continue;
		/* Award for a green with points; reversal when it is undone
		 * (both rows carry the outcome event's id). */
		if (db_exec(db, "INSERT INTO points_ledger (org_id, referrer_id,"
		    " candidate_id, event_id, kind, points, reason, user_id,"
		    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iiiisisis",
		    c->org_id, c->ref_id[k->ref], cid,
		    e->okey != NULL ? e->id : k->ev[e->undo_of].id,
		    e->okey != NULL ? "award" : "reversal",
		    (long long)(e->okey != NULL ? pts : -pts),
		    org_default_milestones[e->pos - 1].key, c->user_id[0],
		    fmt_time(c, at)) == -1)
			return -1;
		c->points += e->okey != NULL ? pts : -pts;
	}
	return 0;
}

static int
write_cand(struct db *db, struct seed_ctx *c, struct seed_cand *k)
{
	static const char *const statuses[] = { "action", "waiting", "archived", "complete" };
	struct org_state st;
	const char *due = NULL;
	time_t updated = k->nev > 0 ? k->eoi + k->ev[k->nev - 1].at : k->eoi;
	long long cid;
	int i;

	cand_state(k, &st);
	/* due_at: when the current milestone falls due (first contact
	 * within the target; "still working" three months after the start). */
	if (strcmp(st.status, "action") == 0 && st.stage_pos == 1)
		due = fmt_time(c, k->eoi + 24 * HOUR);
	else if (strcmp(st.status, "action") == 0 && st.stage_pos == NMS)
		for (i = 0; i < k->nev; i++)
			if (k->ev[i].pos == 5 && k->ev[i].color == ORG_GREEN &&
			    !k->ev[i].undone && k->ev[i].okey != NULL)
				due = fmt_time(c, k->eoi + k->ev[i].at + 91L * DAY);
	if (db_exec(db, "INSERT INTO candidates (org_id, site_id, vacancy_id,"
	    " referrer_id, name, email, phone, postcode, note, lang, eoi_at,"
	    " status, listed, stage_pos, progress, due_at, updated_at, version)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " IF(status = 'archived', 'a', 'l'), ?, ?, ?, ?, ?)",
	    "iiiissssssssisssi", c->org_id,
	    c->site_id[c->def->vacs[k->vac].site], c->vac_id[k->vac],
	    c->ref_id[k->ref], k->name, k->email, k->phone, k->postcode,
	    k->note, k->lang, fmt_time(c, k->eoi), st.status,
	    (long long)st.stage_pos, st.progress, due, fmt_time(c, updated),
	    (long long)(1 + k->nev)) == -1)
		return -1;
	cid = db_last_id(db);
	for (i = 0; i < 4; i++)
		if (strcmp(st.status, statuses[i]) == 0)
			c->counts[i]++;
	if (write_events(db, c, k, cid) == -1)
		return -1;
	return names_index(db, c->a, c->org_id, 'c', cid, k->name);
}

static int
write_candidates(struct db *db, struct seed_ctx *c)
{
	const struct seed_plan *p;
	struct seed_cand *k;
	struct org_state st;
	size_t i;
	int n, j;

	c->ncand = 0;
	for (i = 0; i < sizeof(seed_plans) / sizeof(seed_plans[0]); i++) {
		p = &seed_plans[i];
		for (n = 0; n < p->count && c->ncand < MAX_CANDS; n++) {
			k = &c->cand[c->ncand++];
			plan_cand(c, k, p, n);
			/* The plan and the state rule must agree. */
			cand_state(k, &st);
			if (st.stage_pos != p->stage || (p->stage <= NMS &&
			    strcmp(st.status, p->last == ORG_RED ? "archived" :
			    p->last == ORG_ORANGE ? "waiting" : "action") != 0)) {
				log_warn("seed: plan %zu gave %s at %d", i,
				    st.status, st.stage_pos);
				return -1;
			}
		}
	}
	/* Some people register twice: pick earlier candidates evenly. */
	for (j = 0; j < SEED_DOUBLES && c->ncand < MAX_CANDS; j++) {
		k = &c->cand[c->ncand++];
		plan_double(c, k, &c->cand[5 + j * 11]);
	}
	for (j = 0; j < c->ncand; j++)
		if (write_cand(db, c, &c->cand[j]) == -1)
			return -1;
	return 0;
}

/* Two bonuses for the referrers with the most candidates. */
static int
write_bonuses(struct db *db, struct seed_ctx *c)
{
	int per[NREFERRERS] = { 0 }, i, j, best;

	for (i = 0; i < c->ncand; i++)
		per[c->cand[i].ref]++;
	for (j = 0; j < 2; j++) {
		best = 0;
		for (i = 1; i < NREFERRERS; i++)
			if (per[i] > per[best])
				best = i;
		per[best] = -1;
		if (db_exec(db, "INSERT INTO points_ledger (org_id, referrer_id,"
		    " kind, points, reason, user_id, created_at)"
		    " VALUES (?, ?, 'bonus', 25, ?, ?, ?)", "iisis", c->org_id,
		    c->ref_id[best], c->def->bonus_reason, c->user_id[0],
		    fmt_time(c, c->now - (long)(10 + 20 * j) * DAY)) == -1)
			return -1;
		c->points += 25;
	}
	return 0;
}

/* One organisation, as the body of db_txn. */
static int
seed_org_txn(struct db *db, void *arg)
{
	struct seed_ctx *c = arg;

	/* A retried transaction starts from the same seed. */
	c->rng = c->def->seed;
	c->nused = 0;
	c->points = 0;
	memset(c->counts, 0, sizeof(c->counts));
	if (write_org(db, c) == -1 || write_vacancies(db, c) == -1 ||
	    write_referrers(db, c) == -1 || write_candidates(db, c) == -1 ||
	    write_bonuses(db, c) == -1)
		return -1;
	return 0;
}

/* ---- finding and removing existing demo data ---- */

static int
demo_org_ids(struct db *db, struct arena *a, struct db_res *res)
{
	return db_query(db, a, res,
	    "SELECT id FROM organisations WHERE name IN (?, ?)"
	    " UNION SELECT org_id FROM users WHERE email IN (?, ?, ?)",
	    "sssss", seed_orgs[0].name, seed_orgs[1].name,
	    seed_orgs[0].users[0].email, seed_orgs[0].users[1].email,
	    seed_orgs[1].users[0].email);
}

/* Deletions in foreign-key order; each takes the organisation id. */
static const char *const wipe_sql[] = {
	"DELETE FROM points_ledger WHERE org_id = ?",
	"DELETE FROM candidate_events WHERE org_id = ?",
	"DELETE FROM name_words WHERE org_id = ?",
	"DELETE FROM outbox WHERE org_id = ?",
	"DELETE FROM audit_log WHERE org_id = ?",
	"DELETE FROM candidates WHERE org_id = ?",
	"DELETE FROM cand_counts WHERE org_id = ?",
	"DELETE FROM vacancy_watchers WHERE vacancy_id IN"
	    " (SELECT id FROM vacancies WHERE org_id = ?)",
	"DELETE FROM vacancies WHERE org_id = ?",
	"DELETE FROM referrers WHERE org_id = ?",
	"DELETE FROM sessions WHERE user_id IN"
	    " (SELECT id FROM users WHERE org_id = ?)",
	"DELETE FROM user_sites WHERE user_id IN"
	    " (SELECT id FROM users WHERE org_id = ?)",
	"DELETE FROM login_failures WHERE email IN"
	    " (SELECT email FROM users WHERE org_id = ?)",
	"DELETE FROM users WHERE org_id = ?",
	"DELETE FROM outcomes WHERE milestone_id IN"
	    " (SELECT id FROM milestones WHERE org_id = ?)",
	"DELETE FROM milestones WHERE org_id = ?",
	"DELETE FROM sites WHERE org_id = ?",
	"DELETE FROM organisations WHERE id = ?",
};

struct wipe_arg {
	struct db_res	*ids;
};

static int
wipe_txn(struct db *db, void *arg)
{
	struct wipe_arg *w = arg;
	size_t i, j;

	for (i = 0; i < w->ids->nrows; i++)
		for (j = 0; j < sizeof(wipe_sql) / sizeof(wipe_sql[0]); j++)
			if (db_exec(db, wipe_sql[j], "i",
			    db_int(w->ids, i, 0)) == -1)
				return -1;
	return 0;
}

int
seed_demo(struct db *db, int reset, FILE *out)
{
	static struct seed_ctx c;	/* large: keep it off the stack */
	struct arena a = { NULL };
	struct db_res ids;
	struct wipe_arg w;
	size_t i, j;
	int rc = -1;

	if (demo_org_ids(db, &a, &ids) == -1)
		goto out;
	if (ids.nrows > 0 && !reset) {
		rc = SEED_EXISTS;
		goto out;
	}
	if (ids.nrows > 0) {
		w.ids = &ids;
		if (db_txn(db, wipe_txn, &w) < 0)
			goto out;
		fprintf(out, "removed %zu demo organisation%s\n", ids.nrows,
		    ids.nrows == 1 ? "" : "s");
	}
	for (i = 0; i < sizeof(seed_orgs) / sizeof(seed_orgs[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.def = &seed_orgs[i];
		c.a = &a;
		c.out = out;
		c.now = time(NULL);
		if (db_txn(db, seed_org_txn, &c) < 0)
			goto out;
		/* The candidates went in without their counters. */
		if (cand_counts_rebuild(db, c.org_id) == -1)
			goto out;
		fprintf(out, "%s (id %lld): %zu sites, 8 vacancies, %d referrers,"
		    " %d candidates (action %d, waiting %d, archived %d,"
		    " complete %d), %lld points\n", c.def->name, c.org_id,
		    c.def->nsites, NREFERRERS, c.ncand, c.counts[0], c.counts[1],
		    c.counts[2], c.counts[3], c.points);
		for (j = 0; j < c.def->nusers; j++)
			fprintf(out, "  login %s (%s) password %s\n",
			    c.def->users[j].email, c.def->users[j].role,
			    DEMO_PASSWORD);
		arena_reset(&a);
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}
