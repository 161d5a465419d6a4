/* http.c: request parsing (query, form body, cookies), validation, responses */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode '+' and %XX of s[0..len) into a new arena string.  -1 on a bad escape. */
static int
urldecode(struct arena *a, const char *s, size_t len, char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, j = 0;
	int	 hi, lo;

	d = arena_alloc(a, len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			d[j++] = ' ';
		else if (s[i] == '%') {
			if (i + 2 >= len)
				return -1;
			if ((hi = hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)s[i + 2])) < 0)
				return -1;
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			d[j++] = s[i];
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return 0;
}

static struct http_pair *
pair_add(struct arena *a, struct http_pair **pairs, size_t *npairs)
{
	struct http_pair	*p;

	/* Pairs are few: grow by copying into the arena in steps of 16. */
	if (*npairs % 16 == 0) {
		p = arena_calloc(a, *npairs + 16, sizeof(**pairs));
		if (*npairs > 0)
			memcpy(p, *pairs, *npairs * sizeof(**pairs));
		*pairs = p;
	}
	p = &(*pairs)[(*npairs)++];
	memset(p, 0, sizeof(*p));
	p->field = -1;
	return p;
}

enum http_bad
http_parse_urlencoded(struct arena *a, const char *s, size_t len,
    struct http_pair **pairs, size_t *npairs)
{
	const char		*end = s + len, *amp, *eq;
	struct http_pair	*p;
	size_t			 klen, vlen;

	while (s < end) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		if (amp == s) {		/* "a=1&&b=2": tolerate empty pieces */
			s++;
			continue;
		}
		if (*npairs >= HTTP_MAX_PAIRS)
			return HTTP_BAD_TOO_MANY;
		if ((eq = memchr(s, '=', (size_t)(amp - s))) == NULL)
			eq = amp;
		p = pair_add(a, pairs, npairs);
		if (urldecode(a, s, (size_t)(eq - s), &p->key, &klen) == -1)
			return HTTP_BAD_SYNTAX;
		if (eq == amp) {
			p->val = arena_strdup(a, "");
			vlen = 0;
		} else if (urldecode(a, eq + 1, (size_t)(amp - eq - 1), &p->val, &vlen) == -1)
			return HTTP_BAD_SYNTAX;
		p->valsz = vlen;
		if (klen == 0)
			return HTTP_BAD_SYNTAX;
		if (strlen(p->key) != klen || strlen(p->val) != vlen ||
		    !utf8_valid(p->key, klen) || !utf8_valid(p->val, vlen))
			return HTTP_BAD_UTF8;
		s = amp + 1;
	}
	return HTTP_BAD_NONE;
}

enum http_bad
http_parse_cookies(struct arena *a, const char *s,
    struct http_pair **pairs, size_t *npairs)
{
	const char		*semi, *eq, *ks, *ke, *vs, *ve;
	struct http_pair	*p;

	while (*s != '\0') {
		while (*s == ' ' || *s == '\t' || *s == ';')
			s++;
		if (*s == '\0')
			break;
		if ((semi = strchr(s, ';')) == NULL)
			semi = s + strlen(s);
		if (*npairs >= HTTP_MAX_PAIRS)
			return HTTP_BAD_TOO_MANY;
		/* A piece without '=' is ignored, as browsers do. */
		if ((eq = memchr(s, '=', (size_t)(semi - s))) != NULL) {
			ks = s;
			ke = eq;
			while (ke > ks && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			vs = eq + 1;
			ve = semi;
			while (vs < ve && *vs == ' ')
				vs++;
			while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
				vs++;
				ve--;
			}
			if (ke > ks) {
				p = pair_add(a, pairs, npairs);
				p->key = arena_strndup(a, ks, (size_t)(ke - ks));
				p->val = arena_strndup(a, vs, (size_t)(ve - vs));
				p->valsz = strlen(p->val);
				if (!utf8_valid(p->key, strlen(p->key)) ||
				    !utf8_valid(p->val, p->valsz))
					return HTTP_BAD_UTF8;
			}
		}
		s = semi;
	}
	return HTTP_BAD_NONE;
}

/* --- the request as a program receives it --- */

static enum http_method
req_method(const char *m)
{
	if (m == NULL)
		return HTTP_GET;
	if (strcmp(m, "GET") == 0)
		return HTTP_GET;
	if (strcmp(m, "HEAD") == 0)
		return HTTP_HEAD;
	if (strcmp(m, "POST") == 0)
		return HTTP_POST;
	return HTTP_OTHER;
}

/* An environment value copied into the arena, or NULL. */
static char *
req_env(struct arena *a, const struct http_src *src, const char *name)
{
	const char	*v = src->env(src->arg, name);

	return v == NULL ? NULL : arena_strdup(a, v);
}

/* The path below base_path: PATH_INFO when the server gives one, else
 * REQUEST_URI without its query and the base path. */
static char *
req_path(struct arena *a, const struct http_src *src, const char *base)
{
	const char	*pi, *uri, *q;
	size_t		 blen = strlen(base);
	char		*p;

	if ((pi = src->env(src->arg, "PATH_INFO")) != NULL && *pi != '\0')
		p = arena_strdup(a, pi);
	else if ((uri = src->env(src->arg, "REQUEST_URI")) != NULL && *uri != '\0') {
		q = strchr(uri, '?');
		p = arena_strndup(a, uri, q == NULL ? strlen(uri) : (size_t)(q - uri));
	} else
		p = arena_strdup(a, "/");
	if (blen > 0 && strncmp(p, base, blen) == 0 &&
	    (p[blen] == '/' || p[blen] == '\0'))
		p = p[blen] == '\0' ? arena_strdup(a, "/") : p + blen;
	return p;
}

/* Read and drop up to n bytes of body: a refused body is still read, so
 * that the web server (mod_fcgid) gets the answer, not a broken pipe. */
static void
req_drain(const struct http_src *src, unsigned long long n)
{
	char	 buf[8192];
	size_t	 got;

	while (n > 0) {
		got = src->read(src->arg, buf, n < sizeof(buf) ? (size_t)n : sizeof(buf));
		if (got == 0)
			break;
		n -= got;
	}
}

void
http_req_parse(struct http_req *r, struct arena *a, const struct http_src *src,
    const char *base_path, size_t max_body)
{
	const char	*v;
	char		*body, *end;
	size_t		 len, got, n;
	enum http_bad	 bad;
	unsigned long long cl;

	r->arena = a;
	r->method = req_method(src->env(src->arg, "REQUEST_METHOD"));
	r->path = req_path(a, src, base_path);
	if ((r->query = req_env(a, src, "QUERY_STRING")) == NULL)
		r->query = arena_strdup(a, "");
	if ((r->remote_addr = req_env(a, src, "REMOTE_ADDR")) == NULL)
		r->remote_addr = arena_strdup(a, "");
	r->host = req_env(a, src, "HTTP_HOST");
	r->accept_language = req_env(a, src, "HTTP_ACCEPT_LANGUAGE");
	r->content_type = req_env(a, src, "CONTENT_TYPE");
	v = src->env(src->arg, "HTTPS");
	r->https = v != NULL && (strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0);

	if (!utf8_valid(r->path, strlen(r->path))) {
		r->bad = HTTP_BAD_UTF8;
		return;
	}
	bad = http_parse_urlencoded(a, r->query, strlen(r->query),
	    &r->pairs, &r->npairs);
	if (bad != HTTP_BAD_NONE) {
		r->bad = bad;
		return;
	}
	if ((v = req_env(a, src, "HTTP_COOKIE")) != NULL) {
		/* Broken cookies set by someone else are not the user's fault:
		 * a cookie header that does not parse is ignored whole. */
		if (http_parse_cookies(a, v, &r->cookies, &r->ncookies) != HTTP_BAD_NONE)
			r->ncookies = 0;
	}
	if (r->method != HTTP_POST)
		return;

	/* Exactly CONTENT_LENGTH bytes of urlencoded body, capped. */
	v = src->env(src->arg, "CONTENT_LENGTH");
	if (v == NULL || *v == '\0')
		cl = 0;
	else {
		errno = 0;
		cl = strtoull(v, &end, 10);
		if (errno != 0 || *end != '\0' || *v == '-') {
			r->bad = HTTP_BAD_SYNTAX;
			return;
		}
	}
	if (cl > max_body) {
		req_drain(src, cl);
		r->bad = HTTP_BAD_TOO_LARGE;
		return;
	}
	if (cl > 0 && (r->content_type == NULL || strncasecmp(r->content_type,
	    "application/x-www-form-urlencoded", 33) != 0)) {
		req_drain(src, cl);
		r->bad = HTTP_BAD_TYPE;
		return;
	}
	len = (size_t)cl;
	body = arena_alloc(a, len + 1);
	for (got = 0; got < len; got += n)
		if ((n = src->read(src->arg, body + got, len - got)) == 0)
			break;
	body[got] = '\0';
	if (got < len) {
		r->bad = HTTP_BAD_SHORT;
		return;
	}
	r->bad = http_parse_urlencoded(a, body, len, &r->pairs, &r->npairs);
}

void
http_validate(struct http_req *r)
{
	size_t			 i, f;
	struct http_pair	*p;

	r->fieldmap = arena_calloc(r->arena, r->nfields + 1, sizeof(*r->fieldmap));
	r->fieldnmap = arena_calloc(r->arena, r->nfields + 1, sizeof(*r->fieldnmap));
	r->fieldcount = arena_calloc(r->arena, r->nfields + 1, sizeof(*r->fieldcount));
	for (i = 0; i < r->npairs; i++) {
		p = &r->pairs[i];
		for (f = 0; f < r->nfields; f++)
			if (strcmp(r->fields[f].name, p->key) == 0)
				break;
		if (f == r->nfields)
			continue;
		p->field = (int)f;
		r->fieldcount[f]++;
		/* An empty value is an absent one ("all" in a filter form). */
		if (p->valsz == 0)
			continue;
		if (r->fields[f].valid == NULL || r->fields[f].valid(p))
			p->state = PAIR_VALID;
		else
			p->state = PAIR_INVALID;
		if (p->state == PAIR_VALID && r->fieldmap[f] == NULL)
			r->fieldmap[f] = p;
		else if (p->state == PAIR_INVALID && r->fieldnmap[f] == NULL)
			r->fieldnmap[f] = p;
	}
}

const char *
http_field_str(const struct http_req *r, int f)
{
	if (f < 0 || (size_t)f >= r->nfields || r->fieldmap == NULL ||
	    r->fieldmap[f] == NULL)
		return NULL;
	return r->fieldmap[f]->val;
}

long long
http_field_int(const struct http_req *r, int f, long long def)
{
	if (f < 0 || (size_t)f >= r->nfields || r->fieldmap == NULL ||
	    r->fieldmap[f] == NULL)
		return def;
	return r->fieldmap[f]->ival;
}

size_t
http_field_all(const struct http_req *r, int f, const char **out, size_t max)
{
	size_t	 i, n = 0;

	if (f < 0 || (size_t)f >= r->nfields)
		return 0;
	for (i = 0; i < r->npairs && n < max; i++)
		if (r->pairs[i].field == f && r->pairs[i].state == PAIR_VALID)
			out[n++] = r->pairs[i].val;
	return n;
}

const char *
http_cookie(const struct http_req *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->ncookies; i++)
		if (strcmp(r->cookies[i].key, name) == 0)
			return r->cookies[i].val;
	return NULL;
}

/* --- validators: pure, they look at the pair and nothing else --- */

int
http_valid_range(struct http_pair *p, long long min, long long max)
{
	const char	*s = p->val;
	long long	 n = 0;

	if (*s == '\0' || strlen(s) > 16)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (*s - '0');
	}
	if (n < min || n > max)
		return 0;
	p->ival = n;
	return 1;
}

int
http_valid_id(struct http_pair *p)
{
	return http_valid_range(p, 1, 9007199254740992LL);
}

int
http_valid_page(struct http_pair *p)
{
	return http_valid_range(p, 1, 100000);
}

void
http_trim(struct http_pair *p)
{
	char	*s = p->val, *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	*e = '\0';
	if (s != p->val)
		memmove(p->val, s, (size_t)(e - s) + 1);
	p->valsz = strlen(p->val);
}

/* Trim white space in place and check length in code points. */
static int
valid_text_max(struct http_pair *p, size_t max, int allow_empty)
{
	http_trim(p);
	if (!allow_empty && p->valsz == 0)
		return 0;
	return utf8_len(p->val) <= max;
}

int
http_valid_debug(struct http_pair *p)
{
	return strcmp(p->val, "xml") == 0;
}

int
http_valid_text(struct http_pair *p)
{
	return valid_text_max(p, 200, 0);
}

int
http_valid_longtext(struct http_pair *p)
{
	return valid_text_max(p, 4000, 1);
}

int
http_valid_key(struct http_pair *p)
{
	const char	*s = p->val;

	if (*s == '\0' || strlen(s) > 40)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

int
http_valid_email(struct http_pair *p)
{
	char	*s;

	if (!valid_text_max(p, 254, 0) || p->valsz > 254)
		return 0;
	/* What the mailer can send to (util_addr_ok(): no white space or
	 * control character, so CR and LF never reach a header), and
	 * nothing that would add to a mailto: link (?cc=, &body=, %0A, #). */
	if (!util_addr_ok(p->val) || strpbrk(p->val, "?&%#") != NULL)
		return 0;
	for (s = p->val; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	return 1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
http_valid_date(struct http_pair *p)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char	*s = p->val;
	int		 y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return 0;
	p->ival = (long long)y * 10000 + m * 100 + d;
	return 1;
}

int
http_valid_token(struct http_pair *p)
{
	const char	*s = p->val;
	size_t		 n = strlen(s);

	if (n < 16 || n > 100)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

int
http_valid_password(struct http_pair *p)
{
	return p->valsz >= 1 && p->valsz <= 1024;
}

int
http_valid_any(struct http_pair *p)
{
	(void)p;
	return 1;
}

int
http_valid_path(struct http_pair *p)
{
	const unsigned char	*s;

	/* No control characters: browsers drop tabs, "/\t/host" is "//host". */
	for (s = (const unsigned char *)p->val; *s != '\0'; s++)
		if (*s < 0x20 || *s == 0x7f)
			return 0;
	return p->val[0] == '/' && p->val[1] != '/' && p->val[1] != '\\' &&
	    strchr(p->val, '\\') == NULL && p->valsz <= 2000;
}

void
http_url_encode(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-_.~/", ch) != NULL)
			buf_append(b, s, 1);
		else
			buf_printf(b, "%%%02X", ch);
	}
}

/* --- responses --- */

void
http_resp_header(struct http_resp *r, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n") != NULL) {
		log_warn("refusing header %s with a line break", name);
		return;
	}
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
}

void
http_resp_redirect(struct http_resp *r, const char *location)
{
	r->status = 303;
	http_resp_header(r, "Location", location);
}

void
http_resp_cookie(struct http_resp *r, const char *name, const char *value,
    const char *path, long maxage, int secure)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_printf(&b, "%s=%s; Path=%s; HttpOnly; SameSite=Lax", name, value,
	    *path == '\0' ? "/" : path);
	if (maxage >= 0)
		buf_printf(&b, "; Max-Age=%ld", maxage);
	if (secure)
		buf_puts(&b, "; Secure");
	http_resp_header(r, "Set-Cookie", b.data);
	buf_free(&b);
}

static const struct {
	int		 code;
	const char	*reason;
} http_reasons[] = {
	{ 200, "OK" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 409, "Conflict" },
	{ 413, "Content Too Large" }, { 415, "Unsupported Media Type" },
	{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

const char *
http_reason(int status)
{
	size_t	 i;

	for (i = 0; i < sizeof(http_reasons) / sizeof(http_reasons[0]); i++)
		if (http_reasons[i].code == status)
			return http_reasons[i].reason;
	return "Unknown";
}

void
http_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_append(b, s, 1); break;
		}
	}
}
