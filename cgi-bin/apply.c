/* apply.c: the public apply page of a vacancy (an EOI through a share link) */
#include "config.h"

#include <string.h>

#include "db.h"
#include "eoi.h"
#include "lang.h"
#include "loop.h"
#include "render.h"
#include "sess.h"
#include "util.h"

/* Submissions one address may make per hour; more get a 429 page. */
#define APPLY_MAX_PER_HOUR	10

enum field {
	F_NAME,
	F_EMAIL,
	F_PHONE,
	F_POSTCODE,
	F_NOTE,
	F_CONSENT,
	F_RTW,
	F_R,
	F_LANG,
	F_DEBUG,
	F__MAX
};

static int
valid_consent(struct http_pair *p)
{
	return strcmp(p->val, "1") == 0 || strcmp(p->val, "on") == 0 ||
	    strcmp(p->val, "yes") == 0;
}

static int
valid_rtw(struct http_pair *p)
{
	if (strcmp(p->val, "yes") == 0)
		p->ival = 1;
	else if (strcmp(p->val, "no") == 0)
		p->ival = 0;
	else
		return 0;
	return 1;
}

/* A referrer's public code: letters, digits, '-', '_', at most 32. */
static int
valid_code(struct http_pair *p)
{
	const char	*s;

	if (p->valsz > 32)
		return 0;
	for (s = p->val; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int
valid_lang(struct http_pair *p)
{
	return lang_valid(p->val);
}

/* The typed fields accept any text here; their rules (lib/eoi.h) run in
 * the handler, so that a mistake comes back in the form, next to the
 * field, with everything that was typed. */
static const struct http_field fields[F__MAX] = {
	[F_NAME] = { "name", eoi_valid_typed, 0 },
	[F_EMAIL] = { "email", eoi_valid_typed, 0 },
	[F_PHONE] = { "phone", eoi_valid_typed, 0 },
	[F_POSTCODE] = { "postcode", eoi_valid_typed, 0 },
	[F_NOTE] = { "note", eoi_valid_typed, 0 },
	[F_CONSENT] = { "consent", valid_consent, 0 },
	[F_RTW] = { "right_to_work", valid_rtw, 0 },
	[F_R] = { "r", valid_code, 0 },
	[F_LANG] = { "lang", valid_lang, 0 },
	[F_DEBUG] = { "debug", http_valid_debug, 0 },
};

/* The vacancy of a code with what the page shows. */
static const char sql_vacancy[] =
	"SELECT v.id, v.org_id, v.title, v.location, v.description, v.is_open, "
	"v.right_to_work, o.name, o.locale, s.name "
	"FROM vacancies v JOIN organisations o ON o.id = v.org_id "
	"LEFT JOIN sites s ON s.id = v.site_id WHERE v.code = ?";

enum { V_ID, V_ORG, V_TITLE, V_LOCATION, V_DESC, V_OPEN, V_RTW, V_ORG_NAME,
	V_LOCALE, V_SITE };

/* The page language: ?lang=, else the browser's, else the organisation's. */
static void
pick_lang(struct ctx *c, const char *org_locale)
{
	const char	*l = http_field_str(&c->req, F_LANG);

	if (l != NULL)
		c->lang = lang_pick(l, NULL, NULL);
	else if (c->req.accept_language != NULL && *c->req.accept_language != '\0')
		c->lang = lang_pick(NULL, NULL, c->req.accept_language);
	else
		c->lang = lang_pick(NULL, org_locale, NULL);
}

/* Load the vacancy of the path's code: 1 found, 0 not, -1 error
 * (answered).  The apply pages are the same for everybody: a portal
 * session is ignored (no menu, no name). */
static int
vacancy_load(struct ctx *c, struct db_res *v)
{
	c->sess = NULL;
	if (db_query(c->db, c->arena, v, sql_vacancy, "s", c->req.strs[0]) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return -1;
	}
	pick_lang(c, v->nrows > 0 ? db_val(v, 0, V_LOCALE) : NULL);
	return v->nrows > 0;
}

/* A page of the apply area: <apply state= code= r=> with the vacancy. */
static xmlNodePtr
apply_page(struct ctx *c, const char *name, const char *state,
    struct db_res *v, xmlNodePtr *out)
{
	xmlNodePtr	 root, a, n;
	const char	*r = http_field_str(&c->req, F_R);

	root = loop_page(c, name);
	xml_attr(root, "csrf", sess_pre_token(c));
	a = xml_node(root, strcmp(name, "apply") == 0 ? "apply" : "apply-thanks");
	xml_attr(a, "state", state);
	xml_attr(a, "code", c->req.strs[0]);
	xml_attr(a, "r", r);
	if (v != NULL && v->nrows > 0) {
		xml_text(a, "org", db_val(v, 0, V_ORG_NAME));
		n = xml_node(a, "vacancy");
		xml_attr(n, "right-to-work", db_val(v, 0, V_RTW));
		xml_attr(n, "open", db_val(v, 0, V_OPEN));
		xml_text(n, "title", db_val(v, 0, V_TITLE));
		if (*db_val(v, 0, V_LOCATION) != '\0')
			xml_text(n, "location", db_val(v, 0, V_LOCATION));
		if (db_val(v, 0, V_SITE) != NULL)
			xml_text(n, "site", db_val(v, 0, V_SITE));
		if (*db_val(v, 0, V_DESC) != '\0')
			xml_text(n, "description", db_val(v, 0, V_DESC));
	}
	*out = a;
	return root;
}

/* A friendly page instead of the form: unknown code (404), closed
 * vacancy (410: the link is gone; the page says so), too many
 * submissions (429). */
static void
apply_gone(struct ctx *c, int status, const char *state, struct db_res *v)
{
	xmlNodePtr	 root, a;

	root = apply_page(c, "apply", state, v, &a);
	loop_render_status(c, root, status);
}

/* The form, with what was typed and the mistakes (field, key) pairs. */
static void
apply_form(struct ctx *c, int status, struct db_res *v, const char *const *errs,
    size_t nerrs)
{
	static const enum field typed[] = { F_NAME, F_EMAIL, F_PHONE, F_POSTCODE, F_NOTE };
	xmlNodePtr	 root, a, f;
	size_t		 i;

	root = apply_page(c, "apply", "form", v, &a);
	f = xml_node(a, "form");
	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		xml_attr(f, fields[typed[i]].name, http_field_str(&c->req, typed[i]));
	if (http_field_str(&c->req, F_CONSENT) != NULL)
		xml_attr(f, "consent", "1");
	xml_attr(f, "right_to_work", http_field_str(&c->req, F_RTW));
	xml_errors(f, errs, nerrs);
	loop_render_status(c, root, status);
}

static void
page_apply(struct ctx *c)
{
	struct db_res	 v;
	int		 rc;

	if ((rc = vacancy_load(c, &v)) < 0)
		return;
	if (rc == 0)
		apply_gone(c, 404, "unknown", NULL);
	else if (db_int(&v, 0, V_OPEN) == 0)
		apply_gone(c, 410, "closed", &v);
	else
		apply_form(c, 200, &v, NULL, 0);
}

/* Count this submission against the address; 1 when over the limit
 * (not counted then), 0 when not, -1 on error. */
static int
rate_limited(struct ctx *c)
{
	struct db_res	 r;

	if (db_query(c->db, c->arena, &r, "SELECT COUNT(*) FROM apply_attempts "
	    "WHERE addr = ? AND created_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR",
	    "s", c->req.remote_addr) == -1)
		return -1;
	if (db_int(&r, 0, 0) >= APPLY_MAX_PER_HOUR)
		return 1;
	if (db_exec(c->db, "DELETE FROM apply_attempts WHERE created_at < "
	    "UTC_TIMESTAMP() - INTERVAL 1 DAY LIMIT 100", "") == -1 ||
	    db_exec(c->db, "INSERT INTO apply_attempts (addr) VALUES (?)", "s",
	    c->req.remote_addr) == -1)
		return -1;
	return 0;
}

static void
post_apply(struct ctx *c)
{
	struct db_res		 v, r;
	struct eoi_req		 q;
	struct eoi_result	 res;
	const char		*errs[20], *email = NULL, *code;
	size_t			 nerrs = 0;
	int			 rc, rtw;

	/* Method gate and lookup: the vacancy must exist and be open. */
	if ((rc = vacancy_load(c, &v)) < 0)
		return;
	if (rc == 0) {
		apply_gone(c, 404, "unknown", NULL);
		return;
	}
	if (db_int(&v, 0, V_OPEN) == 0) {
		apply_gone(c, 410, "closed", &v);
		return;
	}
	if ((rc = rate_limited(c)) != 0) {
		if (rc < 0) {
			loop_error(c, 500, "error.server", NULL);
			return;
		}
		http_resp_header(&c->resp, "Retry-After", "3600");
		apply_gone(c, 429, "limited", &v);
		return;
	}

	/* The rules of each field, every mistake at once. */
	eoi_err_add(errs, &nerrs, "name", eoi_check_name(http_field_str(&c->req, F_NAME)));
	eoi_err_add(errs, &nerrs, "email", eoi_check_email(c->arena,
	    http_field_str(&c->req, F_EMAIL), &email));
	eoi_err_add(errs, &nerrs, "phone", eoi_check_phone(http_field_str(&c->req, F_PHONE)));
	eoi_err_add(errs, &nerrs, "postcode",
	    eoi_check_postcode(http_field_str(&c->req, F_POSTCODE)));
	eoi_err_add(errs, &nerrs, "note", eoi_check_note(http_field_str(&c->req, F_NOTE)));
	rtw = (int)http_field_int(&c->req, F_RTW, -1);
	if (db_int(&v, 0, V_RTW) == 0)
		rtw = -1;
	else if (rtw == -1)
		eoi_err_add(errs, &nerrs, "right_to_work", "eoi.err.rtw_missing");
	if (http_field_str(&c->req, F_CONSENT) == NULL)
		eoi_err_add(errs, &nerrs, "consent", "eoi.err.consent_missing");
	if (nerrs > 0) {
		apply_form(c, 400, &v, errs, nerrs);
		return;
	}

	/* The referrer of the share link, if it is one of this organisation's. */
	memset(&q, 0, sizeof(q));
	q.org_id = db_int(&v, 0, V_ORG);
	if ((code = http_field_str(&c->req, F_R)) != NULL) {
		if (db_query(c->db, c->arena, &r, "SELECT id FROM referrers "
		    "WHERE code = ? AND org_id = ?", "si", code, q.org_id) == -1) {
			loop_error(c, 500, "error.server", NULL);
			return;
		}
		if (r.nrows > 0)
			q.referrer_id = db_int(&r, 0, 0);
	}
	q.vacancy_id = db_int(&v, 0, V_ID);
	q.name = http_field_str(&c->req, F_NAME);
	q.email = email;
	q.phone = http_field_str(&c->req, F_PHONE);
	q.postcode = http_field_str(&c->req, F_POSTCODE);
	q.note = http_field_str(&c->req, F_NOTE);
	q.right_to_work = rtw;
	q.lang = c->lang;
	q.need_open = 1;
	q.addr = c->req.remote_addr;
	/* The referrer was looked up in the organisation and referrers are
	 * never deleted, so EOI_NO_REFERRER cannot come back here. */
	switch (eoi_create(c->db, c->arena, &q, &res)) {
	case EOI_CREATED:
	case EOI_DUPLICATE:
		/* The same thank-you either way: the page tells nobody
		 * whether this address had applied before. */
		http_resp_redirect(&c->resp, loop_url(c, arena_printf(c->arena,
		    "/apply/%s/thanks?lang=%s", c->req.strs[0], c->lang)));
		break;
	case EOI_CLOSED:
		apply_gone(c, 410, "closed", &v);
		break;
	case EOI_NO_VACANCY:
		apply_gone(c, 404, "unknown", NULL);
		break;
	default:
		loop_error(c, 500, "error.server", NULL);
		break;
	}
}

static void
page_thanks(struct ctx *c)
{
	struct db_res	 v;
	xmlNodePtr	 root, a;
	int		 rc;

	if ((rc = vacancy_load(c, &v)) < 0)
		return;
	if (rc == 0) {
		apply_gone(c, 404, "unknown", NULL);
		return;
	}
	root = apply_page(c, "apply-thanks", "thanks", &v, &a);
	loop_render(c, root);
}

static const struct route routes[] = {
	{ HTTP_GET, "/apply/%s", page_apply, ROUTE_PUBLIC },
	{ HTTP_POST, "/apply/%s", post_apply, ROUTE_PUBLIC | ROUTE_PRECSRF },
	{ HTTP_GET, "/apply/%s/thanks", page_thanks, ROUTE_PUBLIC },
};

static const struct program program = {
	"apply", routes, sizeof(routes) / sizeof(routes[0]), fields, F__MAX
};

int
main(int argc, char *argv[])
{
	return loop_main(argc, argv, &program);
}
