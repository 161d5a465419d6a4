/* candidates.c: the live list, the archive, one candidate, and /health */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cand.h"
#include "candxml.h"
#include "choices.h"
#include "db.h"
#include "eoi.h"
#include "loop.h"
#include "progress.h"
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
	F_MENU,
	F_DEBUG,
	F_MILESTONE,
	F_OUTCOME,
	F_DATE,
	F_NOTE,
	F_VERSION,
	F_NEXT,
	/* adding and deleting a candidate (the block at the end) */
	F_VACANCY,
	F_NAME,
	F_EMAIL,
	F_PHONE,
	F_POSTCODE,
	F_REFERRER,
	F_EOI_DATE,
	F_REASON,
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
valid_reason(struct http_pair *p)
{
	int	 i;

	for (i = 0; eoi_delete_reasons[i] != NULL; i++)
		if (strcmp(eoi_delete_reasons[i], p->val) == 0)
			return 1;
	return 0;
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
	[F_MENU] = { "menu", http_valid_id },
	[F_DEBUG] = { "debug", http_valid_debug },
	[F_MILESTONE] = { "milestone", http_valid_key },
	[F_OUTCOME] = { "outcome", http_valid_key },
	[F_DATE] = { "date", http_valid_date },
	[F_NOTE] = { "note", http_valid_longtext },
	[F_VERSION] = { "version", http_valid_id },
	[F_NEXT] = { "next", http_valid_path },
	/* Typed contact fields are checked by lib/eoi.h's rules in the
	 * handler, so that a mistake comes back in the form. */
	[F_VACANCY] = { "vacancy", http_valid_id },
	[F_NAME] = { "name", eoi_valid_typed },
	[F_EMAIL] = { "email", eoi_valid_typed },
	[F_PHONE] = { "phone", eoi_valid_typed },
	[F_POSTCODE] = { "postcode", eoi_valid_typed },
	[F_REFERRER] = { "referrer", http_valid_id },
	[F_EOI_DATE] = { "eoi_date", http_valid_date },
	[F_REASON] = { "reason", valid_reason },
};

/* The filter fields that travel in the list's links, in this order. */
static const enum field qs_fields[] = {
	F_SITE, F_Q, F_SORT, F_STAGE, F_STATUS, F_LOCATION, F_JOB
};

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
		http_url_encode(&b, v);
	}
	out = arena_strdup(c->arena, b.data == NULL ? "" : b.data);
	buf_free(&b);
	return out;
}

/* Whether vacancy row i of the choices (id, title, location, site_id) is
 * one the user can filter by: of their sites, and none without a site
 * for a user limited to sites (whose list never holds its candidates;
 * the new-candidate form and /vacancies leave them out too). */
static int
job_shown(const struct sess *s, const struct db_res *r, size_t i)
{
	return db_val(r, i, 3) == NULL ? s->nsites == 0 :
	    sess_site_allowed(s, db_int(r, i, 3));
}

/* The select lists of the filter form (from the choices cache);
 * checks the request's site, stage and job against them.  Returns 0, or
 * -1 after answering. */
static int
add_choices(struct ctx *c, xmlNodePtr list, struct cand_filter *f,
    const struct candxml_mstones *ms)
{
	struct sess		*s = c->sess;
	const struct choices	*ch;
	const struct db_res	*r;
	xmlNodePtr		 sites, jobs, locs, n, m;
	const char		*stage = http_field_str(&c->req, F_STAGE);
	size_t			 i, j;
	int			 found, seen;

	n = xml_node(list, "milestones");
	for (i = 0; i < ms->n; i++) {
		m = xml_node(n, "milestone");
		xml_attr(m, "key", ms->m[i].key);
		xml_attr_int(m, "pos", ms->m[i].pos);
		xml_attr(m, "points", ms->m[i].points);
		candxml_outcomes(m, ms, &ms->m[i]);
		if (stage != NULL && strcmp(stage, ms->m[i].key) == 0)
			f->stage_pos = ms->m[i].pos;
	}
	if (stage != NULL && f->stage_pos == 0) {
		loop_error(c, 400, "error.bad_field", "stage");
		return -1;
	}
	if ((ch = choices_get(c)) == NULL) {
		loop_error(c, 500, "error.server", NULL);
		return -1;
	}

	r = &ch->sites;
	found = f->site == 0;
	if (r->nrows > 0) {
		sites = xml_node(list, "sites");
		for (i = 0; i < r->nrows; i++) {
			if (!sess_site_allowed(s, db_int(r, i, 0)))
				continue;
			n = xml_text(sites, "site", db_val(r, i, 1));
			xml_attr(n, "id", db_val(r, i, 0));
			if (db_int(r, i, 0) == f->site)
				found = 1;
		}
	}
	if (!found) {
		loop_error(c, 400, "error.bad_field", "site");
		return -1;
	}

	r = &ch->jobs;
	found = f->job == 0;
	jobs = xml_node(list, "jobs");
	locs = xml_node(list, "locations");
	for (i = 0; i < r->nrows; i++) {
		const char *loc = db_val(r, i, 2);

		if (!job_shown(s, r, i))
			continue;
		n = xml_text(jobs, "job", db_val(r, i, 1));
		xml_attr(n, "id", db_val(r, i, 0));
		if (db_int(r, i, 0) == f->job)
			found = 1;
		/* Locations: the distinct towns of the vacancies shown. */
		if (loc == NULL || *loc == '\0')
			continue;
		for (seen = 0, j = 0; j < i && !seen; j++)
			seen = db_val(r, j, 2) != NULL && strcmp(db_val(r, j, 2), loc) == 0 &&
			    job_shown(s, r, j);
		if (!seen)
			xml_text(locs, "location", loc);
	}
	if (!found) {
		loop_error(c, 400, "error.bad_field", "job");
		return -1;
	}
	return 0;
}

static void
page_list(struct ctx *c, enum cand_view view)
{
	struct sess		*s = c->sess;
	struct cand_filter	 f;
	struct candxml_mstones		 ms;
	struct db_res		 rows;
	xmlNodePtr		 root, list, n;
	long long		 total = 0, pages, card, menu;
	const char		*status = http_field_str(&c->req, F_STATUS);
	size_t			 i;
	int			 card_shown = 0;

	memset(&f, 0, sizeof(f));
	f.org_id = s->org_id;
	f.view = view;
	f.user_id = s->user_id;
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
	menu = http_field_int(&c->req, F_MENU, 0);
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

	if (candxml_mstones_load(c, &ms) == -1)
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
		int open = card == db_int(&rows, i, CC_ID);

		candxml_row(c, list, &rows, i, &ms, open);
		card_shown |= open;
		/* The outcome menu of one row that has a current milestone. */
		if (menu == db_int(&rows, i, CC_ID) &&
		    (strcmp(db_val(&rows, i, CC_STATUS), "action") == 0 ||
		    strcmp(db_val(&rows, i, CC_STATUS), "waiting") == 0))
			xml_attr_int(list, "menu", menu);
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
	"SELECT " CAND_COLUMNS "FROM candidates c" CAND_JOINS
	" WHERE c.id = ? AND c.org_id = ? AND c.deleted_at IS NULL";

/* Every event of a candidate, oldest first; an undo names what it undid. */
static const char sql_events[] =
	"SELECT e.id, e.kind, m.mkey, o.okey, o.color, "
	"DATE_FORMAT(e.effective_date, '%Y-%m-%d'), "
	"DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i:%s'), u.name, e.undone, e.note, m.pos "
	"FROM candidate_events e JOIN milestones m ON m.id = e.milestone_id "
	"LEFT JOIN candidate_events ue ON ue.id = e.undoes_id "
	"LEFT JOIN outcomes o ON o.id = COALESCE(e.outcome_id, ue.outcome_id) "
	"LEFT JOIN users u ON u.id = e.user_id "
	"WHERE e.candidate_id = ? ORDER BY e.id";

enum ev_col {
	EV_ID, EV_KIND, EV_MKEY, EV_OKEY, EV_COLOR, EV_DATE, EV_AT, EV_BY,
	EV_UNDONE, EV_NOTE, EV_POS
};

/* The candidate's milestone boxes: each one's effective outcome, its state,
 * the choices on the current one and the undo mark on the latest. */
static void
add_boxes(xmlNodePtr cand, const struct candxml_mstones *ms,
    struct db_res *ev, const char *status, long long stage_pos)
{
	xmlNodePtr	 list, b;
	size_t		 m, i, latest = (size_t)-1;
	size_t		 eff[CANDXML_MAX_MILESTONES];
	int		 open = strcmp(status, "action") == 0 || strcmp(status, "waiting") == 0;

	for (m = 0; m < ms->n; m++)
		eff[m] = (size_t)-1;
	for (i = 0; i < ev->nrows; i++) {
		if (strcmp(db_val(ev, i, EV_KIND), "outcome") != 0 ||
		    db_int(ev, i, EV_UNDONE) != 0)
			continue;
		for (m = 0; m < ms->n; m++)
			if (ms->m[m].pos == db_int(ev, i, EV_POS))
				eff[m] = i;
		latest = i;
	}
	list = xml_node(cand, "milestones");
	for (m = 0; m < ms->n; m++) {
		const char *state;

		b = xml_node(list, "milestone");
		xml_attr(b, "key", ms->m[m].key);
		xml_attr_int(b, "pos", ms->m[m].pos);
		xml_attr(b, "points", ms->m[m].points);
		if (ms->m[m].pos < stage_pos)
			state = "done";
		else if (ms->m[m].pos == stage_pos && open)
			state = "current";
		else if (ms->m[m].pos == stage_pos && strcmp(status, "archived") == 0)
			state = "failed";
		else
			state = "future";
		xml_attr(b, "state", state);
		if ((i = eff[m]) != (size_t)-1) {
			xml_attr(b, "color", db_val(ev, i, EV_COLOR));
			xml_attr(b, "outcome", db_val(ev, i, EV_OKEY));
			xml_attr(b, "date", db_val(ev, i, EV_DATE));
			xml_attr(b, "by", db_val(ev, i, EV_BY));
			if (i == latest)
				xml_attr(b, "undo", "1");
		}
		if (strcmp(state, "current") == 0)
			candxml_outcomes(b, ms, &ms->m[m]);
	}
}

static void
add_history(struct ctx *c, xmlNodePtr cand, struct db_res *ev)
{
	xmlNodePtr	 h, e;
	size_t		 i;

	h = xml_node(cand, "history");
	for (i = ev->nrows; i-- > 0; ) {
		e = xml_node(h, "event");
		xml_attr(e, "id", db_val(ev, i, EV_ID));
		xml_attr(e, "kind", db_val(ev, i, EV_KIND));
		xml_attr(e, "milestone", db_val(ev, i, EV_MKEY));
		xml_attr(e, "outcome", db_val(ev, i, EV_OKEY));
		xml_attr(e, "color", db_val(ev, i, EV_COLOR));
		xml_attr(e, "date", db_val(ev, i, EV_DATE));
		candxml_local(c, e, "at", db_val(ev, i, EV_AT));
		xml_attr(e, "by", db_val(ev, i, EV_BY));
		if (db_int(ev, i, EV_UNDONE) != 0)
			xml_attr(e, "undone", "1");
		if (db_val(ev, i, EV_NOTE) != NULL && *db_val(ev, i, EV_NOTE) != '\0')
			xml_text(e, "note", db_val(ev, i, EV_NOTE));
	}
}

static int add_also(struct ctx *, xmlNodePtr, long long, const char *);

/* One candidate: contact, vacancy, referrer, milestone boxes and history.
 * Another organisation's (or another site's) candidate is a 404. */
static void
page_candidate(struct ctx *c)
{
	struct sess	*s = c->sess;
	struct db_res	 r, ev;
	struct candxml_mstones	 ms;
	xmlNodePtr	 root, n;
	long long	 id = c->req.ids[0];
	char		 local[32];

	if (db_query(c->db, c->arena, &r, sql_one, "ii", id, s->org_id) == -1 ||
	    candxml_mstones_load(c, &ms) == -1 ||
	    db_query(c->db, c->arena, &ev, sql_events, "i", id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (r.nrows == 0 || (s->nsites > 0 && (db_val(&r, 0, CC_SITE_ID) == NULL ||
	    !sess_site_allowed(s, db_int(&r, 0, CC_SITE_ID))))) {
		loop_error(c, 404, "error.not_found", NULL);
		return;
	}
	if (audit_log(c, s->org_id, s->user_id, "contact.view", "candidate", id, NULL) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "candidate");
	n = candxml_row(c, root, &r, 0, &ms, 1);
	xml_attr(n, "today", prog_today_str(c->arena, s->org_tz));
	util_utc_to_local(s->org_tz, db_val(&r, 0, CC_EOI), local, sizeof(local));
	local[10] = '\0';
	xml_attr(n, "eoi-date", local);
	add_boxes(n, &ms, &ev, db_val(&r, 0, CC_STATUS), db_int(&r, 0, CC_STAGE_POS));
	add_history(c, n, &ev);
	if (add_also(c, n, id, db_val(&r, 0, CC_EMAIL)) == -1) {
		loop_fail(c, root);
		return;
	}
	loop_render(c, root);
}

/* Where to go after a POST: the form's next, else the candidate. */
static char *
post_next(struct ctx *c)
{
	const char	*next = http_field_str(&c->req, F_NEXT);

	return loop_url(c, next != NULL ? next :
	    arena_printf(c->arena, "/candidates/%lld", c->req.ids[0]));
}

/* A refused change: the candidate page as it is now, with the reason. */
static void
refuse(struct ctx *c, int status, const char *key, const char *const *args)
{
	size_t	 i;

	c->flash_kind = "error";
	c->flash = key;
	memset(c->flash_args, 0, sizeof(c->flash_args));
	for (i = 0; args != NULL && args[i] != NULL && i + 1 < 8; i += 2) {
		c->flash_args[i] = args[i];
		c->flash_args[i + 1] = args[i + 1];
	}
	page_candidate(c);
	if (c->resp.status == 200)
		c->resp.status = status;
}

static void
prog_fill(struct ctx *c, struct prog_req *q)
{
	struct sess	*s = c->sess;

	memset(q, 0, sizeof(*q));
	q->org_id = s->org_id;
	q->user_id = s->user_id;
	q->sites = s->site_ids;
	q->nsites = s->nsites;
	q->cand_id = c->req.ids[0];
	q->version = http_field_int(&c->req, F_VERSION, 0);
	q->tz = s->org_tz;
	q->locale = s->org_locale;
	q->addr = c->req.remote_addr;
	q->grace = c->conf->grace_delay;
}

/* The refusals of prog_outcome() and prog_undo(): status and message. */
static const struct {
	enum prog_rc	 rc;
	int		 status;
	const char	*key;
} prog_refusals[] = {
	{ PROG_STALE, 409, "outcome.stale" },
	{ PROG_CLOSED, 409, "outcome.closed" },
	{ PROG_NOTHING, 409, "outcome.nothing_to_undo" },
	{ PROG_BAD_MILESTONE, 400, "outcome.bad_milestone" },
	{ PROG_BAD_OUTCOME, 400, "outcome.bad_outcome" },
	{ PROG_FUTURE, 400, "outcome.bad_date_future" },
	{ PROG_BEFORE_EOI, 400, "outcome.bad_date_eoi" },
	{ PROG_NOT_DUE, 400, "outcome.not_due" },
};

/* Answer anything but success; 1 when rc was answered, 0 for PROG_DONE
 * and PROG_REPEAT. */
static int
prog_answer(struct ctx *c, int rc, const struct prog_result *res)
{
	const char	*args[] = { "date", res->due, NULL };
	size_t		 i;

	if (rc == PROG_ERROR) {
		loop_error(c, 500, "error.server", NULL);
		return 1;
	}
	if (rc == PROG_NOT_FOUND) {
		loop_error(c, 404, "error.not_found", NULL);
		return 1;
	}
	for (i = 0; i < sizeof(prog_refusals) / sizeof(prog_refusals[0]); i++)
		if (prog_refusals[i].rc == rc) {
			refuse(c, prog_refusals[i].status, prog_refusals[i].key,
			    res->due != NULL ? args : NULL);
			return 1;
		}
	return 0;
}

static void
post_outcome(struct ctx *c)
{
	struct prog_req		 q;
	struct prog_result	 res;
	const char		*key, *pts;
	int			 rc;

	prog_fill(c, &q);
	q.milestone = http_field_str(&c->req, F_MILESTONE);
	q.outcome = http_field_str(&c->req, F_OUTCOME);
	q.date = http_field_int(&c->req, F_DATE, 0);
	q.note = http_field_str(&c->req, F_NOTE);
	if (q.version == 0 || q.milestone == NULL || q.outcome == NULL) {
		loop_error(c, 400, "error.bad_field", q.version == 0 ? "version" :
		    q.milestone == NULL ? "milestone" : "outcome");
		return;
	}
	rc = prog_outcome(c->db, c->arena, &q, &res);
	if (prog_answer(c, rc, &res))
		return;
	/* PROG_DONE or PROG_REPEAT: say what happened. */
	if (res.color != NULL && strcmp(res.color, "red") == 0)
		key = res.told ? "outcome.archived" : "outcome.archived_quiet";
	else if (res.points > 0)
		key = "outcome.saved_points";
	else if (res.told)
		key = "outcome.saved_told";
	else
		key = "outcome.saved";
	pts = arena_printf(c->arena, "%d", res.points);
	{
		const char *args[] = { "name", res.name, "referrer", res.referrer,
		    "points", pts, NULL };

		loop_flash_args(c, "ok", key, args);
	}
	http_resp_redirect(&c->resp, post_next(c));
}

static void
post_undo(struct ctx *c)
{
	struct prog_req		 q;
	struct prog_result	 res;
	int			 rc;

	prog_fill(c, &q);
	if (q.version == 0) {
		loop_error(c, 400, "error.bad_field", "version");
		return;
	}
	rc = prog_undo(c->db, c->arena, &q, &res);
	if (prog_answer(c, rc, &res))
		return;
	{
		const char *args[] = { "name", res.name,
		    "points", arena_printf(c->arena, "%d", res.points), NULL };

		loop_flash_args(c, "ok", res.points > 0 ? "outcome.undone_points" :
		    "outcome.undone", args);
	}
	http_resp_redirect(&c->resp, post_next(c));
}

/* ------------------------------------------------------------------
 * Adding a candidate by hand, deleting one, and "also interested in"
 * (issue 5).  The rules and the transactions are lib/eoi.c's, shared
 * with the apply page.
 * ------------------------------------------------------------------ */

/* The same organisation's other live EOIs of this email ("also
 * interested in ..."), and the right-to-work answer.  Those at sites the
 * user cannot open are listed without a link. */
static int
add_also(struct ctx *c, xmlNodePtr cand, long long id, const char *email)
{
	struct db_res	 r;
	xmlNodePtr	 also, e;
	size_t		 i;

	if (db_query(c->db, c->arena, &r, "SELECT right_to_work FROM candidates "
	    "WHERE id = ?", "i", id) == -1)
		return -1;
	if (r.nrows > 0 && db_val(&r, 0, 0) != NULL)
		xml_attr(cand, "right-to-work", db_int(&r, 0, 0) ? "yes" : "no");
	if (email == NULL || *email == '\0')
		return 0;
	if (db_query(c->db, c->arena, &r, "SELECT c.id, c.status, v.id, v.title, c.site_id "
	    "FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id "
	    "WHERE c.org_id = ? AND c.email = ? AND c.id <> ? AND c.deleted_at IS NULL "
	    "ORDER BY c.eoi_at, c.id", "isi", c->sess->org_id, email, id) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	also = xml_node(cand, "also");
	for (i = 0; i < r.nrows; i++) {
		e = xml_text(also, "eoi", db_val(&r, i, 3));
		xml_attr(e, "candidate", db_val(&r, i, 0));
		xml_attr(e, "status", db_val(&r, i, 1));
		xml_attr(e, "vacancy", db_val(&r, i, 2));
		if (db_val(&r, i, 4) == NULL ? c->sess->nsites == 0 :
		    sess_site_allowed(c->sess, db_int(&r, i, 4)))
			xml_attr(e, "link", "1");
	}
	return 0;
}

/* The form of /candidates/new: the typed values, the mistakes (field,
 * key pairs), the vacancies and referrers the user may pick. */
static void
new_form(struct ctx *c, int status, const char *const *errs, size_t nerrs)
{
	static const enum field typed[] = { F_NAME, F_EMAIL, F_PHONE, F_POSTCODE, F_NOTE };
	struct sess	*s = c->sess;
	struct db_res	 r;
	xmlNodePtr	 root, top, f, list, n;
	const char	*today = prog_today_str(c->arena, s->org_tz);
	size_t		 i;

	root = loop_page(c, "candidate-new");
	top = xml_node(root, "candidate-new");
	xml_attr(top, "today", today);
	f = xml_node(top, "form");
	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		xml_attr(f, fields[typed[i]].name, http_field_str(&c->req, typed[i]));
	xml_attr(f, "vacancy", http_field_str(&c->req, F_VACANCY));
	xml_attr(f, "referrer", http_field_str(&c->req, F_REFERRER));
	xml_attr(f, "eoi_date", http_field_str(&c->req, F_EOI_DATE) != NULL ?
	    http_field_str(&c->req, F_EOI_DATE) : today);
	xml_errors(f, errs, nerrs);
	if (db_query(c->db, c->arena, &r, "SELECT id, title, is_open, site_id, location "
	    "FROM vacancies WHERE org_id = ? ORDER BY is_open DESC, title, id", "i",
	    s->org_id) == -1)
		goto fail;
	list = xml_node(top, "vacancies");
	for (i = 0; i < r.nrows; i++) {
		if (db_val(&r, i, 3) == NULL ? s->nsites > 0 :
		    !sess_site_allowed(s, db_int(&r, i, 3)))
			continue;
		n = xml_text(list, "vacancy", db_val(&r, i, 1));
		xml_attr(n, "id", db_val(&r, i, 0));
		xml_attr(n, "open", db_val(&r, i, 2));
		xml_attr(n, "location", db_val(&r, i, 4));
	}
	if (db_query(c->db, c->arena, &r, "SELECT id, name, site_id FROM referrers "
	    "WHERE org_id = ? ORDER BY name, id", "i", s->org_id) == -1)
		goto fail;
	list = xml_node(top, "referrers");
	for (i = 0; i < r.nrows; i++) {
		if (db_val(&r, i, 2) == NULL ? s->nsites > 0 :
		    !sess_site_allowed(s, db_int(&r, i, 2)))
			continue;
		n = xml_text(list, "referrer", db_val(&r, i, 1));
		xml_attr(n, "id", db_val(&r, i, 0));
	}
	loop_render_status(c, root, status);
	return;
fail:
	loop_fail(c, root);
}

static void
page_new(struct ctx *c)
{
	new_form(c, 200, NULL, 0);
}

/* A candidate added by a recruiter: the same rules, transaction and
 * messages as the apply page.  The candidate gets the thank-you too: a
 * referred candidate did not give their data themselves, so the first
 * mail to them carries the privacy notice (DESIGN.md 6). */
static void
post_new(struct ctx *c)
{
	struct sess		*s = c->sess;
	struct eoi_req		 q;
	struct eoi_result	 res;
	const char		*errs[20], *email = NULL;
	size_t			 nerrs = 0;
	long long		 today = prog_today(s->org_tz);
	long long		 date = http_field_int(&c->req, F_EOI_DATE, today);
	int			 rc;

	if (http_field_int(&c->req, F_VACANCY, 0) == 0)
		eoi_err_add(errs, &nerrs, "vacancy", "cand.new.err.vacancy");
	eoi_err_add(errs, &nerrs, "name", eoi_check_name(http_field_str(&c->req, F_NAME)));
	eoi_err_add(errs, &nerrs, "email", eoi_check_email(c->arena,
	    http_field_str(&c->req, F_EMAIL), &email));
	eoi_err_add(errs, &nerrs, "phone", eoi_check_phone(http_field_str(&c->req, F_PHONE)));
	eoi_err_add(errs, &nerrs, "postcode",
	    eoi_check_postcode(http_field_str(&c->req, F_POSTCODE)));
	eoi_err_add(errs, &nerrs, "note", eoi_check_note(http_field_str(&c->req, F_NOTE)));
	if (date > today)
		eoi_err_add(errs, &nerrs, "eoi_date", "cand.new.err.date_future");
	else if (date < today - 10000)
		eoi_err_add(errs, &nerrs, "eoi_date", "cand.new.err.date_old");
	if (nerrs > 0) {
		new_form(c, 400, errs, nerrs);
		return;
	}
	memset(&q, 0, sizeof(q));
	q.org_id = s->org_id;
	q.vacancy_id = http_field_int(&c->req, F_VACANCY, 0);
	q.referrer_id = http_field_int(&c->req, F_REFERRER, 0);
	q.name = http_field_str(&c->req, F_NAME);
	q.email = email;
	q.phone = http_field_str(&c->req, F_PHONE);
	q.postcode = http_field_str(&c->req, F_POSTCODE);
	q.note = http_field_str(&c->req, F_NOTE);
	q.right_to_work = -1;
	q.lang = s->org_locale;
	/* An earlier date is that day at noon UTC (the same date in Europe). */
	q.eoi_at = date == today ? NULL : arena_printf(c->arena,
	    "%04lld-%02lld-%02lld 12:00:00", date / 10000, date / 100 % 100, date % 100);
	q.user_id = s->user_id;
	q.sites = s->site_ids;
	q.nsites = s->nsites;
	q.addr = c->req.remote_addr;
	rc = eoi_create(c->db, c->arena, &q, &res);
	if (rc == EOI_ERROR) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == EOI_NO_VACANCY || rc == EOI_NO_REFERRER) {
		eoi_err_add(errs, &nerrs, rc == EOI_NO_VACANCY ? "vacancy" : "referrer",
		    rc == EOI_NO_VACANCY ? "cand.new.err.vacancy" : "cand.new.err.referrer");
		new_form(c, 400, errs, nerrs);
		return;
	}
	{
		const char *args[] = { "name", q.name, NULL };

		loop_flash_args(c, rc == EOI_DUPLICATE ? "error" : "ok",
		    rc == EOI_DUPLICATE ? "cand.new.duplicate" : "cand.new.added", args);
	}
	http_resp_redirect(&c->resp, loop_url(c, arena_printf(c->arena,
	    "/candidates/%lld", res.cand_id)));
}

/* Delete with a reason (test_entry, duplicate, other) and an optional note. */
static void
post_delete(struct ctx *c)
{
	struct sess	*s = c->sess;
	const char	*reason = http_field_str(&c->req, F_REASON);
	const char	*note = http_field_str(&c->req, F_NOTE);
	const char	*name = NULL;
	long long	 version = http_field_int(&c->req, F_VERSION, 0);

	if (reason == NULL || version == 0 ||
	    (note != NULL && utf8_len(note) > EOI_DELETE_NOTE_MAX)) {
		loop_error(c, 400, "error.bad_field", reason == NULL ? "reason" :
		    version == 0 ? "version" : "note");
		return;
	}
	switch (eoi_delete(c->db, c->arena, s->org_id, s->user_id, s->site_ids,
	    s->nsites, c->req.ids[0], version, reason, note, c->req.remote_addr,
	    &name)) {
	case EOI_DEL_ERROR:
		loop_error(c, 500, "error.server", NULL);
		return;
	case EOI_DEL_NOT_FOUND:
		loop_error(c, 404, "error.not_found", NULL);
		return;
	case EOI_DEL_STALE:
		/* As for an outcome: the page as it is now, nothing done. */
		refuse(c, 409, "outcome.stale", NULL);
		return;
	}
	{
		const char *args[] = { "name", name, NULL };

		loop_flash_args(c, "ok", "cand.deleted", args);
	}
	http_resp_redirect(&c->resp, loop_url(c, "/candidates"));
}

/* ------------------------------------------------------------------ */

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
	{ HTTP_POST, "/candidates/%d/outcome", post_outcome, 0 },
	{ HTTP_POST, "/candidates/%d/undo", post_undo, 0 },
	{ HTTP_GET, "/candidates/new", page_new, 0 },
	{ HTTP_POST, "/candidates/new", post_new, 0 },
	{ HTTP_POST, "/candidates/%d/delete", post_delete, 0 },
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
