/* referrers_edit.c: adding a referrer and editing one */
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
	if (referrers_add_sites(c, f, &sites) == -1) {
		loop_fail(c, root);
		return;
	}
	loop_render_status(c, root, status);
}

void
referrers_page_new(struct ctx *c)
{
	long long	 site = c->sess->nsites == 1 ? c->sess->site_ids[0] : 0;

	form_page(c, 200, 0, NULL, NULL, NULL, site, NULL, NULL, NULL);
}

void
referrers_page_edit(struct ctx *c)
{
	struct db_res	 r;

	if (!loop_found(c, referrers_load(c, c->req.ids[0], &r)))
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
		if (referrers_insert(db, c->arena, c->sess->org_id, t->site, t->name, t->email,
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

void
referrers_post_save(struct ctx *c)
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
