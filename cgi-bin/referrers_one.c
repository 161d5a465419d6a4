/* referrers_one.c: one referrer's page (their candidates and points ledger) and bonus points */
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

/* One referrer.  Another organisation's, or for a site-limited user
 * another site's, is a 404.  Their candidates outside the user's sites
 * are not listed; the points total is the whole ledger's. */
void
referrers_page_referrer(struct ctx *c)
{
	struct sess		*s = c->sess;
	struct db_res		 r, cands, led;
	struct candxml_mstones	 ms;
	xmlNodePtr		 root, ref, list, e, n;
	long long		 id = c->req.ids[0];
	size_t			 i;
	int			 rc;

	if ((rc = referrers_load(c, id, &r)) == 1 &&
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
	referrers_page_referrer(c);
	if (c->resp.status == 200)
		c->resp.status = status;
}

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

void
referrers_post_bonus(struct ctx *c)
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
