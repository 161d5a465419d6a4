/* settings.c: admins' settings (users and invitations, sites, points, the organisation) and /set-password */
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

#define SITES_MAX	64	/* site checkboxes of one form: site1 .. site64 */
#define POINTS_MAX	16	/* milestone points fields: p1 .. p16 (by position) */
#define INVITE_DAYS	7	/* an invitation link works this long */
#define POINTS_LIMIT	10000	/* points of one milestone */

enum field {
	F_DEBUG,
	F_EMAIL,
	F_NAME,
	F_ROLE,
	F_LANG,
	F_STATE,
	F_TOWN,
	F_POSTCODE,
	F_TARGET,
	F_RETENTION,
	F_TOKEN,
	F_PASSWORD,
	F_PASSWORD2,
	F_SITE1,
	F_P1 = F_SITE1 + SITES_MAX,
	F__MAX = F_P1 + POINTS_MAX
};

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
static int
admin_only(struct ctx *c)
{
	if (strcmp(c->sess->role, "admin") == 0)
		return 1;
	loop_error(c, 403, "error.forbidden", NULL);
	return 0;
}

/* The site ids of the form's site1..siteN checkboxes (arena), deduplicated. */
static long long *
form_sites(struct ctx *c, int *n)
{
	long long	*ids = arena_calloc(c->arena, SITES_MAX + 1, sizeof(*ids));
	long long	 v;
	int		 i, j, k = 0;

	for (i = 0; i < SITES_MAX; i++) {
		if ((v = http_field_int(&c->req, F_SITE1 + i, 0)) == 0)
			continue;
		for (j = 0; j < k && ids[j] != v; j++)
			continue;
		if (j == k)
			ids[k++] = v;
	}
	*n = k;
	return ids;
}

/* Set a recruiter's sites (admins see every site: none kept).  Every id
 * must be a site of the organisation.  Returns 1, 0 for a foreign or
 * unknown site, -1 on error. */
static int
user_sites_set(struct ctx *c, struct db *db, long long user_id, const char *role,
    const long long *ids, int n)
{
	struct db_res	 r;
	int		 i;

	if (db_exec(db, "DELETE FROM user_sites WHERE user_id = ?", "i", user_id) == -1)
		return -1;
	if (strcmp(role, "admin") == 0)
		return 1;
	for (i = 0; i < n; i++) {
		if (db_query(db, c->arena, &r, "SELECT id FROM sites WHERE id = ? AND org_id = ?",
		    "ii", ids[i], c->sess->org_id) == -1)
			return -1;
		if (r.nrows == 0)
			return 0;
		if (db_exec(db, "INSERT INTO user_sites (user_id, site_id) VALUES (?, ?)",
		    "ii", user_id, ids[i]) == -1)
			return -1;
	}
	return 1;
}

/* <sites><site id= checked=>name</site></sites> of the organisation;
 * checked for the ids in sel.  Returns 0 or -1. */
static int
add_sites(struct ctx *c, xmlNodePtr parent, const long long *sel, int nsel)
{
	struct db_res	 r;
	xmlNodePtr	 list, n;
	size_t		 i;
	int		 k;

	if (db_query(c->db, c->arena, &r, "SELECT id, name FROM sites WHERE org_id = ? "
	    "ORDER BY name, id LIMIT 64", "i", c->sess->org_id) == -1)
		return -1;
	list = xml_node(parent, "sites");
	for (i = 0; i < r.nrows; i++) {
		n = xml_text(list, "site", db_val(&r, i, 1));
		xml_attr(n, "id", db_val(&r, i, 0));
		for (k = 0; k < nsel; k++)
			if (sel[k] == db_int(&r, i, 0))
				xml_attr(n, "checked", "1");
	}
	return 0;
}

/* Finish a page whose form offers the sites: add them under parent, then
 * render with status (a 500 instead when the sites cannot be read). */
static void
render_sites(struct ctx *c, xmlNodePtr root, xmlNodePtr parent,
    const long long *sel, int nsel, int status)
{
	if (add_sites(c, parent, sel, nsel) == -1) {
		loop_fail(c, root);
		return;
	}
	loop_render_status(c, root, status);
}

/* ------------------------------------------------------------ index */

static void
page_index(struct ctx *c)
{
	struct db_res	 r;
	xmlNodePtr	 root, n;

	if (!admin_only(c))
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

/* ------------------------------------------------------------ users */

static const char sql_users[] =
	"SELECT u.id, u.email, u.name, u.role, u.lang, u.disabled, "
	"u.password_hash = '', DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s') "
	"FROM users u WHERE u.org_id = ? ORDER BY u.disabled, u.name, u.id";

static const char sql_user_sites[] =
	"SELECT us.user_id, s.id, s.name FROM user_sites us "
	"JOIN sites s ON s.id = us.site_id JOIN users u ON u.id = us.user_id "
	"WHERE u.org_id = ? ORDER BY s.name, s.id";

/* A user's state for the pages: disabled, invited (no password yet) or active. */
static const char *
user_state(const struct db_res *r, size_t i)
{
	if (db_int(r, i, 5) != 0)
		return "disabled";
	if (db_int(r, i, 6) != 0)
		return "invited";
	return "active";
}

/* The users page: every user of the organisation and the invitation form
 * (with what was typed and an error key after a refused invitation). */
static void
users_page(struct ctx *c, int status, const char *error)
{
	struct db_res	 r, us;
	xmlNodePtr	 root, list, n, inv, e;
	size_t		 i, j;
	const long long	*sel;
	int		 nsel;

	if (db_query(c->db, c->arena, &r, sql_users, "i", c->sess->org_id) == -1 ||
	    db_query(c->db, c->arena, &us, sql_user_sites, "i", c->sess->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings-users");
	list = xml_node(root, "settings-users");
	for (i = 0; i < r.nrows; i++) {
		n = xml_node(list, "account");
		xml_attr(n, "id", db_val(&r, i, 0));
		xml_attr(n, "email", db_val(&r, i, 1));
		xml_attr(n, "role", db_val(&r, i, 3));
		xml_attr(n, "lang", db_val(&r, i, 4));
		xml_attr(n, "state", user_state(&r, i));
		if (db_int(&r, i, 0) == c->sess->user_id)
			xml_attr(n, "me", "1");
		xml_text(n, "name", db_val(&r, i, 2));
		for (j = 0; j < us.nrows; j++)
			if (db_int(&us, j, 0) == db_int(&r, i, 0)) {
				e = xml_text(n, "site", db_val(&us, j, 2));
				xml_attr(e, "id", db_val(&us, j, 1));
			}
	}
	inv = xml_node(list, "invite");
	xml_attr_int(inv, "days", INVITE_DAYS);
	xml_attr(inv, "email", http_field_str(&c->req, F_EMAIL));
	xml_attr(inv, "name", http_field_str(&c->req, F_NAME));
	xml_attr(inv, "role", http_field_str(&c->req, F_ROLE));
	xml_attr(inv, "lang", http_field_str(&c->req, F_LANG));
	xml_attr(inv, "error", error);
	sel = form_sites(c, &nsel);
	render_sites(c, root, inv, sel, nsel, status);
}

static void
page_users(struct ctx *c)
{
	if (admin_only(c))
		users_page(c, 200, NULL);
}

/* Make an invitation token for user_id and queue the mail.  Returns 0 or -1. */
static int
invite_queue(struct ctx *c, struct db *db, long long user_id, const char *email,
    const char *name, const char *role, const char *lang)
{
	struct outbox_to	 to;
	char			 tok[64], hash[65];
	const char		*link;
	long long		 tid;

	pass_token(tok, sizeof(tok));
	pass_token_hash(tok, hash, sizeof(hash));
	if (db_exec(db, "INSERT INTO user_tokens (user_id, token_hash, purpose, created_by, "
	    "created_at, expires_at) VALUES (?, ?, 'invite', ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? DAY)", "isii", user_id, hash,
	    c->sess->user_id, (long long)INVITE_DAYS) == -1)
		return -1;
	tid = db_last_id(db);
	link = arena_printf(c->arena, "%s/set-password?t=%s", c->conf->public_url, tok);
	sodium_memzero(tok, sizeof(tok));
	memset(&to, 0, sizeof(to));
	to.email = email;
	to.name = name;
	to.lang = lang != NULL && *lang != '\0' ? lang : c->sess->org_locale;
	return outbox_invitation(db, c->sess->org_id, &to,
	    arena_printf(c->arena, "invite:%lld", tid), c->sess->org_name,
	    c->sess->user_name, role, link, INVITE_DAYS);
}

#define INVITE_DUPLICATE	-2
#define INVITE_BADSITE		-3

struct invite_txn {
	struct ctx	*c;
	const char	*email, *name, *role, *lang;
	const long long	*sites;
	int		 nsites;
	long long	 id;		/* out */
};

static int
invite_txn(struct db *db, void *arg)
{
	struct invite_txn	*t = arg;
	struct ctx		*c = t->c;
	int			 rc;

	if (db_exec(db, "INSERT INTO users (org_id, email, name, role, lang, password_hash, "
	    "created_at) VALUES (?, ?, ?, ?, ?, '', UTC_TIMESTAMP())", "issss",
	    c->sess->org_id, t->email, t->name, t->role, t->lang) == -1)
		return db_errno(db) == ER_DUP_ENTRY ? INVITE_DUPLICATE : -1;
	t->id = db_last_id(db);
	if ((rc = user_sites_set(c, db, t->id, t->role, t->sites, t->nsites)) <= 0)
		return rc == 0 ? INVITE_BADSITE : -1;
	if (invite_queue(c, db, t->id, t->email, t->name, t->role, t->lang) == -1 ||
	    audit_log(c, c->sess->org_id, c->sess->user_id, "user.invite", "user", t->id,
	    arena_printf(c->arena, "%s (%s)", t->email, t->role)) == -1)
		return -1;
	return 1;
}

static void
post_invite(struct ctx *c)
{
	struct invite_txn	 t;
	int			 rc;

	if (!admin_only(c))
		return;
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.email = http_field_str(&c->req, F_EMAIL);
	t.name = http_field_str(&c->req, F_NAME);
	t.role = http_field_str(&c->req, F_ROLE);
	t.lang = http_field_str(&c->req, F_LANG);
	if (t.role == NULL)
		t.role = "recruiter";
	if (t.lang == NULL)
		t.lang = "";
	t.sites = form_sites(c, &t.nsites);
	if (t.email == NULL || t.name == NULL) {
		users_page(c, 400, t.email == NULL ? "invite.err.email" : "invite.err.name");
		return;
	}
	rc = db_txn(c->db, invite_txn, &t);
	if (rc == INVITE_DUPLICATE) {
		users_page(c, 409, "invite.err.duplicate");
		return;
	}
	if (rc == INVITE_BADSITE) {
		users_page(c, 400, "invite.err.site");
		return;
	}
	if (rc < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash_args(c, "ok", "invite.sent", (const char *const[]){
	    "name", t.email, NULL });
	http_resp_redirect(&c->resp, loop_url(c, "/settings/users"));
}

/* One user, for the edit page: 1 found, 0 not (another organisation's), -1. */
static int
user_load(struct ctx *c, long long id, struct db_res *r)
{
	if (db_query(c->db, c->arena, r, "SELECT u.id, u.email, u.name, u.role, u.lang, "
	    "u.disabled, u.password_hash = '', DATE_FORMAT(u.created_at, "
	    "'%Y-%m-%d %H:%i:%s') FROM users u WHERE u.id = ? AND u.org_id = ?", "ii",
	    id, c->sess->org_id) == -1)
		return -1;
	return r->nrows > 0;
}

/* The edit page of one user; after a refusal it shows what was sent. */
static void
user_page(struct ctx *c, int status, const char *error, int from_form)
{
	struct db_res	 r, us;
	xmlNodePtr	 root, n;
	long long	*sel;
	int		 nsel = 0, rc;
	size_t		 i;
	const char	*v;

	if ((rc = user_load(c, c->req.ids[0], &r)) == 1 &&
	    db_query(c->db, c->arena, &us, "SELECT site_id FROM user_sites WHERE user_id = ?",
	    "i", c->req.ids[0]) == -1)
		rc = -1;
	if (!loop_found(c, rc))
		return;
	root = loop_page(c, "settings-user");
	n = xml_node(root, "settings-user");
	xml_attr(n, "id", db_val(&r, 0, 0));
	xml_attr(n, "email", db_val(&r, 0, 1));
	xml_attr(n, "state", user_state(&r, 0));
	xml_attr(n, "error", error);
	if (db_int(&r, 0, 0) == c->sess->user_id)
		xml_attr(n, "me", "1");
	if (from_form) {
		xml_attr(n, "role", (v = http_field_str(&c->req, F_ROLE)) != NULL ? v :
		    db_val(&r, 0, 3));
		xml_attr(n, "lang", (v = http_field_str(&c->req, F_LANG)) != NULL ? v : "");
		if ((v = http_field_str(&c->req, F_STATE)) != NULL)
			xml_attr(n, "state-chosen", v);
		xml_text(n, "name", (v = http_field_str(&c->req, F_NAME)) != NULL ? v :
		    db_val(&r, 0, 2));
		sel = form_sites(c, &nsel);
	} else {
		xml_attr(n, "role", db_val(&r, 0, 3));
		xml_attr(n, "lang", db_val(&r, 0, 4));
		xml_text(n, "name", db_val(&r, 0, 2));
		sel = arena_calloc(c->arena, us.nrows + 1, sizeof(*sel));
		for (i = 0; i < us.nrows; i++)
			sel[nsel++] = db_int(&us, i, 0);
	}
	render_sites(c, root, n, sel, nsel, status);
}

static void
page_user(struct ctx *c)
{
	if (admin_only(c))
		user_page(c, 200, NULL, 0);
}

#define USER_NOTFOUND	0
#define USER_LASTADMIN	-2
#define USER_BADSITE	-3

struct user_txn {
	struct ctx	*c;
	long long	 id;
	const char	*name, *role, *lang, *state;
	const long long	*sites;
	int		 nsites;
	int		 ended;		/* out: sessions ended */
};

/*
 * The last admin rule: the organisation must keep one active admin who
 * can sign in.  Every such admin row is locked first (in id order, so
 * two admins demoting each other at once deadlock and retry instead of
 * both succeeding), then the target.
 */
static int
user_txn(struct db *db, void *arg)
{
	struct user_txn	*t = arg;
	struct ctx	*c = t->c;
	struct db_res	 admins, r;
	size_t		 i, others = 0;
	int		 was_admin, rc, disable;

	if (db_query(db, c->arena, &admins, "SELECT id FROM users WHERE org_id = ? AND "
	    "role = 'admin' AND disabled = 0 AND password_hash <> '' ORDER BY id FOR UPDATE",
	    "i", c->sess->org_id) == -1 ||
	    db_query(db, c->arena, &r, "SELECT role, disabled, email FROM users "
	    "WHERE id = ? AND org_id = ? FOR UPDATE", "ii", t->id, c->sess->org_id) == -1)
		return -1;
	if (r.nrows == 0)
		return USER_NOTFOUND;
	for (i = 0; i < admins.nrows; i++)
		if (db_int(&admins, i, 0) != t->id)
			others++;
	was_admin = strcmp(db_val(&r, 0, 0), "admin") == 0 && db_int(&r, 0, 1) == 0;
	disable = strcmp(t->state, "disabled") == 0;
	if (was_admin && (strcmp(t->role, "admin") != 0 || disable) && others == 0)
		return USER_LASTADMIN;
	if (db_exec(db, "UPDATE users SET name = ?, role = ?, lang = ?, disabled = ? "
	    "WHERE id = ? AND org_id = ?", "sssiii", t->name, t->role, t->lang,
	    (long long)disable, t->id, c->sess->org_id) == -1)
		return -1;
	if ((rc = user_sites_set(c, db, t->id, t->role, t->sites, t->nsites)) <= 0)
		return rc == 0 ? USER_BADSITE : -1;
	if (disable && db_int(&r, 0, 1) == 0) {
		/* Disabling ends every session of the user at once. */
		if (db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "i", t->id) == -1)
			return -1;
		t->ended = 1;
	}
	if (audit_log(c, c->sess->org_id, c->sess->user_id, disable &&
	    db_int(&r, 0, 1) == 0 ? "user.disable" : !disable && db_int(&r, 0, 1) != 0 ?
	    "user.enable" : "user.edit", "user", t->id, arena_printf(c->arena,
	    "%s: role %s, lang %s, %d sites", db_val(&r, 0, 2), t->role, t->lang,
	    t->nsites)) == -1)
		return -1;
	return 1;
}

static void
post_user(struct ctx *c)
{
	struct user_txn	 t;
	int		 rc;

	if (!admin_only(c))
		return;
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.id = c->req.ids[0];
	t.name = http_field_str(&c->req, F_NAME);
	t.role = http_field_str(&c->req, F_ROLE);
	t.lang = http_field_str(&c->req, F_LANG);
	t.state = http_field_str(&c->req, F_STATE);
	if (t.lang == NULL)
		t.lang = "";
	t.sites = form_sites(c, &t.nsites);
	if (t.name == NULL || t.role == NULL || t.state == NULL) {
		user_page(c, 400, t.name == NULL ? "user.err.name" : "user.err.missing", 1);
		return;
	}
	rc = db_txn(c->db, user_txn, &t);
	switch (rc) {
	case 1:
		loop_flash_args(c, "ok", t.ended ? "user.disabled" : "user.saved",
		    (const char *const[]){ "name", t.name, NULL });
		/* An admin who disabled themselves has no session left. */
		http_resp_redirect(&c->resp, loop_url(c, t.ended && t.id == c->sess->user_id ?
		    "/login" : "/settings/users"));
		return;
	case USER_NOTFOUND:
		loop_error(c, 404, "error.not_found", NULL);
		return;
	case USER_LASTADMIN:
		user_page(c, 409, "user.err.last_admin", 1);
		return;
	case USER_BADSITE:
		user_page(c, 400, "user.err.site", 1);
		return;
	default:
		loop_error(c, 500, "error.server", NULL);
		return;
	}
}

struct reinvite_txn {
	struct ctx	*c;
	long long	 id;
	const char	*email;		/* out */
};

static int
reinvite_txn(struct db *db, void *arg)
{
	struct reinvite_txn	*t = arg;
	struct ctx		*c = t->c;
	struct db_res		 r;

	if (db_query(db, c->arena, &r, "SELECT email, name, role, lang, disabled, "
	    "password_hash = '' FROM users WHERE id = ? AND org_id = ? FOR UPDATE", "ii",
	    t->id, c->sess->org_id) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	if (db_int(&r, 0, 4) != 0 || db_int(&r, 0, 5) == 0)
		return -2;	/* disabled, or has a password already */
	t->email = db_val(&r, 0, 0);
	/* Older links stop working: only the newest invitation counts. */
	if (db_exec(db, "UPDATE user_tokens SET used_at = UTC_TIMESTAMP() "
	    "WHERE user_id = ? AND used_at IS NULL", "i", t->id) == -1 ||
	    invite_queue(c, db, t->id, db_val(&r, 0, 0), db_val(&r, 0, 1),
	    db_val(&r, 0, 2), db_val(&r, 0, 3)) == -1 ||
	    audit_log(c, c->sess->org_id, c->sess->user_id, "user.reinvite", "user", t->id,
	    db_val(&r, 0, 0)) == -1)
		return -1;
	return 1;
}

static void
post_reinvite(struct ctx *c)
{
	struct reinvite_txn	 t;
	int			 rc;

	if (!admin_only(c))
		return;
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.id = c->req.ids[0];
	rc = db_txn(c->db, reinvite_txn, &t);
	if (rc == 0) {
		loop_error(c, 404, "error.not_found", NULL);
		return;
	}
	if (rc == -2) {
		user_page(c, 409, "invite.err.not_invited", 0);
		return;
	}
	if (rc < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash_args(c, "ok", "invite.sent", (const char *const[]){ "name", t.email, NULL });
	http_resp_redirect(&c->resp, loop_url(c, "/settings/users"));
}

/* ------------------------------------------------------------ sites */

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

static void
page_sites(struct ctx *c)
{
	if (admin_only(c))
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

static void
post_site(struct ctx *c)
{
	struct site_txn	 t;
	long long	 id = c->req.nids > 0 ? c->req.ids[0] : 0;
	int		 rc;

	if (!admin_only(c))
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

/* ------------------------------------------------------------ points */

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

static void
page_points(struct ctx *c)
{
	if (admin_only(c))
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
	for (i = 0; i < r.nrows; i++) {
		pos = db_int(&r, i, 0);
		if (pos < 1 || pos > POINTS_MAX ||
		    (v = http_field_int(&c->req, F_P1 + (int)pos - 1, -1)) < 0) {
			rc = 0;		/* a milestone without its field */
			goto out;
		}
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

static void
post_points(struct ctx *c)
{
	struct points_txn	 t = { c };
	int			 rc;

	if (!admin_only(c))
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

/* ------------------------------------------------------------ organisation */

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

static void
page_org(struct ctx *c)
{
	if (admin_only(c))
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

static void
post_org(struct ctx *c)
{
	struct org_txn	 t;

	if (!admin_only(c))
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

/* ------------------------------------------------------------ set a password */

static const char sql_token[] =
	"SELECT t.id, u.id, u.email, u.name, u.org_id FROM user_tokens t "
	"JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.used_at IS NULL "
	"AND t.expires_at > UTC_TIMESTAMP() AND u.disabled = 0";

/* The form (state "form") or, for an unknown, used or expired link, the
 * explanation (state "invalid"). */
static void
setpw_page(struct ctx *c, int status, const char *state, const char *email,
    const char *error)
{
	xmlNodePtr	 root, n;

	root = loop_page(c, "set-password");
	xml_attr(root, "csrf", sess_pre_token(c));
	n = xml_node(root, "set-password");
	xml_attr(n, "state", state);
	if (strcmp(state, "form") == 0)
		xml_attr(n, "token", http_field_str(&c->req, F_TOKEN));
	xml_attr(n, "email", email);
	xml_attr(n, "error", error);
	loop_render_status(c, root, status);
}

/* The token's row: 1 valid, 0 not, -1 error. */
static int
token_load(struct ctx *c, struct db *db, const char *tok, struct db_res *r, int lock)
{
	char	 hash[65];

	if (tok == NULL)
		return 0;
	pass_token_hash(tok, hash, sizeof(hash));
	if (db_query(db, c->arena, r, lock ? "SELECT t.id, u.id, u.email, u.name, u.org_id "
	    "FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? "
	    "AND t.used_at IS NULL AND t.expires_at > UTC_TIMESTAMP() AND u.disabled = 0 "
	    "FOR UPDATE" : sql_token, "s", hash) == -1)
		return -1;
	return r->nrows > 0;
}

static void
page_setpw(struct ctx *c)
{
	struct db_res	 r;
	int		 rc;

	if ((rc = token_load(c, c->db, http_field_str(&c->req, F_TOKEN), &r, 0)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == 0)
		setpw_page(c, 404, "invalid", NULL, NULL);
	else
		setpw_page(c, 200, "form", db_val(&r, 0, 2), NULL);
}

struct setpw_txn {
	struct ctx	*c;
	const char	*hash;
	long long	 user_id;	/* out */
};

static int
setpw_txn(struct db *db, void *arg)
{
	struct setpw_txn	*t = arg;
	struct ctx		*c = t->c;
	struct db_res		 r;
	int			 rc;

	if ((rc = token_load(c, db, http_field_str(&c->req, F_TOKEN), &r, 1)) <= 0)
		return rc;
	t->user_id = db_int(&r, 0, 1);
	/* Every open link of the user stops working; sessions made with an
	 * old password end. */
	if (db_exec(db, "UPDATE users SET password_hash = ? WHERE id = ?", "si",
	    t->hash, t->user_id) == -1 ||
	    db_exec(db, "UPDATE user_tokens SET used_at = UTC_TIMESTAMP() "
	    "WHERE user_id = ? AND used_at IS NULL", "i", t->user_id) == -1 ||
	    db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "i", t->user_id) == -1 ||
	    audit_log(c, db_int(&r, 0, 4), t->user_id, "user.set_password", "user",
	    t->user_id, NULL) == -1)
		return -1;
	return 1;
}

static void
post_setpw(struct ctx *c)
{
	const char	*pw = http_field_str(&c->req, F_PASSWORD);
	const char	*pw2 = http_field_str(&c->req, F_PASSWORD2);
	const char	*why;
	struct db_res	 r;
	struct setpw_txn t;
	char		 hash[crypto_pwhash_STRBYTES];
	int		 rc;

	if ((rc = token_load(c, c->db, http_field_str(&c->req, F_TOKEN), &r, 0)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == 0) {
		setpw_page(c, 404, "invalid", NULL, NULL);
		return;
	}
	if ((why = pass_policy(pw)) != NULL) {
		setpw_page(c, 400, "form", db_val(&r, 0, 2), why);
		return;
	}
	if (pw2 == NULL || strcmp(pw, pw2) != 0) {
		setpw_page(c, 400, "form", db_val(&r, 0, 2), "setpw.mismatch");
		return;
	}
	if (pass_hash(pw, hash, sizeof(hash)) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.hash = hash;
	rc = db_txn(c->db, setpw_txn, &t);
	sodium_memzero(hash, sizeof(hash));
	if (rc < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == 0) {
		setpw_page(c, 404, "invalid", NULL, NULL);
		return;
	}
	/* Signed in at once with a new session. */
	if (sess_create(c, t.user_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash(c, "ok", "setpw.done");
	http_resp_redirect(&c->resp, loop_url(c, "/candidates"));
}

/* ------------------------------------------------------------ mail */

/* Messages that failed, and those still waiting, newest first: an admin
 * sees why and may send a failed one again. */
static const char sql_mail[] =
	"SELECT id, kind, recipient, recipient_name, status, attempts, last_error, "
	"DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), "
	"DATE_FORMAT(due_at, '%Y-%m-%d %H:%i:%s') FROM outbox "
	"WHERE org_id = ? AND status IN ('failed', 'pending', 'sending') "
	"ORDER BY status = 'failed' DESC, id DESC LIMIT 200";

static void
page_mail(struct ctx *c)
{
	static const char *const attrs[] = { "id", "kind", "recipient",
	    "recipient-name", "status", "attempts" };
	struct db_res	 r;
	xmlNodePtr	 root, list, n;
	size_t		 i, k;
	char		 local[32];

	if (!admin_only(c))
		return;
	if (db_query(c->db, c->arena, &r, sql_mail, "i", c->sess->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings-mail");
	list = xml_node(root, "mail");
	for (i = 0; i < r.nrows; i++) {
		n = xml_node(list, "message");
		for (k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++)
			xml_attr(n, attrs[k], db_val(&r, i, (unsigned)k));
		util_utc_to_local(c->sess->org_tz, db_val(&r, i, 7), local, sizeof(local));
		xml_attr(n, "created", local);
		util_utc_to_local(c->sess->org_tz, db_val(&r, i, 8), local, sizeof(local));
		xml_attr(n, "due", local);
		xml_text(n, "error", db_val(&r, i, 6));
	}
	loop_render(c, root);
}

/* The message of the path back to pending with its audit row: 1, 0 when
 * it is not a failed message of the organisation, -1. */
static int
mail_retry_txn(struct db *db, void *arg)
{
	struct ctx	*c = arg;
	long long	 n;

	n = db_exec(db, "UPDATE outbox SET status = 'pending', due_at = UTC_TIMESTAMP(), "
	    "attempts = 0, lease_until = NULL WHERE id = ? AND org_id = ? AND status = 'failed'",
	    "ii", c->req.ids[0], c->sess->org_id);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	if (audit_log(c, c->sess->org_id, c->sess->user_id, "mail.retry", "outbox",
	    c->req.ids[0], NULL) == -1)
		return -1;
	return 1;
}

/* Send a failed message again: pending, due now, its error kept in the log. */
static void
post_mail_retry(struct ctx *c)
{
	if (!admin_only(c))
		return;
	if (!loop_found(c, db_txn(c->db, mail_retry_txn, c)))
		return;
	loop_flash(c, "ok", "mail.retried");
	http_resp_redirect(&c->resp, loop_url(c, "/settings/mail"));
}

static const struct route routes[] = {
	{ HTTP_GET, "/settings", page_index, 0 },
	{ HTTP_GET, "/settings/users", page_users, 0 },
	{ HTTP_POST, "/settings/users", post_invite, 0 },
	{ HTTP_GET, "/settings/users/%d", page_user, 0 },
	{ HTTP_POST, "/settings/users/%d", post_user, 0 },
	{ HTTP_POST, "/settings/users/%d/invite", post_reinvite, 0 },
	{ HTTP_GET, "/settings/sites", page_sites, 0 },
	{ HTTP_POST, "/settings/sites", post_site, 0 },
	{ HTTP_POST, "/settings/sites/%d", post_site, 0 },
	{ HTTP_GET, "/settings/points", page_points, 0 },
	{ HTTP_POST, "/settings/points", post_points, 0 },
	{ HTTP_GET, "/settings/organisation", page_org, 0 },
	{ HTTP_POST, "/settings/organisation", post_org, 0 },
	{ HTTP_GET, "/settings/mail", page_mail, 0 },
	{ HTTP_POST, "/settings/mail/%d/retry", post_mail_retry, 0 },
	{ HTTP_GET, "/set-password", page_setpw, ROUTE_PUBLIC },
	{ HTTP_POST, "/set-password", post_setpw, ROUTE_PUBLIC | ROUTE_PRECSRF },
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
