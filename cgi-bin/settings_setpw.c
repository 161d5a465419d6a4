/* settings_setpw.c: /set-password, the page an invitation link opens (a user token) */
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

void
settings_page_setpw(struct ctx *c)
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

void
settings_post_setpw(struct ctx *c)
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
	/* Signed in at once with a new session (none for a user disabled
	 * meanwhile: the link is then as good as gone). */
	if ((rc = sess_create(c, t.user_id)) <= 0) {
		if (rc == 0)
			setpw_page(c, 404, "invalid", NULL, NULL);
		else
			loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash(c, "ok", "setpw.done");
	http_resp_redirect(&c->resp, loop_url(c, "/candidates"));
}
