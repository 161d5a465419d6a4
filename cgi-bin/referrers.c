/* referrers.c: a referrer's page: their candidates and points ledger */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cand.h"
#include "candxml.h"
#include "db.h"
#include "loop.h"
#include "render.h"
#include "sess.h"
#include "util.h"

enum field {
	F_DEBUG,
	F__MAX
};

static int
valid_debug(struct http_pair *p)
{
	return strcmp(p->val, "xml") == 0;
}

static const struct http_field fields[F__MAX] = {
	[F_DEBUG] = { "debug", valid_debug },
};

static const char sql_referrer[] =
	"SELECT r.id, r.name, r.email, r.phone, s.id, s.name, "
	"(SELECT COALESCE(SUM(l.points), 0) FROM points_ledger l WHERE l.referrer_id = r.id) "
	"FROM referrers r LEFT JOIN sites s ON s.id = r.site_id "
	"WHERE r.id = ? AND r.org_id = ?";

static const char sql_candidates[] =
	"SELECT " CAND_COLUMNS "FROM candidates c" CAND_JOINS
	" WHERE c.referrer_id = ? AND c.org_id = ? AND c.deleted_at IS NULL"
	" ORDER BY c.eoi_at DESC, c.id DESC";

static const char sql_ledger[] =
	"SELECT l.id, l.kind, l.points, l.reason, "
	"DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i:%s'), c.id, c.name "
	"FROM points_ledger l LEFT JOIN candidates c ON c.id = l.candidate_id "
	"AND c.deleted_at IS NULL WHERE l.referrer_id = ? ORDER BY l.id DESC";

static int
site_allowed(const struct sess *s, const char *site)
{
	int	 i;

	if (s->nsites == 0)
		return 1;
	if (site == NULL)
		return 0;
	for (i = 0; i < s->nsites; i++)
		if (s->site_ids[i] == strtoll(site, NULL, 10))
			return 1;
	return 0;
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

	if (db_query(c->db, c->arena, &r, sql_referrer, "ii", id, s->org_id) == -1 ||
	    db_query(c->db, c->arena, &cands, sql_candidates, "ii", id, s->org_id) == -1 ||
	    db_query(c->db, c->arena, &led, sql_ledger, "i", id) == -1 ||
	    candxml_mstones_load(c, &ms) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (r.nrows == 0 || !site_allowed(s, db_val(&r, 0, 4))) {
		loop_error(c, 404, "error.not_found", NULL);
		return;
	}
	root = loop_page(c, "referrer");
	ref = xml_node(root, "referrer");
	xml_attr(ref, "id", db_val(&r, 0, 0));
	xml_attr(ref, "points", db_val(&r, 0, 6));
	xml_attr(ref, "email", db_val(&r, 0, 2));
	xml_attr(ref, "phone", db_val(&r, 0, 3));
	xml_text(ref, "name", db_val(&r, 0, 1));
	if (db_val(&r, 0, 4) != NULL) {
		e = xml_text(ref, "site", db_val(&r, 0, 5));
		xml_attr(e, "id", db_val(&r, 0, 4));
	}
	list = xml_node(ref, "candidates");
	for (i = 0; i < cands.nrows; i++)
		if (site_allowed(s, db_val(&cands, i, CC_SITE_ID)))
			candxml_row(c, list, &cands, i, &ms, 0);
	list = xml_node(ref, "ledger");
	for (i = 0; i < led.nrows; i++) {
		e = xml_node(list, "entry");
		xml_attr(e, "id", db_val(&led, i, 0));
		xml_attr(e, "kind", db_val(&led, i, 1));
		xml_attr(e, "points", db_val(&led, i, 2));
		xml_attr(e, "reason", db_val(&led, i, 3));
		candxml_local(c, e, "at", db_val(&led, i, 4));
		if (db_val(&led, i, 5) != NULL) {
			n = xml_text(e, "candidate", db_val(&led, i, 6));
			xml_attr(n, "id", db_val(&led, i, 5));
		}
	}
	loop_render(c, root);
}

static const struct route routes[] = {
	{ HTTP_GET, "/referrers/%d", page_referrer, 0 },
};

static const struct program program = {
	"referrers", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	return loop_main(argc, argv, &program);
}
