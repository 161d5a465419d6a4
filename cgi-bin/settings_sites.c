/* settings_sites.c: admins' settings, sites: the list, adding one, editing one */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysqld_error.h>
#include <sodium.h>

#include "audit.h"
#include "choices.h"
#include "db.h"
#include "lang.h"
#include "loop.h"
#include "outbox.h"
#include "pass.h"
#include "render.h"
#include "sess.h"
#include "util.h"

#include "settings.h"

static void
sites_page(struct ctx *c, int status, const char *error, long long error_id)
{
	struct db_res	 r;
	xmlNodePtr	 root, list, n;
	size_t		 i;

	if (db_query(c->db, c->arena, &r, "SELECT s.id, s.name, s.town, s.postcode, "
	    "(SELECT COUNT(*) FROM referrers r WHERE r.site_id = s.id), "
	    "(SELECT COUNT(*) FROM vacancies v WHERE v.site_id = s.id) "
	    "FROM sites s WHERE s.org_id = ? ORDER BY s.name, s.id", "i",
	    c->sess->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings-sites");
	list = xml_node(root, "settings-sites");
	xml_attr(list, "error", error);
	if (error_id > 0)
		xml_attr_int(list, "error-id", error_id);
	for (i = 0; i < r.nrows; i++) {
		n = xml_node(list, "site");
		xml_attr(n, "id", db_val(&r, i, 0));
		xml_attr(n, "town", db_val(&r, i, 2));
		xml_attr(n, "postcode", db_val(&r, i, 3));
		xml_attr(n, "referrers", db_val(&r, i, 4));
		xml_attr(n, "vacancies", db_val(&r, i, 5));
		xml_text(n, "name", db_val(&r, i, 1));
	}
	n = xml_node(list, "new");
	if (error_id == 0) {
		xml_attr(n, "name", http_field_str(&c->req, F_NAME));
		xml_attr(n, "town", http_field_str(&c->req, F_TOWN));
		xml_attr(n, "postcode", http_field_str(&c->req, F_POSTCODE));
	}
	loop_render_status(c, root, status);
}

void
settings_page_sites(struct ctx *c)
{
	if (settings_admin_only(c))
		sites_page(c, 200, NULL, 0);
}

#define SITE_NOTFOUND	0
#define SITE_DUPLICATE	-2

struct site_txn {
	struct ctx	*c;
	long long	 id;		/* 0: a new site; out: its id */
	const char	*name, *town, *postcode;
};

static int
site_txn(struct db *db, void *arg)
{
	struct site_txn	*t = arg;
	struct ctx	*c = t->c;
	struct db_res	 r;

	if (t->id > 0) {
		if (db_query(db, c->arena, &r, "SELECT name FROM sites WHERE id = ? AND "
		    "org_id = ? FOR UPDATE", "ii", t->id, c->sess->org_id) == -1)
			return -1;
		if (r.nrows == 0)
			return SITE_NOTFOUND;
	}
	/* Site names are told apart by people and the CSV import: one per name. */
	if (db_query(db, c->arena, &r, "SELECT id FROM sites WHERE org_id = ? AND name = ? "
	    "AND id <> ? FOR UPDATE", "isi", c->sess->org_id, t->name, t->id) == -1)
		return -1;
	if (r.nrows > 0)
		return SITE_DUPLICATE;
	if (t->id == 0) {
		if (db_exec(db, "INSERT INTO sites (org_id, name, town, postcode) VALUES "
		    "(?, ?, ?, ?)", "isss", c->sess->org_id, t->name, t->town,
		    t->postcode) == -1)
			return -1;
		t->id = db_last_id(db);
	} else if (db_exec(db, "UPDATE sites SET name = ?, town = ?, postcode = ? "
	    "WHERE id = ? AND org_id = ?", "sssii", t->name, t->town, t->postcode,
	    t->id, c->sess->org_id) == -1)
		return -1;
	if (choices_changed(db, c->sess->org_id) == -1)
		return -1;
	if (audit_log(c, c->sess->org_id, c->sess->user_id, c->req.nids > 0 ?
	    "site.edit" : "site.add", "site", t->id, t->name) == -1)
		return -1;
	return 1;
}

void
settings_post_site(struct ctx *c)
{
	struct site_txn	 t;
	long long	 id = c->req.nids > 0 ? c->req.ids[0] : 0;
	int		 rc;

	if (!settings_admin_only(c))
		return;
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.id = id;
	t.name = http_field_str(&c->req, F_NAME);
	t.town = http_field_str(&c->req, F_TOWN);
	t.postcode = http_field_str(&c->req, F_POSTCODE);
	if (t.town == NULL)
		t.town = "";
	if (t.postcode == NULL)
		t.postcode = "";
	if (t.name == NULL) {
		sites_page(c, 400, "sites.err.name", id);
		return;
	}
	rc = db_txn(c->db, site_txn, &t);
	if (rc == SITE_NOTFOUND) {
		loop_error(c, 404, "error.not_found", NULL);
		return;
	}
	if (rc == SITE_DUPLICATE) {
		sites_page(c, 409, "sites.err.duplicate", id);
		return;
	}
	if (rc < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash_args(c, "ok", id > 0 ? "sites.saved" : "sites.added",
	    (const char *const[]){ "name", t.name, NULL });
	http_resp_redirect(&c->resp, loop_url(c, "/settings/sites"));
}
