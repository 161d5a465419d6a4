/* sess.c: sessions (cookie token, hash stored), CSRF and sign-in throttling */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "choices.h"
#include "db.h"
#include "loop.h"
#include "pass.h"
#include "sess.h"
#include "util.h"

#define SESS_TOUCH_AFTER	60	/* seconds between last_seen updates */

static const char sql_sess_get[] =
	"SELECT s.id, s.user_id, u.org_id, u.name, u.email, u.role, u.lang, "
	"o.name, o.locale, o.time_zone, o.contact_target_hours, s.csrf, "
	"TIMESTAMPDIFF(SECOND, s.last_seen, UTC_TIMESTAMP()), "
	"TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP()), "
	/* The sites a limited user may see, "3,7" (NULL: every site), in
	 * the same round trip: every request of every page asks. */
	"(SELECT GROUP_CONCAT(us.site_id ORDER BY us.site_id) FROM user_sites us "
	"JOIN sites t ON t.id = us.site_id WHERE us.user_id = u.id), "
	"o.choices_version "
	"FROM sessions s JOIN users u ON u.id = s.user_id "
	"JOIN organisations o ON o.id = u.org_id "
	"WHERE s.token_hash = ? AND u.disabled = 0";

int
sess_lookup(struct ctx *c)
{
	const char	*tok = http_cookie(&c->req, SESS_COOKIE);
	char		 hash[65];
	struct db_res	 r;
	struct sess	*s;
	const struct choices	*ch;
	long long	 idle, age;
	const char	*sites, *p;
	char		*end;
	size_t		 nsites = 0;

	c->sess = NULL;
	if (tok == NULL || strlen(tok) < 40 || strlen(tok) > 64)
		return 0;
	pass_token_hash(tok, hash, sizeof(hash));
	if (db_query(c->db, c->arena, &r, sql_sess_get, "s", hash) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	idle = db_int(&r, 0, 12);
	age = db_int(&r, 0, 13);
	if (idle > c->conf->session_idle || age > c->conf->session_absolute) {
		db_exec(c->db, "DELETE FROM sessions WHERE id = ?", "i", db_int(&r, 0, 0));
		return 0;
	}
	s = arena_calloc(c->arena, 1, sizeof(*s));
	s->id = db_int(&r, 0, 0);
	s->user_id = db_int(&r, 0, 1);
	s->org_id = db_int(&r, 0, 2);
	s->user_name = arena_strdup(c->arena, db_val(&r, 0, 3));
	s->email = arena_strdup(c->arena, db_val(&r, 0, 4));
	s->role = arena_strdup(c->arena, db_val(&r, 0, 5));
	s->user_lang = arena_strdup(c->arena, db_val(&r, 0, 6));
	s->org_name = arena_strdup(c->arena, db_val(&r, 0, 7));
	s->org_locale = arena_strdup(c->arena, db_val(&r, 0, 8));
	s->org_tz = arena_strdup(c->arena, db_val(&r, 0, 9));
	s->contact_target_hours = (int)db_int(&r, 0, 10);
	s->csrf = arena_strdup(c->arena, db_val(&r, 0, 11));
	s->choices_version = db_int(&r, 0, 15);
	s->nsites = 0;
	if ((sites = db_val(&r, 0, 14)) != NULL)
		for (p = sites, nsites = 1; *p != '\0'; p++)
			nsites += *p == ',';
	s->site_ids = arena_calloc(c->arena, nsites + 1, sizeof(*s->site_ids));
	for (p = sites; p != NULL && *p != '\0' && s->nsites < (int)nsites; p = end + 1) {
		long long id = strtoll(p, &end, 10);

		if (end == p || (*end != ',' && *end != '\0'))
			break;
		s->site_ids[s->nsites++] = id;
		if (*end == '\0')
			break;
	}
	if (idle > SESS_TOUCH_AFTER &&
	    db_exec(c->db, "UPDATE sessions SET last_seen = UTC_TIMESTAMP() WHERE id = ?",
	    "i", s->id) == -1)
		return -1;
	c->sess = s;
	/* Whether it has sites is in the process's copy of its choices. */
	if ((ch = choices_get(c)) == NULL) {
		c->sess = NULL;
		return -1;
	}
	s->has_sites = ch->sites.nrows > 0;
	return 1;
}

int
sess_create(struct ctx *c, long long user_id)
{
	char		 tok[64], csrf[64], hash[65];
	long long	 n;

	pass_token(tok, sizeof(tok));
	pass_token(csrf, sizeof(csrf));
	pass_token_hash(tok, hash, sizeof(hash));
	/* Old expired sessions of this user go while we are here. */
	if (db_exec(c->db, "DELETE FROM sessions WHERE user_id = ? AND "
	    "(last_seen < UTC_TIMESTAMP() - INTERVAL ? SECOND OR "
	    "created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND)", "iii", user_id,
	    (long long)c->conf->session_idle, (long long)c->conf->session_absolute) == -1)
		return -1;
	/* Only for a user still enabled: the read takes the user's row
	 * lock, so a disabling that ends the user's sessions comes wholly
	 * before this (no row) or after it (the row is deleted with the
	 * others); the password check before is no guard. */
	if ((n = db_exec(c->db, "INSERT INTO sessions (token_hash, user_id, csrf) "
	    "SELECT ?, id, ? FROM users WHERE id = ? AND disabled = 0", "ssi",
	    hash, csrf, user_id)) <= 0)
		return n == 0 ? 0 : -1;
	http_resp_cookie(&c->resp, SESS_COOKIE, tok, loop_cookie_path(c), -1,
	    loop_cookie_secure(c));
	return 1;
}

int
sess_destroy(struct ctx *c)
{
	int	 rc = 0;

	if (c->sess != NULL &&
	    db_exec(c->db, "DELETE FROM sessions WHERE id = ?", "i", c->sess->id) == -1)
		rc = -1;
	http_resp_cookie(&c->resp, SESS_COOKIE, "", loop_cookie_path(c), 0,
	    loop_cookie_secure(c));
	c->sess = NULL;
	return rc;
}

static int
token_eq(const char *a, const char *b)
{
	size_t	 la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb || la < 16)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

int
sess_csrf_ok(struct ctx *c, int presession)
{
	const char	*sent = NULL;
	size_t		 i;

	/* Read the raw pair: the field table of a program need not list it. */
	for (i = 0; i < c->req.npairs; i++)
		if (strcmp(c->req.pairs[i].key, "csrf") == 0) {
			if (sent != NULL)
				return 0;
			sent = c->req.pairs[i].val;
		}
	if (presession)
		return token_eq(sent, http_cookie(&c->req, SESS_PRE_COOKIE));
	return c->sess != NULL && token_eq(sent, c->sess->csrf);
}

const char *
sess_pre_token(struct ctx *c)
{
	const char	*v = http_cookie(&c->req, SESS_PRE_COOKIE);
	char		 tok[64];

	if (v != NULL && strlen(v) >= 40 && strlen(v) <= 64)
		return v;
	pass_token(tok, sizeof(tok));
	http_resp_cookie(&c->resp, SESS_PRE_COOKIE, tok, loop_cookie_path(c), -1,
	    loop_cookie_secure(c));
	return arena_strdup(c->arena, tok);
}

int
sess_throttled(struct ctx *c, const char *email)
{
	struct db_res	 r;
	long long	 win = c->conf->login_window;

	if (db_query(c->db, c->arena, &r,
	    "SELECT (SELECT COUNT(*) FROM login_failures WHERE email = ? AND "
	    "created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND), "
	    "(SELECT COUNT(*) FROM login_failures WHERE addr = ? AND "
	    "created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND)",
	    "sisi", email, win, c->req.remote_addr, win) == -1)
		return -1;
	return db_int(&r, 0, 0) >= c->conf->login_max_failures ||
	    db_int(&r, 0, 1) >= c->conf->login_max_failures;
}

int
sess_fail(struct ctx *c, const char *email)
{
	return db_exec(c->db, "INSERT INTO login_failures (email, addr) VALUES (?, ?)",
	    "ss", email, c->req.remote_addr) == -1 ? -1 : 0;
}

int
sess_site_in(const long long *sites, int nsites, long long site_id)
{
	int	 i;

	if (nsites == 0)
		return 1;
	for (i = 0; i < nsites; i++)
		if (sites[i] == site_id)
			return 1;
	return 0;
}

int
sess_site_allowed(const struct sess *s, long long site_id)
{
	return sess_site_in(s->site_ids, s->nsites, site_id);
}

void
sess_sites_where(struct buf *w, struct db_params *p, const char *col,
    long long user_id, const long long *ids, int n)
{
	buf_puts(w, " AND ");
	buf_puts(w, col);
	if (db_param_in(w, p, ids, n) == 0)
		return;
	buf_puts(w, " IN (SELECT us.site_id FROM user_sites us WHERE us.user_id = ?)");
	db_param_int(p, user_id);
}
