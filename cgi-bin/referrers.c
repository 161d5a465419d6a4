/* referrers.c: referrers: the list, one referrer's page, add and edit, CSV import, bonus points */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mysqld_error.h>

#include "audit.h"
#include "cand.h"
#include "candxml.h"
#include "csv.h"
#include "db.h"
#include "eoi.h"
#include "lang.h"
#include "loop.h"
#include "names.h"
#include "render.h"
#include "sess.h"
#include "util.h"

#define IMPORT_MAX_ROWS		1000	/* lines of one import */
#define IMPORT_MAX_BYTES	200000	/* bytes of pasted CSV */
#define BONUS_MAX		10000	/* points of one bonus */

enum field {
	F_DEBUG,
	F_Q,
	F_SITE,
	F_PAGE,
	F_NAME,
	F_EMAIL,
	F_PHONE,
	F_LANG,
	F_CSV,
	F_STEP,
	F_POINTS,
	F_REASON,
	F__MAX
};

static int
valid_q(struct http_pair *p)
{
	return http_valid_longtext(p) && utf8_len(p->val) <= 100;
}

/* A person's name: one line of text, up to 200 characters. */
static int
valid_name(struct http_pair *p)
{
	return http_valid_text(p) && strpbrk(p->val, "\t\r\n") == NULL;
}

/* A phone number as people write it: digits, spaces and + ( ) - . /,
 * at least one digit, up to 40 characters. */
static int
phone_ok(const char *s)
{
	size_t	 n = 0;
	int	 digit = 0;

	for (; *s != '\0'; s++, n++) {
		if (*s >= '0' && *s <= '9')
			digit = 1;
		else if (strchr(" +()-./", *s) == NULL)
			return 0;
	}
	return digit && n <= 40;
}

static int
valid_phone(struct http_pair *p)
{
	return http_valid_text(p) && phone_ok(p->val);
}

static int
valid_lang(struct http_pair *p)
{
	return lang_valid(p->val);
}

static int
valid_csv(struct http_pair *p)
{
	return p->valsz <= IMPORT_MAX_BYTES;
}

static int
valid_step(struct http_pair *p)
{
	return strcmp(p->val, "preview") == 0 || strcmp(p->val, "confirm") == 0;
}

static int
valid_points(struct http_pair *p)
{
	return http_valid_range(p, 1, BONUS_MAX);
}

static const struct http_field fields[F__MAX] = {
	[F_DEBUG] = { "debug", http_valid_debug },
	[F_Q] = { "q", valid_q },
	[F_SITE] = { "site", http_valid_id },
	[F_PAGE] = { "page", http_valid_page },
	[F_NAME] = { "name", valid_name },
	[F_EMAIL] = { "email", http_valid_email },
	[F_PHONE] = { "phone", valid_phone },
	[F_LANG] = { "lang", valid_lang },
	[F_CSV] = { "csv", valid_csv },
	[F_STEP] = { "step", valid_step },
	[F_POINTS] = { "points", valid_points },
	[F_REASON] = { "reason", valid_name },
};

/* The organisation's sites the user may choose: <sites><site id=>name</site></sites>,
 * only when the organisation has sites.  Returns 0 or -1. */
static int
add_sites(struct ctx *c, xmlNodePtr parent, struct db_res *r)
{
	xmlNodePtr	 list, n;
	size_t		 i;

	if (db_query(c->db, c->arena, r, "SELECT id, name FROM sites WHERE org_id = ? "
	    "ORDER BY name, id", "i", c->sess->org_id) == -1)
		return -1;
	if (r->nrows == 0)
		return 0;
	list = xml_node(parent, "sites");
	for (i = 0; i < r->nrows; i++) {
		if (!sess_site_allowed(c->sess, db_int(r, i, 0)))
			continue;
		n = xml_text(list, "site", db_val(r, i, 1));
		xml_attr(n, "id", db_val(r, i, 0));
	}
	return 0;
}

/* Insert a referrer with a fresh unique code and index its name.  Sets
 * *id; returns 0 or -1. */
static int
ref_insert(struct db *db, struct arena *a, long long org_id, long long site_id,
    const char *name, const char *email, const char *phone, const char *lang,
    long long *id)
{
	char	 code[11];
	int	 tries;

	for (tries = 0; tries < 5; tries++) {
		/* A share link's code: the same alphabet as a vacancy's. */
		eoi_new_code(code, sizeof(code));
		if (db_exec(db, "INSERT INTO referrers (org_id, site_id, code, name, "
		    "email, phone, lang, created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, "
		    "UTC_TIMESTAMP())", "iisssss", org_id, site_id, code, name,
		    email, phone, lang) != -1) {
			*id = db_last_id(db);
			return names_index(db, a, org_id, 'r', *id, name);
		}
		if (db_errno(db) != ER_DUP_ENTRY)
			return -1;
	}
	return -1;
}

/* ------------------------------------------------------------ the list */

/* The WHERE clause of the list from constant fragments; values go into p. */
static void
list_where(struct ctx *c, struct buf *w, struct db_params *p, long long site,
    const char *q)
{
	struct sess	*s = c->sess;

	buf_puts(w, " WHERE r.org_id = ?");
	db_param_int(p, s->org_id);
	if (s->nsites > 0) {
		buf_puts(w, " AND r.site_id");
		db_param_in(w, p, s->site_ids, s->nsites);
	}
	if (site > 0) {
		buf_puts(w, " AND r.site_id = ?");
		db_param_int(p, site);
	}
	/* Every word of the search starts a word of the name. */
	names_match(c->arena, w, p, s->org_id, 'r', "r.id", q);
}

/* Referrals: live and archived candidates; hires: those past the
 * "started" milestone (it and every one before it green). */
static const char sql_list_cols[] =
	"SELECT r.id, r.name, r.email, s.id, s.name, "
	"(SELECT COUNT(*) FROM candidates c WHERE c.referrer_id = r.id "
	"AND c.deleted_at IS NULL), "
	"(SELECT COUNT(*) FROM candidates c WHERE c.referrer_id = r.id "
	"AND c.deleted_at IS NULL AND c.stage_pos > (SELECT m.pos FROM milestones m "
	"WHERE m.org_id = r.org_id AND m.mkey = 'started')), "
	"(SELECT COALESCE(SUM(l.points), 0) FROM points_ledger l WHERE l.referrer_id = r.id) "
	"FROM referrers r LEFT JOIN sites s ON s.id = r.site_id";

static void
page_list(struct ctx *c)
{
	struct buf	 w = { NULL, 0, 0 }, sql = { NULL, 0, 0 };
	struct db_params p;
	struct db_res	 cnt, rows, sites;
	xmlNodePtr	 root = NULL, list, n, e;
	long long	 site = http_field_int(&c->req, F_SITE, 0);
	long long	 pg = http_field_int(&c->req, F_PAGE, 1), total, pages;
	const char	*q = http_field_str(&c->req, F_Q);
	struct buf	 qs = { NULL, 0, 0 };
	size_t		 i;
	int		 found;

	if (site > 0 && !sess_site_allowed(c->sess, site)) {
		loop_error(c, 400, "error.bad_field", "site");
		return;
	}
	memset(&p, 0, sizeof(p));
	list_where(c, &w, &p, site, q);
	buf_puts(&sql, "SELECT COUNT(*) FROM referrers r");
	buf_puts(&sql, w.data);
	if (db_queryp(c->db, c->arena, &cnt, sql.data, &p) == -1)
		goto fail;
	total = db_int(&cnt, 0, 0);
	sql.len = 0;
	buf_puts(&sql, sql_list_cols);
	buf_puts(&sql, w.data);
	buf_puts(&sql, " ORDER BY r.name, r.id LIMIT ? OFFSET ?");
	db_param_int(&p, c->conf->page_size);
	db_param_int(&p, (pg - 1) * c->conf->page_size);
	if (db_queryp(c->db, c->arena, &rows, sql.data, &p) == -1)
		goto fail;

	root = loop_page(c, "referrers");
	if (q != NULL) {
		buf_puts(&qs, "q=");
		http_url_encode(&qs, q);
	}
	if (site > 0)
		buf_printf(&qs, "%ssite=%lld", qs.len > 0 ? "&" : "", site);
	xml_attr(root, "qs", qs.data != NULL ? qs.data : "");
	list = xml_node(root, "referrers");
	pages = total == 0 ? 1 : (total + c->conf->page_size - 1) / c->conf->page_size;
	xml_attr_int(list, "total", total);
	xml_attr_int(list, "page", pg);
	xml_attr_int(list, "pages", pages);
	xml_attr_int(list, "from", rows.nrows == 0 ? 0 : (pg - 1) * c->conf->page_size + 1);
	xml_attr_int(list, "to", (pg - 1) * c->conf->page_size + (long long)rows.nrows);
	n = xml_node(list, "filter");
	xml_attr(n, "q", q != NULL ? q : "");
	xml_attr(n, "site", site > 0 ? http_field_str(&c->req, F_SITE) : "");
	if (add_sites(c, list, &sites) == -1)
		goto fail;
	for (found = site == 0, i = 0; i < sites.nrows; i++)
		found |= db_int(&sites, i, 0) == site;
	if (!found) {
		xmlFreeDoc(root->doc);
		root = NULL;
		loop_error(c, 400, "error.bad_field", "site");
		goto out;
	}
	for (i = 0; i < rows.nrows; i++) {
		n = xml_node(list, "referrer");
		xml_attr(n, "id", db_val(&rows, i, 0));
		xml_attr(n, "referrals", db_val(&rows, i, 5));
		xml_attr(n, "hires", db_val(&rows, i, 6));
		xml_attr(n, "points", db_val(&rows, i, 7));
		xml_text(n, "name", db_val(&rows, i, 1));
		if (db_val(&rows, i, 2) != NULL && *db_val(&rows, i, 2) != '\0')
			xml_text(n, "email", db_val(&rows, i, 2));
		if (db_val(&rows, i, 3) != NULL) {
			e = xml_text(n, "site", db_val(&rows, i, 4));
			xml_attr(e, "id", db_val(&rows, i, 3));
		}
	}
	loop_render(c, root);
	root = NULL;
	goto out;
fail:
	loop_fail(c, root);
out:
	buf_free(&w);
	buf_free(&sql);
	buf_free(&qs);
}

/* ------------------------------------------------------------ one referrer */

static const char sql_referrer[] =
	"SELECT r.id, r.name, r.email, r.phone, s.id, s.name, "
	"(SELECT COALESCE(SUM(l.points), 0) FROM points_ledger l WHERE l.referrer_id = r.id), "
	"r.code, r.lang "
	"FROM referrers r LEFT JOIN sites s ON s.id = r.site_id "
	"WHERE r.id = ? AND r.org_id = ?";

static const char sql_candidates[] =
	"SELECT " CAND_COLUMNS "FROM candidates c" CAND_JOINS
	" WHERE c.referrer_id = ? AND c.org_id = ? AND c.deleted_at IS NULL"
	" ORDER BY c.eoi_at DESC, c.id DESC";

static const char sql_ledger[] =
	"SELECT l.id, l.kind, l.points, l.reason, "
	"DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i:%s'), c.id, c.name, c.site_id "
	"FROM points_ledger l LEFT JOIN candidates c ON c.id = l.candidate_id "
	"AND c.deleted_at IS NULL WHERE l.referrer_id = ? AND l.org_id = ? "
	"ORDER BY l.id DESC";

/* The referrer row of the session's organisation that the user may see:
 * 1 found, 0 not (or another site's), -1 error. */
static int
ref_load(struct ctx *c, long long id, struct db_res *r)
{
	if (db_query(c->db, c->arena, r, sql_referrer, "ii", id, c->sess->org_id) == -1)
		return -1;
	if (r->nrows == 0 || !sess_site_allowed(c->sess, db_int(r, 0, 4)))
		return 0;
	return 1;
}

/* One referrer.  Another organisation's, or for a site-limited user
 * another site's, is a 404.  Their candidates outside the user's sites
 * are not listed; the points total is the whole ledger's. */
static void
page_referrer(struct ctx *c)
{
	struct sess		*s = c->sess;
	struct db_res		 r, cands, led;
	struct candxml_mstones	 ms;
	xmlNodePtr		 root, ref, list, e, n;
	long long		 id = c->req.ids[0];
	size_t			 i;
	int			 rc;

	if ((rc = ref_load(c, id, &r)) == 1 &&
	    (db_query(c->db, c->arena, &cands, sql_candidates, "ii", id, s->org_id) == -1 ||
	    db_query(c->db, c->arena, &led, sql_ledger, "ii", id, s->org_id) == -1 ||
	    candxml_mstones_load(c, &ms) == -1))
		rc = -1;
	if (!loop_found(c, rc))
		return;
	root = loop_page(c, "referrer");
	ref = xml_node(root, "referrer");
	xml_attr(ref, "id", db_val(&r, 0, 0));
	xml_attr(ref, "points", db_val(&r, 0, 6));
	xml_attr(ref, "email", db_val(&r, 0, 2));
	xml_attr(ref, "phone", db_val(&r, 0, 3));
	xml_attr(ref, "code", db_val(&r, 0, 7));
	xml_attr(ref, "lang", db_val(&r, 0, 8));
	xml_attr_int(ref, "bonus-max", BONUS_MAX);
	xml_text(ref, "name", db_val(&r, 0, 1));
	if (db_val(&r, 0, 4) != NULL) {
		e = xml_text(ref, "site", db_val(&r, 0, 5));
		xml_attr(e, "id", db_val(&r, 0, 4));
	}
	list = xml_node(ref, "candidates");
	for (i = 0; i < cands.nrows; i++)
		if (sess_site_allowed(s, db_int(&cands, i, CC_SITE_ID)))
			candxml_row(c, list, &cands, i, &ms, 0);
	list = xml_node(ref, "ledger");
	for (i = 0; i < led.nrows; i++) {
		e = xml_node(list, "entry");
		xml_attr(e, "id", db_val(&led, i, 0));
		xml_attr(e, "kind", db_val(&led, i, 1));
		xml_attr(e, "points", db_val(&led, i, 2));
		xml_attr(e, "reason", db_val(&led, i, 3));
		candxml_local(c, e, "at", db_val(&led, i, 4));
		/* A site-limited user sees the entry, not who it was for. */
		if (db_val(&led, i, 5) != NULL && sess_site_allowed(s, db_int(&led, i, 7))) {
			n = xml_text(e, "candidate", db_val(&led, i, 6));
			xml_attr(n, "id", db_val(&led, i, 5));
		}
	}
	loop_render(c, root);
}

/* A refused POST on the referrer page: the page as it is, with the reason. */
static void
refuse_referrer(struct ctx *c, int status, const char *key)
{
	c->flash_kind = "error";
	c->flash = key;
	memset(c->flash_args, 0, sizeof(c->flash_args));
	page_referrer(c);
	if (c->resp.status == 200)
		c->resp.status = status;
}

/* ------------------------------------------------------------ bonus */

struct bonus_txn {
	struct ctx	*c;
	long long	 id;
	long long	 points;
	const char	*reason;
	const char	*name;		/* out: the referrer's name */
};

static int
bonus_txn(struct db *db, void *arg)
{
	struct bonus_txn	*t = arg;
	struct ctx		*c = t->c;
	struct db_res		 r;

	if (db_query(db, c->arena, &r, "SELECT name, site_id FROM referrers "
	    "WHERE id = ? AND org_id = ? FOR UPDATE", "ii", t->id, c->sess->org_id) == -1)
		return -1;
	if (r.nrows == 0 || !sess_site_allowed(c->sess, db_int(&r, 0, 1)))
		return 0;
	t->name = db_val(&r, 0, 0);
	if (db_exec(db, "INSERT INTO points_ledger (org_id, referrer_id, kind, points, "
	    "reason, user_id, created_at) VALUES (?, ?, 'bonus', ?, ?, ?, UTC_TIMESTAMP())",
	    "iiisi", c->sess->org_id, t->id, t->points, t->reason, c->sess->user_id) == -1)
		return -1;
	if (audit_log(c, c->sess->org_id, c->sess->user_id, "referrer.bonus", "referrer",
	    t->id, arena_printf(c->arena, "%lld points: %s", t->points, t->reason)) == -1)
		return -1;
	return 1;
}

static void
post_bonus(struct ctx *c)
{
	struct bonus_txn	 t;
	int			 rc;

	memset(&t, 0, sizeof(t));
	t.c = c;
	t.id = c->req.ids[0];
	t.points = http_field_int(&c->req, F_POINTS, 0);
	t.reason = http_field_str(&c->req, F_REASON);
	if (t.points == 0 || t.reason == NULL) {
		refuse_referrer(c, 400, t.points == 0 ? "bonus.bad_points" : "bonus.no_reason");
		return;
	}
	if ((rc = db_txn(c->db, bonus_txn, &t)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == 0) {
		loop_error(c, 404, "error.not_found", NULL);
		return;
	}
	{
		const char *args[] = { "name", t.name, "points",
		    arena_printf(c->arena, "%lld", t.points), NULL };

		loop_flash_args(c, "ok", "bonus.added", args);
	}
	http_resp_redirect(&c->resp, loop_url(c, arena_printf(c->arena,
	    "/referrers/%lld", t.id)));
}

/* ------------------------------------------------------------ add and edit */

/* The form, with what was typed (or stored) and an error key. */
static void
form_page(struct ctx *c, int status, long long id, const char *name,
    const char *email, const char *phone, long long site, const char *lang,
    const char *error, const char *error_field)
{
	struct db_res	 sites;
	xmlNodePtr	 root, f;

	root = loop_page(c, "referrer-form");
	f = xml_node(root, "referrer-form");
	if (id > 0)
		xml_attr_int(f, "id", id);
	xml_attr(f, "email", email);
	xml_attr(f, "phone", phone);
	if (site > 0)
		xml_attr_int(f, "site", site);
	xml_attr(f, "lang", lang);
	xml_attr(f, "error", error);
	xml_attr(f, "error-field", error_field);
	if (c->sess->nsites > 0)
		xml_attr(f, "limited", "1");	/* must pick one of their sites */
	xml_text(f, "name", name != NULL ? name : "");
	if (add_sites(c, f, &sites) == -1) {
		loop_fail(c, root);
		return;
	}
	loop_render_status(c, root, status);
}

static void
page_new(struct ctx *c)
{
	long long	 site = c->sess->nsites == 1 ? c->sess->site_ids[0] : 0;

	form_page(c, 200, 0, NULL, NULL, NULL, site, NULL, NULL, NULL);
}

static void
page_edit(struct ctx *c)
{
	struct db_res	 r;

	if (!loop_found(c, ref_load(c, c->req.ids[0], &r)))
		return;
	form_page(c, 200, c->req.ids[0], db_val(&r, 0, 1), db_val(&r, 0, 2),
	    db_val(&r, 0, 3), db_int(&r, 0, 4), db_val(&r, 0, 8), NULL, NULL);
}

/* Results of the save transaction besides 1 (saved) and -1 (error). */
#define SAVE_NOTFOUND	0
#define SAVE_DUPLICATE	-2
#define SAVE_BADSITE	-3

struct save_txn {
	struct ctx	*c;
	long long	 id;		/* 0: new; out: the new id */
	const char	*name, *email, *phone, *lang;
	long long	 site;
};

/* 1 if site (0: none) may be set by this user: a site of the
 * organisation, and one of theirs when limited (who must pick one). */
static int
site_settable(struct ctx *c, struct db *db, long long site)
{
	struct db_res	 r;

	if (site == 0)
		return c->sess->nsites == 0;
	if (!sess_site_allowed(c->sess, site))
		return 0;
	if (db_query(db, c->arena, &r, "SELECT id FROM sites WHERE id = ? AND org_id = ?",
	    "ii", site, c->sess->org_id) == -1)
		return -1;
	return r.nrows > 0;
}

static int
save_txn(struct db *db, void *arg)
{
	struct save_txn	*t = arg;
	struct ctx	*c = t->c;
	struct db_res	 r;
	int		 ok;

	if (t->id > 0) {
		if (db_query(db, c->arena, &r, "SELECT site_id FROM referrers "
		    "WHERE id = ? AND org_id = ? FOR UPDATE", "ii", t->id,
		    c->sess->org_id) == -1)
			return -1;
		if (r.nrows == 0 || !sess_site_allowed(c->sess, db_int(&r, 0, 0)))
			return SAVE_NOTFOUND;
	}
	if ((ok = site_settable(c, db, t->site)) < 0)
		return -1;
	if (!ok)
		return SAVE_BADSITE;
	/* One referrer per address in an organisation; the locking read
	 * keeps a second form from slipping in between. */
	if (db_query(db, c->arena, &r, "SELECT id FROM referrers WHERE org_id = ? "
	    "AND email = ? AND id <> ? FOR UPDATE", "isi", c->sess->org_id, t->email,
	    t->id) == -1)
		return -1;
	if (r.nrows > 0)
		return SAVE_DUPLICATE;
	if (t->id == 0) {
		if (ref_insert(db, c->arena, c->sess->org_id, t->site, t->name, t->email,
		    t->phone, t->lang, &t->id) == -1)
			return -1;
	} else if (db_exec(db, "UPDATE referrers SET name = ?, email = ?, phone = ?, "
	    "site_id = NULLIF(?, 0), lang = ? WHERE id = ? AND org_id = ?", "sssisii",
	    t->name, t->email, t->phone, t->site, t->lang, t->id, c->sess->org_id) == -1 ||
	    names_index(db, c->arena, c->sess->org_id, 'r', t->id, t->name) == -1)
		return -1;
	if (audit_log(c, c->sess->org_id, c->sess->user_id, c->req.nids > 0 ?
	    "referrer.edit" : "referrer.add", "referrer", t->id, t->email) == -1)
		return -1;
	return 1;
}

static void
post_save(struct ctx *c)
{
	struct save_txn	 t;
	const char	*err = NULL, *field = NULL;
	int		 rc, status = 400;

	memset(&t, 0, sizeof(t));
	t.c = c;
	t.id = c->req.nids > 0 ? c->req.ids[0] : 0;
	t.name = http_field_str(&c->req, F_NAME);
	t.email = http_field_str(&c->req, F_EMAIL);
	t.phone = http_field_str(&c->req, F_PHONE);
	t.lang = http_field_str(&c->req, F_LANG);
	t.site = http_field_int(&c->req, F_SITE, 0);
	if (t.phone == NULL)
		t.phone = "";
	if (t.lang == NULL)
		t.lang = "";
	if (t.name == NULL) {
		err = "ref.err.name";
		field = "name";
	} else if (t.email == NULL) {
		err = "ref.err.email";
		field = "email";
	} else {
		rc = db_txn(c->db, save_txn, &t);
		switch (rc) {
		case 1:
			loop_flash_args(c, "ok", c->req.nids > 0 ? "ref.saved" : "ref.added",
			    (const char *const[]){ "name", t.name, NULL });
			http_resp_redirect(&c->resp, loop_url(c, arena_printf(c->arena,
			    "/referrers/%lld", t.id)));
			return;
		case SAVE_NOTFOUND:
			loop_error(c, 404, "error.not_found", NULL);
			return;
		case SAVE_DUPLICATE:
			err = "ref.err.duplicate";
			field = "email";
			status = 409;
			break;
		case SAVE_BADSITE:
			err = "ref.err.site";
			field = "site";
			break;
		default:
			loop_error(c, 500, "error.server", NULL);
			return;
		}
	}
	form_page(c, status, c->req.nids > 0 ? c->req.ids[0] : 0, t.name, t.email,
	    t.phone, t.site, t.lang, err, field);
}

/* ------------------------------------------------------------ CSV import */

/* One line of an import, checked. */
struct imp_row {
	size_t		 line;
	const char	*name, *email, *phone, *site;	/* as given */
	long long	 site_id;
	const char	*error;				/* catalogue key, NULL: good */
	long long	 dup_line;			/* import.err.duplicate_line: the earlier line */
};

struct imp {
	struct imp_row	*rows;
	size_t		 n, good;
	int		 more;		/* over IMPORT_MAX_ROWS lines */
	int		 header;	/* the first line was a header */
};

/* Column names a header line may use, per column. */
static const struct {
	int		 col;	/* 0 name, 1 email, 2 phone, 3 site */
	const char	*name;
} header_names[] = {
	{ 0, "name" }, { 0, "naam" }, { 0, "full name" }, { 0, "volledige naam" },
	{ 1, "email" }, { 1, "e-mail" }, { 1, "mail" }, { 1, "email address" },
	{ 1, "e-mailadres" }, { 1, "emailadres" },
	{ 2, "phone" }, { 2, "telephone" }, { 2, "phone number" }, { 2, "mobile" },
	{ 2, "telefoon" }, { 2, "telefoonnummer" }, { 2, "tel" }, { 2, "mobiel" },
	{ 3, "site" }, { 3, "location" }, { 3, "locatie" }, { 3, "vestiging" },
};

/* If row is a header line, fill map (column of each field, -1 to
 * ignore, -2 for a field beyond the header) and return 1; else leave
 * map alone and return 0. */
static int
header_map(const struct csv_row *row, int map[CSV_MAX_FIELDS])
{
	int	 got[CSV_MAX_FIELDS];
	size_t	 i, k;
	int	 has_name = 0;

	if (row->err != CSV_OK)
		return 0;
	for (i = 0; i < row->nfields; i++) {
		got[i] = -1;
		for (k = 0; k < sizeof(header_names) / sizeof(header_names[0]); k++)
			if (strcasecmp(row->fields[i], header_names[k].name) == 0) {
				got[i] = header_names[k].col;
				has_name |= header_names[k].col == 0;
			}
	}
	if (has_name)
		for (i = 0; i < CSV_MAX_FIELDS; i++)
			map[i] = i < row->nfields ? got[i] : -2;
	return has_name;
}

/* The site named by text (a site name, any case, or its id), among the
 * sites the user may choose: its id, 0 for none, -1 for unknown. */
static long long
site_lookup(struct ctx *c, const struct db_res *sites, const char *text)
{
	size_t	 i;

	if (*text == '\0')
		return 0;
	for (i = 0; i < sites->nrows; i++) {
		if (!sess_site_allowed(c->sess, db_int(sites, i, 0)))
			continue;
		if (strcasecmp(db_val(sites, i, 1), text) == 0 ||
		    strcmp(db_val(sites, i, 0), text) == 0)
			return db_int(sites, i, 0);
	}
	return -1;
}

/* Check one parsed row; the email is lowercased in place. */
static void
imp_check(struct ctx *c, struct db *db, const struct db_res *sites,
    struct imp *im, struct imp_row *ir, int lock)
{
	struct http_pair	 p;
	struct db_res		 r;
	size_t			 j;

	if (*ir->name == '\0' || utf8_len(ir->name) > 200 ||
	    strpbrk(ir->name, "\t\r\n") != NULL) {
		ir->error = "import.err.name";
		return;
	}
	memset(&p, 0, sizeof(p));
	p.val = arena_strdup(c->arena, ir->email);
	p.valsz = strlen(p.val);
	if (!http_valid_email(&p)) {
		ir->error = "import.err.email";
		return;
	}
	ir->email = p.val;
	if (*ir->phone != '\0' && !phone_ok(ir->phone)) {
		ir->error = "import.err.phone";
		return;
	}
	if ((ir->site_id = site_lookup(c, sites, ir->site)) < 0) {
		ir->error = "import.err.site";
		return;
	}
	if (ir->site_id == 0 && c->sess->nsites > 0 && sites->nrows > 0) {
		ir->error = "import.err.site_required";
		return;
	}
	for (j = 0; j < (size_t)(ir - im->rows); j++)
		if (im->rows[j].error == NULL && strcmp(im->rows[j].email, ir->email) == 0) {
			ir->error = "import.err.duplicate_line";
			ir->dup_line = (long long)im->rows[j].line;
			return;
		}
	if (db_query(db, c->arena, &r, lock ?
	    "SELECT id FROM referrers WHERE org_id = ? AND email = ? FOR UPDATE" :
	    "SELECT id FROM referrers WHERE org_id = ? AND email = ?",
	    "is", c->sess->org_id, ir->email) == -1) {
		ir->error = "error.server";
		return;
	}
	if (r.nrows > 0)
		ir->error = "import.err.duplicate";
}

/* Parse and check the pasted text.  Returns 0, or -1 on a database error. */
static int
imp_run(struct ctx *c, struct db *db, const char *text, struct imp *im, int lock)
{
	struct csv_row	*rows;
	struct db_res	 sites;
	size_t		 n, i, k;
	int		 map[CSV_MAX_FIELDS];
	const char	*cols[4];

	memset(im, 0, sizeof(*im));
	if (db_query(db, c->arena, &sites, "SELECT id, name FROM sites WHERE org_id = ?",
	    "i", c->sess->org_id) == -1)
		return -1;
	n = csv_parse(c->arena, text, strlen(text), csv_sniff(text, strlen(text)),
	    CSV_MAX_FIELDS, IMPORT_MAX_ROWS + 1, &rows, &im->more);
	/* Fields beyond the known columns are one too many (-2). */
	for (k = 0; k < CSV_MAX_FIELDS; k++)
		map[k] = k < 4 ? (int)k : -2;
	if (n > 0 && header_map(&rows[0], map)) {
		im->header = 1;
		rows++;
		n--;
	}
	if (n > IMPORT_MAX_ROWS) {
		im->more = 1;
		n = IMPORT_MAX_ROWS;
	}
	im->rows = arena_calloc(c->arena, n + 1, sizeof(*im->rows));
	im->n = n;
	for (i = 0; i < n; i++) {
		struct imp_row *ir = &im->rows[i];

		ir->line = rows[i].line;
		cols[0] = cols[1] = cols[2] = cols[3] = "";
		if (rows[i].err != CSV_OK) {
			ir->name = ir->email = ir->phone = ir->site = "";
			ir->error = csv_err_key(rows[i].err);
			continue;
		}
		for (k = 0; k < rows[i].nfields; k++) {
			if (map[k] == -2 && ir->error == NULL)
				ir->error = "import.err.too_many";
			else if (map[k] >= 0)
				cols[map[k]] = rows[i].fields[k];
		}
		ir->name = cols[0];
		ir->email = cols[1];
		ir->phone = cols[2];
		ir->site = cols[3];
		if (ir->error == NULL)
			imp_check(c, db, &sites, im, ir, lock);
		if (ir->error != NULL && strcmp(ir->error, "error.server") == 0)
			return -1;
		if (ir->error == NULL)
			im->good++;
	}
	return 0;
}

/* The import page: the form, and after a preview the checked lines. */
static void
import_page(struct ctx *c, int status, const char *text, const struct imp *im)
{
	xmlNodePtr	 root, f, row, e;
	size_t		 i;

	root = loop_page(c, "referrers-import");
	f = xml_node(root, "referrers-import");
	xml_attr(f, "step", im != NULL ? "preview" : "form");
	xml_attr_int(f, "max-rows", IMPORT_MAX_ROWS);
	xml_text(f, "csv", text != NULL ? text : "");
	if (im != NULL) {
		xml_attr_int(f, "total", (long long)im->n);
		xml_attr_int(f, "good", (long long)im->good);
		xml_attr_int(f, "bad", (long long)(im->n - im->good));
		if (im->more)
			xml_attr(f, "more", "1");
		if (im->header)
			xml_attr(f, "header", "1");
		for (i = 0; i < im->n; i++) {
			const struct imp_row *ir = &im->rows[i];

			row = xml_node(f, "row");
			xml_attr_int(row, "line", (long long)ir->line);
			xml_attr(row, "status", ir->error == NULL ? "ok" : "error");
			xml_attr(row, "error", ir->error);
			if (ir->dup_line > 0)
				xml_attr_int(row, "dup-line", ir->dup_line);
			xml_text(row, "name", ir->name);
			xml_text(row, "email", ir->email);
			xml_text(row, "phone", ir->phone);
			e = xml_text(row, "site", ir->site);
			if (ir->site_id > 0)
				xml_attr_int(e, "id", ir->site_id);
		}
	}
	loop_render_status(c, root, status);
}

static void
page_import(struct ctx *c)
{
	import_page(c, 200, NULL, NULL);
}

struct import_txn {
	struct ctx	*c;
	const char	*text;
	struct imp	 im;
	long long	 added;
};

static int
import_txn(struct db *db, void *arg)
{
	struct import_txn	*t = arg;
	struct ctx		*c = t->c;
	size_t			 i;
	long long		 id;

	t->added = 0;
	if (imp_run(c, db, t->text, &t->im, 1) == -1)
		return -1;
	if (t->im.more || t->im.good == 0)
		return 0;
	for (i = 0; i < t->im.n; i++) {
		const struct imp_row *ir = &t->im.rows[i];

		if (ir->error != NULL)
			continue;
		if (ref_insert(db, c->arena, c->sess->org_id, ir->site_id, ir->name,
		    ir->email, ir->phone, "", &id) == -1)
			return -1;
		t->added++;
	}
	if (audit_log(c, c->sess->org_id, c->sess->user_id, "referrer.import",
	    "referrer", 0, arena_printf(c->arena, "%lld referrers, %zu lines refused",
	    t->added, t->im.n - t->im.good)) == -1)
		return -1;
	return 1;
}

static void
post_import(struct ctx *c)
{
	const char	*text = http_field_str(&c->req, F_CSV);
	const char	*step = http_field_str(&c->req, F_STEP);
	struct import_txn t;
	struct imp	 im;
	int		 rc;

	if (text == NULL) {
		c->flash_kind = "error";
		c->flash = "import.empty";
		import_page(c, 400, NULL, NULL);
		return;
	}
	if (step == NULL || strcmp(step, "preview") == 0) {
		if (imp_run(c, c->db, text, &im, 0) == -1) {
			loop_error(c, 500, "error.server", NULL);
			return;
		}
		import_page(c, 200, text, &im);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.text = text;
	if ((rc = db_txn(c->db, import_txn, &t)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == 0) {
		/* Nothing to import, or too many lines: the preview says why. */
		c->flash_kind = "error";
		c->flash = t.im.more ? "import.too_many" : "import.nothing";
		import_page(c, t.im.more ? 413 : 400, text, &t.im);
		return;
	}
	loop_flash_args(c, "ok", "import.done", (const char *const[]){
	    "count", arena_printf(c->arena, "%lld", t.added), NULL });
	http_resp_redirect(&c->resp, loop_url(c, "/referrers"));
}

static const struct route routes[] = {
	{ HTTP_GET, "/referrers", page_list, 0 },
	{ HTTP_GET, "/referrers/new", page_new, 0 },
	{ HTTP_POST, "/referrers/new", post_save, 0 },
	{ HTTP_GET, "/referrers/import", page_import, 0 },
	{ HTTP_POST, "/referrers/import", post_import, 0 },
	{ HTTP_GET, "/referrers/%d", page_referrer, 0 },
	{ HTTP_POST, "/referrers/%d", post_save, 0 },
	{ HTTP_GET, "/referrers/%d/edit", page_edit, 0 },
	{ HTTP_POST, "/referrers/%d/bonus", post_bonus, 0 },
};

static const struct program program = {
	"referrers", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	return loop_main(argc, argv, &program);
}
