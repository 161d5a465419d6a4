/* org.c: organisations with their default milestones, users, and the candidate state rule */
#include "config.h"

#include <string.h>

#include <mysqld_error.h>
#include <sodium.h>

#include "arena.h"
#include "db.h"
#include "org.h"
#include "pass.h"
#include "util.h"

/* DESIGN.md 2: keys are stable; labels come from the catalogues. */
const struct org_milestone_def org_default_milestones[] = {
	{ "contact", 0, { "contact_made" }, { "no_answer" },
	    { "unreachable", "not_interested", "not_suitable" } },
	{ "interview_booked", 0, { "booked" }, { "arranging" },
	    { "declined", "not_suitable" } },
	{ "interview", 10, { "completed" }, { "rescheduled" },
	    { "no_show", "unsuccessful" } },
	{ "offer", 0, { "offer_accepted" }, { "offer_pending", "checks_pending" },
	    { "offer_declined", "checks_failed" } },
	{ "started", 40, { "started" }, { "start_delayed" },
	    { "did_not_start" } },
	{ "still_working", 50, { "still_working" }, { "check_later" },
	    { "left" } },
};
const size_t org_default_nmilestones =
    sizeof(org_default_milestones) / sizeof(org_default_milestones[0]);

/* Retention per locale (DESIGN.md 6): Dutch practice four weeks after
 * the procedure, UK practice about six months. */
static const struct {
	const char	*locale;
	int		 retention_days;
} org_locales[] = {
	{ "nl", 28 },
	{ "en", 180 },
};

void
org_state_derive(const enum org_color *colors, size_t n, struct org_state *out)
{
	static const char letters[] = { '-', 'g', 'o', 'r' };
	size_t i;
	int red = 0;

	if (n > ORG_MILESTONES_MAX)
		n = ORG_MILESTONES_MAX;
	out->stage_pos = (int)n + 1;
	for (i = 0; i < n; i++) {
		enum org_color c = colors[i];

		if (c < ORG_NONE || c > ORG_RED)
			c = ORG_NONE;
		out->progress[i] = letters[c];
		if (c == ORG_RED)
			red = 1;
		if (c != ORG_GREEN && out->stage_pos == (int)n + 1)
			out->stage_pos = (int)i + 1;
	}
	out->progress[n] = '\0';
	if (red)
		out->status = "archived";
	else if (out->stage_pos == (int)n + 1)
		out->status = "complete";
	else if (colors[out->stage_pos - 1] == ORG_ORANGE)
		out->status = "waiting";
	else
		out->status = "action";
}

enum org_color
org_color_parse(const char *s)
{
	if (s == NULL)
		return ORG_NONE;
	if (strcmp(s, "green") == 0)
		return ORG_GREEN;
	if (strcmp(s, "orange") == 0)
		return ORG_ORANGE;
	if (strcmp(s, "red") == 0)
		return ORG_RED;
	return ORG_NONE;
}

const char *
org_color_name(enum org_color c)
{
	switch (c) {
	case ORG_GREEN:
		return "green";
	case ORG_ORANGE:
		return "orange";
	case ORG_RED:
		return "red";
	default:
		return "";
	}
}

/* The outcomes of default milestone m (green, orange, then red, numbered
 * from 1) into milestone mid, in one statement (an organisation is made
 * in 13 round trips, not 31).  0 or -1. */
typedef char org_outcomes_fit[3 * ORG_OUTCOMES_MAX * 4 <= DB_PARAMS_MAX ? 1 : -1];
static int
org_outcomes_insert(struct db *db, long long mid, const struct org_milestone_def *m)
{
	static const char *const colors[] = { "green", "orange", "red" };
	const char *const *keys[] = { m->green, m->orange, m->red };
	struct db_params p;
	struct buf sql = { NULL, 0, 0 };
	const char *const *k;
	long long pos = 1;
	size_t c;
	int rc;

	memset(&p, 0, sizeof(p));
	buf_puts(&sql, "INSERT INTO outcomes (milestone_id, okey, color, pos) VALUES ");
	for (c = 0; c < sizeof(colors) / sizeof(colors[0]); c++)
		for (k = keys[c]; *k != NULL; k++) {
			buf_puts(&sql, pos > 1 ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)");
			db_param_int(&p, mid);
			db_param_str(&p, *k);
			db_param_str(&p, colors[c]);
			db_param_int(&p, pos++);
		}
	rc = pos > 1 && db_execp(db, sql.data, &p) == -1 ? -1 : 0;
	buf_free(&sql);
	return rc;
}

int
org_create(struct db *db, struct arena *a, const char *name,
    const char *locale, const char *tz, long long *id)
{
	const struct org_milestone_def *m;
	long long oid, mid;
	size_t i;
	int retention = -1;

	(void)a;
	for (i = 0; i < sizeof(org_locales) / sizeof(org_locales[0]); i++)
		if (locale != NULL && strcmp(locale, org_locales[i].locale) == 0)
			retention = org_locales[i].retention_days;
	if (retention < 0 || name == NULL || name[0] == '\0' ||
	    strlen(name) > 200 || !utf8_valid(name, strlen(name)) ||
	    tz == NULL || tz[0] == '\0' || strlen(tz) > 64)
		return ORG_EINVAL;
	if (db_exec(db, "INSERT INTO organisations (name, locale, time_zone,"
	    " retention_days, created_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP())",
	    "sssi", name, locale, tz, (long long)retention) == -1)
		return -1;
	oid = db_last_id(db);
	for (i = 0; i < org_default_nmilestones; i++) {
		m = &org_default_milestones[i];
		if (db_exec(db, "INSERT INTO milestones (org_id, pos, mkey, points)"
		    " VALUES (?, ?, ?, ?)", "iisi", oid, (long long)i + 1,
		    m->key, (long long)m->points) == -1)
			return -1;
		mid = db_last_id(db);
		if (org_outcomes_insert(db, mid, m) == -1)
			return -1;
	}
	*id = oid;
	return 0;
}

int
org_site_create(struct db *db, long long org_id, const char *name,
    const char *town, const char *postcode, long long *id)
{
	if (name == NULL || name[0] == '\0')
		return ORG_EINVAL;
	if (db_exec(db, "INSERT INTO sites (org_id, name, town, postcode)"
	    " VALUES (?, ?, ?, ?)", "isss", org_id, name,
	    town != NULL ? town : "", postcode != NULL ? postcode : "") == -1)
		return db_errno(db) == ER_NO_REFERENCED_ROW_2 ? ORG_ENOTFOUND : -1;
	*id = db_last_id(db);
	return 0;
}

int
org_user_create(struct db *db, long long org_id, const char *email,
    const char *name, const char *role, const char *lang,
    const char *password, long long *id)
{
	char hash[crypto_pwhash_STRBYTES];
	long long n;

	if (email == NULL || strchr(email, '@') == NULL || strlen(email) > 254 ||
	    !utf8_valid(email, strlen(email)) ||
	    name == NULL || name[0] == '\0' || strlen(name) > 200 ||
	    !utf8_valid(name, strlen(name)) || role == NULL ||
	    (strcmp(role, "admin") != 0 && strcmp(role, "recruiter") != 0) ||
	    lang == NULL || (lang[0] != '\0' && strcmp(lang, "nl") != 0 &&
	    strcmp(lang, "en") != 0))
		return ORG_EINVAL;
	if (pass_policy(password) != NULL)
		return ORG_EPASSWORD;
	if (pass_hash(password, hash, sizeof(hash)) == -1)
		return -1;
	n = db_exec(db, "INSERT INTO users (org_id, email, name, role, lang,"
	    " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
	    "isssss", org_id, email, name, role, lang, hash);
	sodium_memzero(hash, sizeof(hash));
	if (n == -1) {
		switch (db_errno(db)) {
		case ER_DUP_ENTRY:
			return ORG_EDUPLICATE;
		case ER_NO_REFERENCED_ROW_2:
			return ORG_ENOTFOUND;
		default:
			return -1;
		}
	}
	*id = db_last_id(db);
	return 0;
}

int
org_user_site_add(struct db *db, struct arena *a, long long org_id,
    long long user_id, long long site_id)
{
	struct db_res res;

	if (db_query(db, a, &res, "SELECT (SELECT COUNT(*) FROM users"
	    " WHERE id = ? AND org_id = ?), (SELECT COUNT(*) FROM sites"
	    " WHERE id = ? AND org_id = ?)", "iiii", user_id, org_id,
	    site_id, org_id) == -1)
		return -1;
	if (db_int(&res, 0, 0) != 1 || db_int(&res, 0, 1) != 1)
		return ORG_ENOTFOUND;
	if (db_exec(db, "INSERT IGNORE INTO user_sites (user_id, site_id)"
	    " VALUES (?, ?)", "ii", user_id, site_id) == -1)
		return -1;
	return 0;
}
