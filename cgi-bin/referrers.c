/* referrers.c: the referrers program: its fields, the list of referrers, what the other files share, the routes */
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
#include "referrers.h"

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
int
referrers_phone_ok(const char *s)
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
	return http_valid_text(p) && referrers_phone_ok(p->val);
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
int
referrers_add_sites(struct ctx *c, xmlNodePtr parent, struct db_res *r)
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
int
referrers_insert(struct db *db, struct arena *a, long long org_id, long long site_id,
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

/* After the site list: the site, two for each word, the page's size and
 * offset (db_param_in() leaves room for them). */
typedef char referrers_params_fit[1 + 2 * NAMES_MAX_WORDS + 2 <=
    DB_PARAMS_RESERVE ? 1 : -1];

/* The WHERE clause of the list from constant fragments; values go into p. */
static void
list_where(struct ctx *c, struct buf *w, struct db_params *p, long long site,
    const char *q)
{
	struct sess	*s = c->sess;

	buf_puts(w, " WHERE r.org_id = ?");
	db_param_int(p, s->org_id);
	if (s->nsites > 0)
		sess_sites_where(w, p, "r.site_id", s->user_id, s->site_ids, s->nsites);
	if (site > 0) {
		buf_puts(w, " AND r.site_id = ?");
		db_param_int(p, site);
	}
	/* Every word of the search starts a word of the name. */
	names_match_referrer(c->arena, w, p, s->org_id, "r.id", q);
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
	if (referrers_add_sites(c, list, &sites) == -1)
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

static const char sql_referrer[] =
	"SELECT r.id, r.name, r.email, r.phone, s.id, s.name, "
	"(SELECT COALESCE(SUM(l.points), 0) FROM points_ledger l WHERE l.referrer_id = r.id), "
	"r.code, r.lang "
	"FROM referrers r LEFT JOIN sites s ON s.id = r.site_id "
	"WHERE r.id = ? AND r.org_id = ?";

/* The referrer row of the session's organisation that the user may see:
 * 1 found, 0 not (or another site's), -1 error. */
int
referrers_load(struct ctx *c, long long id, struct db_res *r)
{
	if (db_query(c->db, c->arena, r, sql_referrer, "ii", id, c->sess->org_id) == -1)
		return -1;
	if (r->nrows == 0 || !sess_site_allowed(c->sess, db_int(r, 0, 4)))
		return 0;
	return 1;
}

static const struct route routes[] = {
	{ HTTP_GET, "/referrers", page_list, 0 },
	{ HTTP_GET, "/referrers/new", referrers_page_new, 0 },
	{ HTTP_POST, "/referrers/new", referrers_post_save, 0 },
	{ HTTP_GET, "/referrers/import", referrers_page_import, 0 },
	{ HTTP_POST, "/referrers/import", referrers_post_import, 0 },
	{ HTTP_GET, "/referrers/%d", referrers_page_referrer, 0 },
	{ HTTP_POST, "/referrers/%d", referrers_post_save, 0 },
	{ HTTP_GET, "/referrers/%d/edit", referrers_page_edit, 0 },
	{ HTTP_POST, "/referrers/%d/bonus", referrers_post_bonus, 0 },
};

static const struct program program = {
	"referrers", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	return loop_main(argc, argv, &program);
}
