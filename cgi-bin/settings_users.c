/* settings_users.c: admins' settings, users: the list, invitations, a user's role, language and sites */
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

#define INVITE_DAYS	7	/* an invitation link works this long */

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

void
settings_page_users(struct ctx *c)
{
	if (settings_admin_only(c))
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

void
settings_post_invite(struct ctx *c)
{
	struct invite_txn	 t;
	int			 rc;

	if (!settings_admin_only(c))
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

void
settings_page_user(struct ctx *c)
{
	if (settings_admin_only(c))
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
		/* Disabling ends every session of the user at once, and the
		 * set-password links not used yet (enabling again must not
		 * bring one back: the admin may have disabled a wrong
		 * recipient). */
		if (db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "i", t->id) == -1 ||
		    db_exec(db, "UPDATE user_tokens SET used_at = UTC_TIMESTAMP() "
		    "WHERE user_id = ? AND used_at IS NULL", "i", t->id) == -1)
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

void
settings_post_user(struct ctx *c)
{
	struct user_txn	 t;
	int		 rc;

	if (!settings_admin_only(c))
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

void
settings_post_reinvite(struct ctx *c)
{
	struct reinvite_txn	 t;
	int			 rc;

	if (!settings_admin_only(c))
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
