/* http.h: one request parsed and validated, one response collected */
#ifndef RP_HTTP_H
#define RP_HTTP_H

#include <stddef.h>
#include "arena.h"
#include "util.h"

enum http_method {
	HTTP_GET = 1,
	HTTP_HEAD = 2,
	HTTP_POST = 4,
	HTTP_OTHER = 8
};

enum pair_state {
	PAIR_UNCHECKED = 0,
	PAIR_VALID,
	PAIR_INVALID
};

/* One decoded key=value pair of the query string, the body or a cookie.
 * Everything lives in the request arena. */
struct http_pair {
	char			*key;
	char			*val;		/* NUL-terminated, decoded */
	size_t			 valsz;
	int			 field;		/* index in the field table, -1 if unknown */
	enum pair_state		 state;
	long long		 ival;		/* set by integer validators */
};

/*
 * A program's input fields: one row per field, indexed by the program's
 * field enum (kcgi style).  A validator is pure: it looks at the pair,
 * may set ival or normalise val in place, and returns 1 (valid) or 0.
 */
struct http_field {
	const char	*name;
	int		(*valid)(struct http_pair *);
	int		 multi;		/* 1: the key may come more than once (checkboxes);
					 * read every value with http_field_all() */
};

/* Parse error of the request as a whole: the loop answers it before any handler. */
enum http_bad {
	HTTP_BAD_NONE = 0,
	HTTP_BAD_UTF8,		/* 400: a key or value is not UTF-8 */
	HTTP_BAD_SYNTAX,	/* 400: malformed percent escape or form */
	HTTP_BAD_SHORT,		/* 400: body shorter than CONTENT_LENGTH */
	HTTP_BAD_TOO_LARGE,	/* 413: body over max_body */
	HTTP_BAD_TOO_MANY,	/* 400: more than HTTP_MAX_PAIRS pairs */
	HTTP_BAD_TYPE		/* 415: a POST body that is not urlencoded */
};

#define HTTP_MAX_PAIRS	256

struct http_req {
	struct arena		*arena;
	enum http_method	 method;
	char			*path;		/* below base_path, starts with '/' */
	char			*query;		/* raw query string, "" if none */
	struct http_pair	*pairs;		/* query pairs then body pairs */
	size_t			 npairs;
	struct http_pair	*cookies;
	size_t			 ncookies;
	const struct http_field	*fields;
	size_t			 nfields;
	struct http_pair	**fieldmap;	/* [nfields]: the valid value, or NULL */
	struct http_pair	**fieldnmap;	/* [nfields]: a value that failed, or NULL */
	unsigned		*fieldcount;	/* [nfields]: how often the key came */
	char			*remote_addr;
	char			*host;
	char			*accept_language;
	char			*content_type;
	int			 https;
	long long		 ids[4];	/* numbers captured by %d in a route */
	int			 nids;
	char			*strs[2];	/* segments captured by %s in a route (arena) */
	int			 nstrs;
	enum http_bad		 bad;
};

/* Response collected by handlers and written by the loop. */
struct http_resp {
	int		 status;	/* 0 until set: the loop then sends 500 */
	struct buf	 headers;	/* "Name: value\r\n" lines */
	struct buf	 body;
	const char	*content_type;	/* static string */
};

/*
 * Pure parsers, used by http_req_parse() and the fuzz harnesses.
 * http_parse_urlencoded() splits "a=1&b=2" (query strings and form
 * bodies) into pairs appended to *pairs (arena memory), decoding '+' and
 * %XX.  http_parse_cookies() splits a Cookie header ("a=1; b=2"), no
 * decoding.  Both return HTTP_BAD_NONE or the reason for refusing the
 * whole input; on refusal the pairs added so far are garbage in the arena.
 */
enum http_bad http_parse_urlencoded(struct arena *, const char *, size_t,
	    struct http_pair **pairs, size_t *npairs);
enum http_bad http_parse_cookies(struct arena *, const char *,
	    struct http_pair **pairs, size_t *npairs);

/*
 * Where http_req_parse() reads a request from: env() returns a CGI
 * variable's value or NULL (the pointer need only live until the next
 * call: values are copied), read() fills up to n bytes of body and
 * returns how many, 0 at the end.  arg is handed to both.
 */
struct http_src {
	const char	*(*env)(void *arg, const char *name);
	size_t		 (*read)(void *arg, char *buf, size_t n);
	void		*arg;
};

/*
 * Read one request as a program receives it (FastCGI or CGI): method,
 * path below base_path (PATH_INFO, else REQUEST_URI without its query),
 * query pairs, cookies (a Cookie header that does not parse is ignored
 * whole), and for a POST exactly CONTENT_LENGTH bytes of urlencoded body,
 * at most max_body.  Pure apart from src: no database, no file.  Sets
 * r->bad to the reason when the request is refused as a whole (the
 * fields read until then stay set); everything lives in arena a.
 * r->fields is left for the caller.
 */
void	http_req_parse(struct http_req *r, struct arena *a,
	    const struct http_src *src, const char *base_path, size_t max_body);

/*
 * Run the field table over the pairs: fills fieldmap, fieldnmap and
 * fieldcount.  The first valid value of a field wins.
 */
void	http_validate(struct http_req *);

/* The value of a field, or NULL when absent or invalid. */
const char *http_field_str(const struct http_req *, int field);
/* The parsed integer of a field, or def. */
long long  http_field_int(const struct http_req *, int field, long long def);
/* Every valid value of a multi field, in the order they came: up to max
 * pointers into out (request arena); returns how many. */
size_t	   http_field_all(const struct http_req *, int field, const char **out, size_t max);
/* The value of a cookie, or NULL.  Arena memory. */
const char *http_cookie(const struct http_req *, const char *name);

/* Validators for field tables. */
int	http_valid_id(struct http_pair *);	/* integer 1..2^53 */
int	http_valid_page(struct http_pair *);	/* integer 1..100000 */
int	http_valid_text(struct http_pair *);	/* up to 200 code points, trimmed, non-empty */
int	http_valid_longtext(struct http_pair *);/* up to 4000 code points */
int	http_valid_key(struct http_pair *);	/* [a-z0-9_]{1,40} */
int	http_valid_email(struct http_pair *);	/* something@something, up to 254 bytes, lowercased */
int	http_valid_date(struct http_pair *);	/* YYYY-MM-DD, a real date; ival = yyyymmdd */
int	http_valid_token(struct http_pair *);	/* base64url, 16..100 chars */
int	http_valid_password(struct http_pair *);/* 1..1024 bytes, not trimmed */
int	http_valid_any(struct http_pair *);	/* anything that parsed */
int	http_valid_path(struct http_pair *);	/* a local path: "/x", not "//host" */
int	http_valid_debug(struct http_pair *);	/* "xml": ?debug=xml, answered by loop_render() */
/* An integer in [min, max]: 1..16 decimal digits, no sign; sets ival.
 * For a program's own numeric fields: wrap it in a validator. */
int	http_valid_range(struct http_pair *, long long min, long long max);
/* Strip leading and trailing blanks (space, tab, CR, LF) from val in
 * place and set valsz: the first step of the text validators. */
void	http_trim(struct http_pair *);

/* Append s percent-encoded (all but A-Z a-z 0-9 - _ . ~ /): query and
 * cookie values. */
void	http_url_encode(struct buf *, const char *s);

/* Response building.  Header values must not contain CR or LF. */
void	http_resp_header(struct http_resp *, const char *name, const char *value);
void	http_resp_redirect(struct http_resp *, const char *location); /* 303 */
/* Set-Cookie with HttpOnly, SameSite=Lax, Path, Max-Age (-1 = session cookie,
 * 0 = delete) and Secure when secure is nonzero. */
void	http_resp_cookie(struct http_resp *, const char *name, const char *value,
	    const char *path, long maxage, int secure);
/* Reason phrase of a status code ("Not Found"). */
const char *http_reason(int status);
/* Append text to a buffer with &<>"' escaped: for the last-resort error page only. */
void	http_escape(struct buf *, const char *);

#endif
