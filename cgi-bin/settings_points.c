/* settings_points.c: admins' settings, the points each milestone earns a referrer */
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
points_page(struct ctx *c, int status, const char *error)
{
	struct db_res	 r;
	xmlNodePtr	 root, list, n;
	size_t		 i;

	if (db_query(c->db, c->arena, &r, "SELECT pos, mkey, points FROM milestones "
	    "WHERE org_id = ? ORDER BY pos", "i", c->sess->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings-points");
	list = xml_node(root, "settings-points");
	xml_attr(list, "error", error);
	xml_attr_int(list, "max", POINTS_LIMIT);
	for (i = 0; i < r.nrows; i++) {
		n = xml_node(list, "milestone");
		xml_attr(n, "pos", db_val(&r, i, 0));
		xml_attr(n, "key", db_val(&r, i, 1));
		xml_attr(n, "points", db_val(&r, i, 2));
	}
	loop_render_status(c, root, status);
}

void
settings_page_points(struct ctx *c)
{
	if (settings_admin_only(c))
		points_page(c, 200, NULL);
}

struct points_txn {
	struct ctx	*c;
};

static int
points_txn(struct db *db, void *arg)
{
	struct points_txn	*t = arg;
	struct ctx		*c = t->c;
	struct db_res		 r;
	struct buf		 d = { NULL, 0, 0 };
	size_t			 i;
	long long		 pos, v;
	int			 rc = -1;

	if (db_query(db, c->arena, &r, "SELECT pos, mkey, points FROM milestones "
	    "WHERE org_id = ? ORDER BY pos FOR UPDATE", "i", c->sess->org_id) == -1)
		return -1;
	/* Every milestone's field first, so that a form without one (a
	 * milestone added meanwhile, a hand-made POST) changes nothing. */
	for (i = 0; i < r.nrows; i++) {
		pos = db_int(&r, i, 0);
		if (pos < 1 || pos > POINTS_MAX ||
		    http_field_int(&c->req, F_P1 + (int)pos - 1, -1) < 0)
			return 0;
	}
	for (i = 0; i < r.nrows; i++) {
		pos = db_int(&r, i, 0);
		v = http_field_int(&c->req, F_P1 + (int)pos - 1, -1);
		if (v == db_int(&r, i, 2))
			continue;
		if (db_exec(db, "UPDATE milestones SET points = ? WHERE org_id = ? AND pos = ?",
		    "iii", v, c->sess->org_id, pos) == -1)
			goto out;
		buf_printf(&d, "%s%s %lld->%lld", d.len > 0 ? ", " : "", db_val(&r, i, 1),
		    db_int(&r, i, 2), v);
	}
	if (d.len > 0 && choices_changed(db, c->sess->org_id) == -1)
		goto out;
	if (d.len > 0 && audit_log(c, c->sess->org_id, c->sess->user_id, "points.edit",
	    "organisation", c->sess->org_id, d.data) == -1)
		goto out;
	rc = 1;
out:
	buf_free(&d);
	return rc;
}

void
settings_post_points(struct ctx *c)
{
	struct points_txn	 t = { c };
	int			 rc;

	if (!settings_admin_only(c))
		return;
	rc = db_txn(c->db, points_txn, &t);
	if (rc == 0) {
		points_page(c, 400, "points.err.missing");
		return;
	}
	if (rc < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash(c, "ok", "points.saved");
	http_resp_redirect(&c->resp, loop_url(c, "/settings/points"));
}
