/* settings.c: the settings program: its form fields, routes and index page (each area in settings_*.c) */
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

static int
valid_name(struct http_pair *p)
{
	return http_valid_text(p) && strpbrk(p->val, "\t\r\n") == NULL;
}

static int
valid_role(struct http_pair *p)
{
	return strcmp(p->val, "admin") == 0 || strcmp(p->val, "recruiter") == 0;
}

static int
valid_lang(struct http_pair *p)
{
	return lang_valid(p->val);
}

static int
valid_state(struct http_pair *p)
{
	return strcmp(p->val, "active") == 0 || strcmp(p->val, "disabled") == 0;
}

static int
valid_town(struct http_pair *p)
{
	return valid_name(p) && utf8_len(p->val) <= 100;
}

static int
valid_postcode(struct http_pair *p)
{
	return valid_name(p) && strlen(p->val) <= 16;
}

static int
valid_target(struct http_pair *p)
{
	return http_valid_range(p, 1, 720);		/* hours: up to 30 days */
}

static int
valid_retention(struct http_pair *p)
{
	return http_valid_range(p, 1, 3650);		/* days: up to 10 years */
}

static int
valid_points(struct http_pair *p)
{
	return http_valid_range(p, 0, POINTS_LIMIT);
}

/* The table; the numbered site and points rows are filled in by main(). */
static struct http_field fields[F__MAX] = {
	[F_DEBUG] = { "debug", http_valid_debug },
	[F_EMAIL] = { "email", http_valid_email },
	[F_NAME] = { "name", valid_name },
	[F_ROLE] = { "role", valid_role },
	[F_LANG] = { "lang", valid_lang },
	[F_STATE] = { "state", valid_state },
	[F_TOWN] = { "town", valid_town },
	[F_POSTCODE] = { "postcode", valid_postcode },
	[F_TARGET] = { "contact_target_hours", valid_target },
	[F_RETENTION] = { "retention_days", valid_retention },
	[F_TOKEN] = { "t", http_valid_token },
	[F_PASSWORD] = { "password", http_valid_password },
	[F_PASSWORD2] = { "password2", http_valid_password },
};
static char field_names[SITES_MAX + POINTS_MAX][8];

static void
fields_init(void)
{
	int	 i;

	for (i = 0; i < SITES_MAX; i++) {
		snprintf(field_names[i], sizeof(field_names[i]), "site%d", i + 1);
		fields[F_SITE1 + i].name = field_names[i];
		fields[F_SITE1 + i].valid = http_valid_id;
	}
	for (i = 0; i < POINTS_MAX; i++) {
		snprintf(field_names[SITES_MAX + i], sizeof(field_names[0]), "p%d", i + 1);
		fields[F_P1 + i].name = field_names[SITES_MAX + i];
		fields[F_P1 + i].valid = valid_points;
	}
}


/* Only admins reach settings: anyone else gets a 403 and nothing changes.
 * Returns 1 when the user is an admin. */
int
settings_admin_only(struct ctx *c)
{
	if (strcmp(c->sess->role, "admin") == 0)
		return 1;
	loop_error(c, 403, "error.forbidden", NULL);
	return 0;
}

/* ------------------------------------------------------------ index */

static void
page_index(struct ctx *c)
{
	struct db_res	 r;
	xmlNodePtr	 root, n;

	if (!settings_admin_only(c))
		return;
	if (db_query(c->db, c->arena, &r, "SELECT "
	    "(SELECT COUNT(*) FROM users WHERE org_id = o.id AND disabled = 0), "
	    "(SELECT COUNT(*) FROM sites WHERE org_id = o.id), "
	    "o.contact_target_hours, o.retention_days "
	    "FROM organisations o WHERE o.id = ?", "i", c->sess->org_id) == -1 ||
	    r.nrows == 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings");
	n = xml_node(root, "settings");
	xml_attr(n, "users", db_val(&r, 0, 0));
	xml_attr(n, "sites", db_val(&r, 0, 1));
	xml_attr(n, "contact-target-hours", db_val(&r, 0, 2));
	xml_attr(n, "retention-days", db_val(&r, 0, 3));
	loop_render(c, root);
}

static const struct route routes[] = {
	{ HTTP_GET, "/settings", page_index, 0 },
	{ HTTP_GET, "/settings/users", settings_page_users, 0 },
	{ HTTP_POST, "/settings/users", settings_post_invite, 0 },
	{ HTTP_GET, "/settings/users/%d", settings_page_user, 0 },
	{ HTTP_POST, "/settings/users/%d", settings_post_user, 0 },
	{ HTTP_POST, "/settings/users/%d/invite", settings_post_reinvite, 0 },
	{ HTTP_GET, "/settings/sites", settings_page_sites, 0 },
	{ HTTP_POST, "/settings/sites", settings_post_site, 0 },
	{ HTTP_POST, "/settings/sites/%d", settings_post_site, 0 },
	{ HTTP_GET, "/settings/points", settings_page_points, 0 },
	{ HTTP_POST, "/settings/points", settings_post_points, 0 },
	{ HTTP_GET, "/settings/organisation", settings_page_org, 0 },
	{ HTTP_POST, "/settings/organisation", settings_post_org, 0 },
	{ HTTP_GET, "/settings/mail", settings_page_mail, 0 },
	{ HTTP_POST, "/settings/mail/%d/retry", settings_post_mail_retry, 0 },
	{ HTTP_GET, "/set-password", settings_page_setpw, ROUTE_PUBLIC },
	{ HTTP_POST, "/set-password", settings_post_setpw, ROUTE_PUBLIC | ROUTE_PRECSRF },
};

static const struct program program = {
	"settings", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	fields_init();
	return loop_main(argc, argv, &program);
}
