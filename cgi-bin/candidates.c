/* candidates.c: the live list, the archive, one candidate, and /health */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cand.h"
#include "db.h"
#include "loop.h"
#include "render.h"
#include "sess.h"
#include "util.h"

enum field {
	F_SITE,
	F_Q,
	F_SORT,
	F_STAGE,
	F_STATUS,
	F_LOCATION,
	F_JOB,
	F_PAGE,
	F_CARD,
	F_DEBUG,
	F__MAX
};

static const char *const statuses[] = { "action", "waiting", "archived", "complete", NULL };

static int
valid_q(struct http_pair *p)
{
	return http_valid_longtext(p) && utf8_len(p->val) <= 100;
}

static int
valid_sort(struct http_pair *p)
{
	int	 i;

	for (i = 0; i < CAND_SORT__MAX; i++)
		if (strcmp(cand_sort_keys[i], p->val) == 0) {
			p->ival = i;
			return 1;
		}
	return 0;
}

static int
valid_status(struct http_pair *p)
{
	int	 i;

	for (i = 0; statuses[i] != NULL; i++)
		if (strcmp(statuses[i], p->val) == 0)
			return 1;
	return 0;
}

static int
valid_debug(struct http_pair *p)
{
	return strcmp(p->val, "xml") == 0;
}

static const struct http_field fields[F__MAX] = {
	[F_SITE] = { "site", http_valid_id },
	[F_Q] = { "q", valid_q },
	[F_SORT] = { "sort", valid_sort },
	[F_STAGE] = { "stage", http_valid_key },
	[F_STATUS] = { "status", valid_status },
	[F_LOCATION] = { "location", http_valid_text },
	[F_JOB] = { "job", http_valid_id },
	[F_PAGE] = { "page", http_valid_page },
	[F_CARD] = { "card", http_valid_id },
	[F_DEBUG] = { "debug", valid_debug },
};

/* The filter fields that travel in the list's links, in this order. */
static const enum field qs_fields[] = {
	F_SITE, F_Q, F_SORT, F_STAGE, F_STATUS, F_LOCATION, F_JOB
};

static const char sql_milestones[] =
	"SELECT pos, mkey FROM milestones WHERE org_id = ? ORDER BY pos";
static const char sql_sites[] =
	"SELECT id, name FROM sites WHERE org_id = ? ORDER BY name, id";
static const char sql_jobs[] =
	"SELECT id, title, location, site_id FROM vacancies WHERE org_id = ? "
	"ORDER BY title, id";

/* 1 if a limited user may see site_id (any site when not limited). */
static int
site_allowed(const struct sess *s, long long site_id)
{
	int	 i;

	if (s->nsites == 0)
		return 1;
	for (i = 0; i < s->nsites; i++)
		if (s->site_ids[i] == site_id)
			return 1;
	return 0;
}

static void
url_encode(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-_.~", ch) != NULL)
			buf_append(b, s, 1);
		else if (ch == ' ')
			buf_puts(b, "+");
		else
			buf_printf(b, "%%%02X", ch);
	}
}

/* The current filters as an encoded query string, for links. */
static char *
filters_qs(struct ctx *c)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*v;
	char		*out;
	size_t		 i;

	for (i = 0; i < sizeof(qs_fields) / sizeof(qs_fields[0]); i++) {
		if ((v = http_field_str(&c->req, qs_fields[i])) == NULL)
			continue;
		if (b.len > 0)
			buf_puts(&b, "&");
		buf_printf(&b, "%s=", fields[qs_fields[i]].name);
		url_encode(&b, v);
	}
	out = arena_strdup(c->arena, b.data == NULL ? "" : b.data);
	buf_free(&b);
	return out;
}

static void
add_local(struct ctx *c, xmlNodePtr n, const char *attr, const char *utc)
{
	char	 out[32];

	util_utc_to_local(c->sess->org_tz, utc, out, sizeof(out));
	xml_attr(n, attr, out);
}

/* The select lists of the filter form; checks the request's site, stage
 * and job against them.  Returns 0, or -1 after answering. */
static int
add_choices(struct ctx *c, xmlNodePtr list, struct cand_filter *f,
    struct db_res *ms)
{
	struct sess	*s = c->sess;
	struct db_res	 r;
	xmlNodePtr	 sites, jobs, locs, n;
	const char	*stage = http_field_str(&c->req, F_STAGE);
	const char	*prev = NULL;
	size_t		 i;
	int		 found;

	n = xml_node(list, "milestones");
	for (i = 0; i < ms->nrows; i++) {
		xmlNodePtr m = xml_node(n, "milestone");

		xml_attr(m, "key", db_val(ms, i, 1));
		xml_attr(m, "pos", db_val(ms, i, 0));
		if (stage != NULL && strcmp(stage, db_val(ms, i, 1)) == 0)
			f->stage_pos = (int)db_int(ms, i, 0);
	}
	if (stage != NULL && f->stage_pos == 0) {
		loop_error(c, 400, "error.bad_field", "stage");
		return -1;
	}

	if (db_query(c->db, c->arena, &r, sql_sites, "i", s->org_id) == -1)
		goto fail;
	found = f->site == 0;
	if (r.nrows > 0) {
		sites = xml_node(list, "sites");
		for (i = 0; i < r.nrows; i++) {
			if (!site_allowed(s, db_int(&r, i, 0)))
				continue;
			n = xml_text(sites, "site", db_val(&r, i, 1));
			xml_attr(n, "id", db_val(&r, i, 0));
			if (db_int(&r, i, 0) == f->site)
				found = 1;
		}
	}
	if (!found) {
		loop_error(c, 400, "error.bad_field", "site");
		return -1;
	}

	if (db_query(c->db, c->arena, &r, sql_jobs, "i", s->org_id) == -1)
		goto fail;
	found = f->job == 0;
	jobs = xml_node(list, "jobs");
	for (i = 0; i < r.nrows; i++) {
		if (db_val(&r, i, 3) != NULL && !site_allowed(s, db_int(&r, i, 3)))
			continue;
		n = xml_text(jobs, "job", db_val(&r, i, 1));
		xml_attr(n, "id", db_val(&r, i, 0));
		if (db_int(&r, i, 0) == f->job)
			found = 1;
	}
	if (!found) {
		loop_error(c, 400, "error.bad_field", "job");
		return -1;
	}
	/* Locations: the distinct towns of the vacancies, sorted. */
	locs = xml_node(list, "locations");
	for (i = 0; i < r.nrows; i++) {
		const char *loc = db_val(&r, i, 2);
		size_t j;
		int seen = 0;

		if (loc == NULL || *loc == '\0' ||
		    (db_val(&r, i, 3) != NULL && !site_allowed(s, db_int(&r, i, 3))))
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = db_val(&r, j, 2) != NULL && strcmp(db_val(&r, j, 2), loc) == 0;
		if (!seen && (prev == NULL || strcmp(prev, loc) != 0))
			xml_text(locs, "location", loc);
		prev = loc;
	}
	return 0;
fail:
	loop_error(c, 500, "error.server", NULL);
	return -1;
}

static void
add_row(struct ctx *c, xmlNodePtr list, struct db_res *rows, size_t i,
    struct db_res *ms, long long card)
{
	xmlNodePtr	 n, e, prog;
	const char	*status = db_val(rows, i, CC_STATUS);
	const char	*progress = db_val(rows, i, CC_PROGRESS);
	long long	 pos = db_int(rows, i, CC_STAGE_POS);
	long long	 age = db_int(rows, i, CC_AGE_HOURS);
	size_t		 m;

	n = xml_node(list, "candidate");
	xml_attr(n, "id", db_val(rows, i, CC_ID));
	xml_attr(n, "status", status);
	xml_attr(n, "stage-pos", db_val(rows, i, CC_STAGE_POS));
	for (m = 0; m < ms->nrows; m++)
		if (db_int(ms, m, 0) == pos)
			xml_attr(n, "stage", db_val(ms, m, 1));
	if (pos > (long long)ms->nrows)
		xml_attr(n, "stage", "done");
	if (strcmp(status, "action") == 0 && pos == 1 &&
	    age >= c->sess->contact_target_hours) {
		xml_attr(n, "overdue", "1");
		xml_attr_int(n, "waiting-hours", age);
	}
	add_local(c, n, "eoi", db_val(rows, i, CC_EOI));
	add_local(c, n, "updated", db_val(rows, i, CC_UPDATED));
	xml_text(n, "name", db_val(rows, i, CC_NAME));
	if (db_val(rows, i, CC_REF_ID) != NULL) {
		e = xml_text(n, "referrer", db_val(rows, i, CC_REF_NAME));
		xml_attr(e, "id", db_val(rows, i, CC_REF_ID));
	}
	e = xml_text(n, "vacancy", db_val(rows, i, CC_VAC_TITLE));
	xml_attr(e, "id", db_val(rows, i, CC_VAC_ID));
	xml_text(n, "location", db_val(rows, i, CC_LOCATION));
	if (db_val(rows, i, CC_SITE_ID) != NULL) {
		e = xml_text(n, "site", db_val(rows, i, CC_SITE_NAME));
		xml_attr(e, "id", db_val(rows, i, CC_SITE_ID));
	}
	prog = xml_node(n, "progress");
	for (m = 0; m < ms->nrows; m++) {
		static const struct { char code; const char *color; } colors[] = {
			{ 'g', "green" }, { 'o', "orange" }, { 'r', "red" },
		};
		size_t k;

		e = xml_node(prog, "m");
		xml_attr(e, "key", db_val(ms, m, 1));
		for (k = 0; k < 3 && progress != NULL && m < strlen(progress); k++)
			if (progress[m] == colors[k].code)
				xml_attr(e, "color", colors[k].color);
	}
	if (card == db_int(rows, i, CC_ID)) {
		e = xml_node(n, "contact");
		xml_text(e, "phone", db_val(rows, i, CC_PHONE));
		xml_text(e, "email", db_val(rows, i, CC_EMAIL));
		xml_text(e, "postcode", db_val(rows, i, CC_POSTCODE));
	}
}

static void
page_list(struct ctx *c, enum cand_view view)
{
	struct sess		*s = c->sess;
	struct cand_filter	 f;
	struct db_res		 ms, rows;
	xmlNodePtr		 root, list, n;
	long long		 total = 0, pages, card;
	const char		*status = http_field_str(&c->req, F_STATUS);
	size_t			 i;
	int			 card_shown = 0;

	memset(&f, 0, sizeof(f));
	f.org_id = s->org_id;
	f.view = view;
	f.user_sites = s->site_ids;
	f.nuser_sites = s->nsites;
	f.site = http_field_int(&c->req, F_SITE, 0);
	f.q = http_field_str(&c->req, F_Q);
	f.sort = (enum cand_sort)http_field_int(&c->req, F_SORT, CAND_SORT_UPDATED);
	f.status = status;
	f.location = http_field_str(&c->req, F_LOCATION);
	f.job = http_field_int(&c->req, F_JOB, 0);
	f.page = http_field_int(&c->req, F_PAGE, 1);
	f.page_size = c->conf->page_size;
	f.target_hours = s->contact_target_hours;
	card = http_field_int(&c->req, F_CARD, 0);
	if (status != NULL && (view == CAND_ARCHIVE) != (strcmp(status, "archived") == 0)) {
		loop_error(c, 400, "error.bad_field", "status");
		return;
	}

	root = loop_page(c, view == CAND_LIVE ? "candidates" : "archive");
	xml_attr(root, "qs", filters_qs(c));
	list = xml_node(root, "candidates");
	n = xml_node(list, "filter");
	xml_attr(n, "site", f.site > 0 ? http_field_str(&c->req, F_SITE) : "");
	xml_attr(n, "q", f.q != NULL ? f.q : "");
	xml_attr(n, "sort", cand_sort_keys[f.sort]);
	xml_attr(n, "stage", http_field_str(&c->req, F_STAGE) != NULL ?
	    http_field_str(&c->req, F_STAGE) : "");
	xml_attr(n, "status", status != NULL ? status : "");
	xml_attr(n, "location", f.location != NULL ? f.location : "");
	xml_attr(n, "job", f.job > 0 ? http_field_str(&c->req, F_JOB) : "");

	if (db_query(c->db, c->arena, &ms, sql_milestones, "i", s->org_id) == -1)
		goto fail;
	if (add_choices(c, list, &f, &ms) == -1)
		goto done;
	if (cand_list(c->db, c->arena, &f, &total, &rows) == -1)
		goto fail;

	pages = total == 0 ? 1 : (total + f.page_size - 1) / f.page_size;
	xml_attr(list, "view", view == CAND_LIVE ? "live" : "archive");
	xml_attr_int(list, "total", total);
	xml_attr_int(list, "page", f.page);
	xml_attr_int(list, "pages", pages);
	xml_attr_int(list, "from", rows.nrows == 0 ? 0 : (f.page - 1) * f.page_size + 1);
	xml_attr_int(list, "to", (f.page - 1) * f.page_size + (long long)rows.nrows);
	for (i = 0; i < rows.nrows; i++) {
		add_row(c, list, &rows, i, &ms, card);
		if (card == db_int(&rows, i, CC_ID))
			card_shown = 1;
	}
	if (card_shown) {
		xml_attr_int(list, "card", card);
		if (audit_log(c, s->org_id, s->user_id, "contact.view", "candidate",
		    card, NULL) == -1)
			goto fail;
	}
	loop_render(c, root);
	return;
fail:
	loop_error(c, 500, "error.server", NULL);
done:
	xmlFreeDoc(root->doc);
}

static void
page_candidates(struct ctx *c)
{
	page_list(c, CAND_LIVE);
}

static void
page_archive(struct ctx *c)
{
	page_list(c, CAND_ARCHIVE);
}

static const char sql_one[] =
	"SELECT c.id, c.name, c.status, c.stage_pos, c.progress, "
	"DATE_FORMAT(c.eoi_at, '%Y-%m-%d %H:%i:%s'), "
	"DATE_FORMAT(c.updated_at, '%Y-%m-%d %H:%i:%s'), "
	"TIMESTAMPDIFF(HOUR, c.eoi_at, UTC_TIMESTAMP()), "
	"v.id, v.title, v.location, s.id, s.name, r.id, r.name, "
	"c.phone, c.email, c.postcode, c.version "
	"FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id "
	"LEFT JOIN sites s ON s.id = c.site_id "
	"LEFT JOIN referrers r ON r.id = c.referrer_id "
	"WHERE c.id = ? AND c.org_id = ? AND c.deleted_at IS NULL";

/* One candidate: its contact details, vacancy, referrer and progress.
 * Another organisation's (or another site's) candidate is a 404. */
static void
page_candidate(struct ctx *c)
{
	struct sess	*s = c->sess;
	struct db_res	 r, ms;
	xmlNodePtr	 root, list;
	long long	 id = c->req.ids[0];

	if (db_query(c->db, c->arena, &r, sql_one, "ii", id, s->org_id) == -1 ||
	    db_query(c->db, c->arena, &ms, sql_milestones, "i", s->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (r.nrows == 0 || (db_val(&r, 0, CC_SITE_ID) != NULL &&
	    !site_allowed(s, db_int(&r, 0, CC_SITE_ID))) ||
	    (db_val(&r, 0, CC_SITE_ID) == NULL && s->nsites > 0)) {
		loop_error(c, 404, "error.not_found", NULL);
		return;
	}
	if (audit_log(c, s->org_id, s->user_id, "contact.view", "candidate", id, NULL) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "candidate");
	list = xml_node(root, "candidates");
	add_row(c, list, &r, 0, &ms, id);
	xml_attr(list->children, "version", db_val(&r, 0, CC__MAX));
	loop_render(c, root);
}

static void
page_health(struct ctx *c)
{
	/* The loop answered 503 already if the database did not. */
	c->resp.status = 200;
	c->resp.content_type = "text/plain; charset=utf-8";
	buf_puts(&c->resp.body, "ok\n");
}

static const struct route routes[] = {
	{ HTTP_GET, "/candidates", page_candidates, 0 },
	{ HTTP_GET, "/candidates/%d", page_candidate, 0 },
	{ HTTP_GET, "/archive", page_archive, 0 },
	{ HTTP_GET, "/health", page_health, ROUTE_PUBLIC },
};

static const struct program program = {
	"candidates", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	return loop_main(argc, argv, &program);
}
