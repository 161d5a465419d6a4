/* vacancies.c: the vacancies list, a vacancy's form, its apply and share links */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "db.h"
#include "eoi.h"
#include "loop.h"
#include "names.h"
#include "render.h"
#include "sess.h"
#include "util.h"

#define VAC_MAX_WATCHERS	200	/* users a form may tick */
#define VAC_SHARE_MAX		50	/* referrers a search offers */

enum field {
	F_TITLE,
	F_SITE,
	F_LOCATION,
	F_POSTCODE,
	F_DESCRIPTION,
	F_OPEN,
	F_RTW,
	F_WATCHER,
	F_Q,
	F_REFERRER,
	F_DEBUG,
	F__MAX
};

static int
valid_box(struct http_pair *p)
{
	return strcmp(p->val, "1") == 0;
}

static int
valid_q(struct http_pair *p)
{
	return http_valid_longtext(p) && utf8_len(p->val) <= 100;
}

/* Typed text is checked in the handler (vac_check()), so that a mistake
 * comes back in the form next to its field; ids and boxes that only a
 * tampered form gets wrong are refused up front. */
static const struct http_field fields[F__MAX] = {
	[F_TITLE] = { "title", eoi_valid_typed, 0 },
	[F_SITE] = { "site", http_valid_id, 0 },
	[F_LOCATION] = { "location", eoi_valid_typed, 0 },
	[F_POSTCODE] = { "postcode", eoi_valid_typed, 0 },
	[F_DESCRIPTION] = { "description", eoi_valid_typed, 0 },
	[F_OPEN] = { "open", valid_box, 0 },
	[F_RTW] = { "right_to_work", valid_box, 0 },
	[F_WATCHER] = { "watcher", http_valid_id, 1 },
	[F_Q] = { "q", valid_q, 0 },
	[F_REFERRER] = { "referrer", http_valid_id, 0 },
	[F_DEBUG] = { "debug", http_valid_debug, 0 },
};

/* --- the list --- */

static const char sql_list[] =
	"SELECT v.id, v.title, v.location, v.is_open, s.id, s.name, v.code, "
	"(SELECT COUNT(*) FROM candidates c WHERE c.vacancy_id = v.id "
	"AND c.deleted_at IS NULL AND c.status IN ('action', 'waiting', 'complete')) "
	"FROM vacancies v LEFT JOIN sites s ON s.id = v.site_id "
	"WHERE v.org_id = ? ORDER BY v.is_open DESC, v.title, v.id";

static void
page_list(struct ctx *c)
{
	struct sess	*s = c->sess;
	struct db_res	 r;
	xmlNodePtr	 root, list, n, e;
	size_t		 i;

	if (db_query(c->db, c->arena, &r, sql_list, "i", s->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "vacancies");
	list = xml_node(root, "vacancies");
	for (i = 0; i < r.nrows; i++) {
		if (!sess_site_allowed(s, db_int(&r, i, 4)))
			continue;
		n = xml_node(list, "vacancy");
		xml_attr(n, "id", db_val(&r, i, 0));
		xml_attr(n, "open", db_val(&r, i, 3));
		xml_attr(n, "code", db_val(&r, i, 6));
		xml_attr(n, "live", db_val(&r, i, 7));
		xml_text(n, "title", db_val(&r, i, 1));
		if (*db_val(&r, i, 2) != '\0')
			xml_text(n, "location", db_val(&r, i, 2));
		if (db_val(&r, i, 4) != NULL) {
			e = xml_text(n, "site", db_val(&r, i, 5));
			xml_attr(e, "id", db_val(&r, i, 4));
		}
	}
	loop_render(c, root);
}

/* --- one vacancy: the form --- */

/* What the form holds: from the database, or as typed. */
struct vac {
	long long	 id;		/* 0: new */
	const char	*code;
	const char	*title, *location, *postcode, *description;
	long long	 site;		/* 0: none */
	int		 open, rtw;
	const char	*watchers[VAC_MAX_WATCHERS];
	size_t		 nwatchers;
	long long	 live;
};

static const char sql_one[] =
	"SELECT v.id, v.code, v.title, v.location, v.postcode, v.description, "
	"v.site_id, v.is_open, v.right_to_work, "
	"(SELECT COUNT(*) FROM candidates c WHERE c.vacancy_id = v.id "
	"AND c.deleted_at IS NULL AND c.status IN ('action', 'waiting', 'complete')) "
	"FROM vacancies v WHERE v.id = ? AND v.org_id = ?";

/* Load the vacancy of the path for the user: 1, 0 (not theirs: 404) or -1. */
static int
vac_load(struct ctx *c, struct vac *v)
{
	struct db_res	 r, w;
	size_t		 i;

	memset(v, 0, sizeof(*v));
	if (db_query(c->db, c->arena, &r, sql_one, "ii", c->req.ids[0],
	    c->sess->org_id) == -1)
		return -1;
	if (r.nrows == 0 || !sess_site_allowed(c->sess, db_int(&r, 0, 6)))
		return 0;
	v->id = db_int(&r, 0, 0);
	v->code = db_val(&r, 0, 1);
	v->title = db_val(&r, 0, 2);
	v->location = db_val(&r, 0, 3);
	v->postcode = db_val(&r, 0, 4);
	v->description = db_val(&r, 0, 5);
	v->site = db_int(&r, 0, 6);
	v->open = (int)db_int(&r, 0, 7);
	v->rtw = (int)db_int(&r, 0, 8);
	v->live = db_int(&r, 0, 9);
	if (db_query(c->db, c->arena, &w, "SELECT user_id FROM vacancy_watchers "
	    "WHERE vacancy_id = ? ORDER BY user_id", "i", v->id) == -1)
		return -1;
	for (i = 0; i < w.nrows && i < VAC_MAX_WATCHERS; i++)
		v->watchers[v->nwatchers++] = db_val(&w, i, 0);
	return 1;
}

/* The form as typed (for a POST). */
static void
vac_typed(struct ctx *c, struct vac *v)
{
	const char	*s;

	v->title = http_field_str(&c->req, F_TITLE);
	v->location = (s = http_field_str(&c->req, F_LOCATION)) != NULL ? s : "";
	v->postcode = (s = http_field_str(&c->req, F_POSTCODE)) != NULL ? s : "";
	v->description = (s = http_field_str(&c->req, F_DESCRIPTION)) != NULL ? s : "";
	v->site = http_field_int(&c->req, F_SITE, 0);
	v->open = http_field_str(&c->req, F_OPEN) != NULL;
	v->rtw = http_field_str(&c->req, F_RTW) != NULL;
	v->nwatchers = http_field_all(&c->req, F_WATCHER, v->watchers, VAC_MAX_WATCHERS);
}

static int
watching(const struct vac *v, const char *id)
{
	size_t	 i;

	for (i = 0; i < v->nwatchers; i++)
		if (strtoll(v->watchers[i], NULL, 10) == strtoll(id, NULL, 10))
			return 1;
	return 0;
}

/* The referrer search and the share link of the one picked. */
static int
add_share(struct ctx *c, xmlNodePtr vn, const struct vac *v)
{
	struct sess	*s = c->sess;
	const char	*q = http_field_str(&c->req, F_Q);
	long long	 pick = http_field_int(&c->req, F_REFERRER, 0);
	struct buf	 sql = { NULL, 0, 0 };
	struct db_params p;
	struct db_res	 r;
	xmlNodePtr	 sh, n;
	size_t		 i;
	int		 rc;

	sh = xml_node(vn, "share");
	xml_attr(sh, "q", q != NULL ? q : "");
	if (q == NULL && pick == 0)
		return 0;
	/* Matching referrers: every word of q starts a word of the name. */
	memset(&p, 0, sizeof(p));
	buf_puts(&sql, "SELECT r.id, r.name, r.code, r.site_id FROM referrers r "
	    "WHERE r.org_id = ?");
	db_param_int(&p, s->org_id);
	if (pick > 0) {
		buf_puts(&sql, " AND r.id = ?");
		db_param_int(&p, pick);
	}
	names_match_referrer(c->arena, &sql, &p, s->org_id, "r.id", q);
	buf_puts(&sql, " ORDER BY r.name, r.id LIMIT ?");
	db_param_int(&p, VAC_SHARE_MAX);
	rc = db_queryp(c->db, c->arena, &r, sql.data, &p);
	buf_free(&sql);
	if (rc == -1)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		if (!sess_site_allowed(s, db_int(&r, i, 3)))
			continue;
		n = xml_text(sh, "referrer", db_val(&r, i, 1));
		xml_attr(n, "id", db_val(&r, i, 0));
		if (db_int(&r, i, 0) == pick) {
			xml_attr(n, "selected", "1");
			n = xml_text(sh, "link", db_val(&r, i, 1));
			xml_attr(n, "referrer", db_val(&r, i, 0));
			/* public_url holds the base path already. */
			xml_attr(n, "url", arena_printf(c->arena, "%s/apply/%s?r=%s",
			    c->conf->public_url, v->code, db_val(&r, i, 2)));
		}
	}
	return 0;
}

/* Render the form: status 200, or 400 with the mistakes (field, key pairs). */
static void
vac_form(struct ctx *c, int status, const struct vac *v, const char *const *errs,
    size_t nerrs)
{
	struct sess	*s = c->sess;
	struct db_res	 r;
	xmlNodePtr	 root, vn, list, n;
	size_t		 i;

	root = loop_page(c, "vacancy");
	vn = xml_node(root, "vacancy");
	xml_attr(vn, "mode", v->id > 0 ? "edit" : "new");
	if (v->id > 0) {
		xml_attr_int(vn, "id", v->id);
		xml_attr(vn, "code", v->code);
		xml_attr_int(vn, "live", v->live);
		xml_attr(vn, "apply-url", arena_printf(c->arena, "%s/apply/%s",
		    c->conf->public_url, v->code));
	}
	xml_attr(vn, "open", v->open ? "1" : "0");
	xml_attr(vn, "right-to-work", v->rtw ? "1" : "0");
	xml_attr_int(vn, "site", v->site);
	xml_text(vn, "title", v->title != NULL ? v->title : "");
	xml_text(vn, "location", v->location != NULL ? v->location : "");
	xml_text(vn, "postcode", v->postcode != NULL ? v->postcode : "");
	xml_text(vn, "description", v->description != NULL ? v->description : "");

	if (db_query(c->db, c->arena, &r, "SELECT id, name FROM sites WHERE org_id = ? "
	    "ORDER BY name, id", "i", s->org_id) == -1)
		goto fail;
	if (r.nrows > 0) {
		list = xml_node(vn, "sites");
		for (i = 0; i < r.nrows; i++) {
			if (!sess_site_allowed(s, db_int(&r, i, 0)))
				continue;
			n = xml_text(list, "site", db_val(&r, i, 1));
			xml_attr(n, "id", db_val(&r, i, 0));
		}
	}
	if (db_query(c->db, c->arena, &r, "SELECT id, name, email FROM users "
	    "WHERE org_id = ? AND disabled = 0 ORDER BY name, id", "i", s->org_id) == -1)
		goto fail;
	list = xml_node(vn, "watchers");
	for (i = 0; i < r.nrows; i++) {
		n = xml_text(list, "person", db_val(&r, i, 1));
		xml_attr(n, "id", db_val(&r, i, 0));
		xml_attr(n, "email", db_val(&r, i, 2));
		if (watching(v, db_val(&r, i, 0)))
			xml_attr(n, "checked", "1");
	}
	if (nerrs > 0)
		xml_errors(xml_node(vn, "errors"), errs, nerrs);
	if (v->id > 0 && add_share(c, vn, v) == -1)
		goto fail;
	loop_render_status(c, root, status);
	return;
fail:
	loop_fail(c, root);
}

static void
page_new(struct ctx *c)
{
	struct vac	 v;

	memset(&v, 0, sizeof(v));
	v.open = 1;
	/* By default the creator hears of every new candidate. */
	v.watchers[0] = arena_printf(c->arena, "%lld", c->sess->user_id);
	v.nwatchers = 1;
	if (c->sess->nsites == 1)
		v.site = c->sess->site_ids[0];
	vac_form(c, 200, &v, NULL, 0);
}

static void
page_one(struct ctx *c)
{
	struct vac	 v;

	if (loop_found(c, vac_load(c, &v)))
		vac_form(c, 200, &v, NULL, 0);
}

/* The rules of the form: mistakes into errs (field, key pairs).  Checks
 * the site and the watchers against the organisation (and the user's
 * sites).  Returns the number of mistakes, or -1 on a database error. */
static int
vac_check(struct ctx *c, const struct vac *v, const char **errs)
{
	struct sess	*s = c->sess;
	struct db_res	 r;
	size_t		 n = 0, i;

	if (v->title == NULL)
		eoi_err_add(errs, &n, "title", "vacancy.err.title_missing");
	else if (utf8_len(v->title) > 200)
		eoi_err_add(errs, &n, "title", "vacancy.err.title_long");
	if (utf8_len(v->location) > 100)
		eoi_err_add(errs, &n, "location", "vacancy.err.location_long");
	if (utf8_len(v->postcode) > 16)
		eoi_err_add(errs, &n, "postcode", "vacancy.err.postcode_long");
	if (utf8_len(v->description) > 4000)
		eoi_err_add(errs, &n, "description", "vacancy.err.description_long");
	if (db_query(c->db, c->arena, &r, "SELECT COUNT(*), "
	    "SUM(id = ?) FROM sites WHERE org_id = ?", "ii", v->site, s->org_id) == -1)
		return -1;
	if (v->site == 0 ? db_int(&r, 0, 0) > 0 || s->nsites > 0 :
	    db_int(&r, 0, 1) == 0 ||
	    !sess_site_allowed(s, v->site))
		eoi_err_add(errs, &n, "site", "vacancy.err.site");
	for (i = 0; i < v->nwatchers; i++) {
		if (db_query(c->db, c->arena, &r, "SELECT id FROM users WHERE id = ? "
		    "AND org_id = ? AND disabled = 0", "si", v->watchers[i],
		    s->org_id) == -1)
			return -1;
		if (r.nrows == 0) {
			eoi_err_add(errs, &n, "watcher", "vacancy.err.watcher");
			break;
		}
	}
	return (int)n;
}

struct save_txn {
	struct arena		*a;
	struct vac		*v;
	long long		 org_id, user_id;
	const char		*addr;
};

static int
save_txn(struct db *db, void *arg)
{
	struct save_txn	*t = arg;
	struct vac	*v = t->v;
	char		 code[16];
	size_t		 i;
	int		 tries;

	if (v->id == 0) {
		/* A new public code; another try on the rare collision. */
		for (tries = 0; ; tries++) {
			eoi_new_code(code, sizeof(code));
			if (db_exec(db, "INSERT INTO vacancies (org_id, site_id, code, "
			    "title, location, postcode, description, is_open, "
			    "right_to_work, created_by) VALUES (?, NULLIF(?, 0), ?, ?, ?, "
			    "?, ?, ?, ?, ?)", "iisssssiii", t->org_id, v->site, code,
			    v->title, v->location, v->postcode, v->description,
			    (long long)v->open, (long long)v->rtw, t->user_id) != -1)
				break;
			if (db_errno(db) != 1062 || tries == 4)
				return -1;
		}
		v->id = db_last_id(db);
	} else {
		if (db_exec(db, "UPDATE vacancies SET site_id = NULLIF(?, 0), title = ?, "
		    "location = ?, postcode = ?, description = ?, is_open = ?, "
		    "right_to_work = ? WHERE id = ? AND org_id = ?", "issssiiii",
		    v->site, v->title, v->location, v->postcode, v->description,
		    (long long)v->open, (long long)v->rtw, v->id, t->org_id) == -1 ||
		    db_exec(db, "DELETE FROM vacancy_watchers WHERE vacancy_id = ?",
		    "i", v->id) == -1)
			return -1;
	}
	if (choices_changed(db, t->org_id) == -1)
		return -1;
	for (i = 0; i < v->nwatchers; i++)
		if (db_exec(db, "INSERT INTO vacancy_watchers (vacancy_id, user_id) "
		    "VALUES (?, ?) ON DUPLICATE KEY UPDATE user_id = user_id", "is",
		    v->id, v->watchers[i]) == -1)
			return -1;
	if (db_exec(db, "INSERT INTO audit_log (org_id, user_id, action, object_kind, "
	    "object_id, detail, addr) VALUES (?, ?, ?, 'vacancy', ?, '', ?)", "iisis",
	    t->org_id, t->user_id, v->code == NULL ? "vacancy.create" : "vacancy.update",
	    v->id, t->addr) == -1)
		return -1;
	return 0;
}

/* Create (id 0) or update the vacancy from the form. */
static void
post_save(struct ctx *c, long long id)
{
	struct vac	 v, old;
	struct save_txn	 t;
	const char	*errs[20];
	int		 n;

	memset(&v, 0, sizeof(v));
	if (id > 0) {
		if (!loop_found(c, vac_load(c, &old)))
			return;
		v.id = old.id;
		v.code = old.code;
		v.live = old.live;
	}
	vac_typed(c, &v);
	if ((n = vac_check(c, &v, errs)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (n > 0) {
		vac_form(c, 400, &v, errs, (size_t)n);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.a = c->arena;
	t.v = &v;
	t.org_id = c->sess->org_id;
	t.user_id = c->sess->user_id;
	t.addr = c->req.remote_addr;
	if (db_txn(c->db, save_txn, &t) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	{
		const char *args[] = { "name", v.title, NULL };

		loop_flash_args(c, "ok", id > 0 ? "vacancy.saved" : "vacancy.created", args);
	}
	http_resp_redirect(&c->resp, loop_url(c, arena_printf(c->arena,
	    "/vacancies/%lld", v.id)));
}

static void
post_new(struct ctx *c)
{
	post_save(c, 0);
}

static void
post_one(struct ctx *c)
{
	post_save(c, c->req.ids[0]);
}

static const struct route routes[] = {
	{ HTTP_GET, "/vacancies", page_list, 0 },
	{ HTTP_GET, "/vacancies/new", page_new, 0 },
	{ HTTP_POST, "/vacancies/new", post_new, 0 },
	{ HTTP_GET, "/vacancies/%d", page_one, 0 },
	{ HTTP_POST, "/vacancies/%d", post_one, 0 },
};

static const struct program program = {
	"vacancies", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	return loop_main(argc, argv, &program);
}
