/* login.c: sign in, sign out and the language switch */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "db.h"
#include "lang.h"
#include "loop.h"
#include "pass.h"
#include "render.h"
#include "sess.h"
#include "util.h"

enum field {
	F_EMAIL,
	F_PASSWORD,
	F_NEXT,
	F_LANG,
	F__MAX
};

static int
valid_lang(struct http_pair *p)
{
	return lang_valid(p->val);
}

static const struct http_field fields[F__MAX] = {
	[F_EMAIL] = { "email", http_valid_email },
	[F_PASSWORD] = { "password", http_valid_password },
	[F_NEXT] = { "next", http_valid_path },
	[F_LANG] = { "lang", valid_lang },
};

/* A hash to verify against when the account does not exist, so that the
 * answer takes as long either way. */
static char dummy_hash[256];

static void
login_form(struct ctx *c, int status, const char *error)
{
	xmlNodePtr	 root, n;
	const char	*next = http_field_str(&c->req, F_NEXT);

	root = loop_page(c, "login");
	xml_attr(root, "csrf", sess_pre_token(c));
	n = xml_node(root, "login");
	xml_attr(n, "email", http_field_str(&c->req, F_EMAIL));
	xml_attr(n, "next", next);
	xml_attr(n, "error", error);
	loop_render(c, root);
	if (c->resp.status == 200)
		c->resp.status = status;
}

static void
page_login(struct ctx *c)
{
	const char	*next = http_field_str(&c->req, F_NEXT);

	if (c->sess != NULL) {
		http_resp_redirect(&c->resp, loop_url(c, next != NULL ? next : "/candidates"));
		return;
	}
	login_form(c, 200, NULL);
}

static void
post_login(struct ctx *c)
{
	const char	*email = http_field_str(&c->req, F_EMAIL);
	const char	*password = http_field_str(&c->req, F_PASSWORD);
	const char	*next = http_field_str(&c->req, F_NEXT);
	struct db_res	 r;
	int		 rc, ok;

	if (email == NULL || password == NULL) {
		login_form(c, 400, "login.missing");
		return;
	}
	if ((rc = sess_throttled(c, email)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc > 0) {
		http_resp_header(&c->resp, "Retry-After", "900");
		login_form(c, 429, "login.throttled");
		return;
	}
	if (db_query(c->db, c->arena, &r, "SELECT id, password_hash, org_id FROM users "
	    "WHERE email = ? AND disabled = 0", "s", email) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	/* The same work whoever it is: no such user, an invited one without
	 * a password yet (no hash to check), or a wrong password. */
	if (r.nrows == 0 || !pass_usable(db_val(&r, 0, 1))) {
		pass_verify(dummy_hash, password);
		ok = 0;
	} else
		ok = pass_verify(db_val(&r, 0, 1), password);
	if (ok && (ok = sess_create(c, db_int(&r, 0, 0))) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (!ok) {
		if (sess_fail(c, email) == -1) {
			loop_error(c, 500, "error.server", NULL);
			return;
		}
		login_form(c, 401, "login.failed");
		return;
	}
	if (audit_log(c, db_int(&r, 0, 2), db_int(&r, 0, 0), "login", "user",
	    db_int(&r, 0, 0), NULL) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	http_resp_redirect(&c->resp, loop_url(c, next != NULL ? next : "/candidates"));
}

static void
post_logout(struct ctx *c)
{
	if (sess_destroy(c) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	loop_flash(c, "ok", "login.signed_out");
	http_resp_redirect(&c->resp, loop_url(c, "/login"));
}

static void
post_language(struct ctx *c)
{
	const char	*lang = http_field_str(&c->req, F_LANG);
	const char	*next = http_field_str(&c->req, F_NEXT);

	if (lang == NULL) {
		loop_error(c, 400, "error.bad_field", "lang");
		return;
	}
	if (db_exec(c->db, "UPDATE users SET lang = ? WHERE id = ?", "si",
	    lang, c->sess->user_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	http_resp_redirect(&c->resp, loop_url(c, next != NULL ? next : "/candidates"));
}

static const struct route routes[] = {
	{ HTTP_GET, "/login", page_login, ROUTE_PUBLIC },
	{ HTTP_POST, "/login", post_login, ROUTE_PUBLIC | ROUTE_PRECSRF },
	{ HTTP_POST, "/logout", post_logout, 0 },
	{ HTTP_POST, "/language", post_language, 0 },
};

static const struct program program = {
	"login", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	if (pass_init() == -1 || pass_hash("refportal-no-such-user", dummy_hash,
	    sizeof(dummy_hash)) == -1)
		return 1;
	return loop_main(argc, argv, &program);
}
