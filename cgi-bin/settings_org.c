/* settings_org.c: admins' settings, the organisation: contact target and retention of data */
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
org_page(struct ctx *c, int status, const char *error)
{
	struct db_res	 r;
	xmlNodePtr	 root, n;
	const char	*v;

	if (db_query(c->db, c->arena, &r, "SELECT contact_target_hours, retention_days, "
	    "locale FROM organisations WHERE id = ?", "i", c->sess->org_id) == -1 ||
	    r.nrows == 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings-organisation");
	n = xml_node(root, "settings-organisation");
	xml_attr(n, "contact-target-hours", (v = http_field_str(&c->req, F_TARGET)) != NULL ?
	    v : db_val(&r, 0, 0));
	xml_attr(n, "retention-days", (v = http_field_str(&c->req, F_RETENTION)) != NULL ?
	    v : db_val(&r, 0, 1));
	xml_attr(n, "locale", db_val(&r, 0, 2));
	xml_attr(n, "error", error);
	loop_render_status(c, root, status);
}

void
settings_page_org(struct ctx *c)
{
	if (settings_admin_only(c))
		org_page(c, 200, NULL);
}

struct org_txn {
	struct ctx	*c;
	long long	 target, retention;
};

/* The change and its audit row together, or neither. */
static int
org_txn(struct db *db, void *arg)
{
	struct org_txn	*t = arg;
	struct ctx	*c = t->c;

	if (db_exec(db, "UPDATE organisations SET contact_target_hours = ?, "
	    "retention_days = ? WHERE id = ?", "iii", t->target, t->retention,
	    c->sess->org_id) == -1 ||
	    audit_log(c, c->sess->org_id, c->sess->user_id, "organisation.edit",
	    "organisation", c->sess->org_id, arena_printf(c->arena,
	    "contact target %lld h, retention %lld days", t->target, t->retention)) == -1)
		return -1;
	return 1;
}

void
settings_post_org(struct ctx *c)
{
	struct org_txn	 t;

	if (!settings_admin_only(c))
		return;
	t.c = c;
	t.target = http_field_int(&c->req, F_TARGET, 0);
	t.retention = http_field_int(&c->req, F_RETENTION, 0);
	if (t.target == 0 || t.retention == 0) {
		org_page(c, 400, t.target == 0 ? "org.err.target" : "org.err.retention");
		return;
	}
	if (db_txn(c->db, org_txn, &t) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash(c, "ok", "org.saved");
	http_resp_redirect(&c->resp, loop_url(c, "/settings/organisation"));
}
