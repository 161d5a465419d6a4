/* fuzz_request.c: libFuzzer harness for the request as the programs receive it */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * An input is what a FastCGI server hands a program: "NAME=value" lines
 * (the CGI variables: REQUEST_METHOD, PATH_INFO, QUERY_STRING,
 * HTTP_COOKIE, CONTENT_LENGTH, CONTENT_TYPE, ...), an empty line, then
 * the body.  The pseudo-variable RP_BASE sets base_path.  The body comes
 * in pieces of varying size, as from a socket.
 */
#define MAX_VARS	32
#define MAX_BODY	4096	/* max_body: small, so that 413 is reachable */

struct req_in {
	char		*names[MAX_VARS];
	char		*vals[MAX_VARS];
	size_t		 nvars;
	const uint8_t	*body;
	size_t		 bodylen, pos, step;
};

static const char *
in_env(void *arg, const char *name)
{
	struct req_in	*in = arg;
	size_t		 i;

	for (i = 0; i < in->nvars; i++)
		if (strcmp(in->names[i], name) == 0)
			return in->vals[i];
	return NULL;
}

static size_t
in_read(void *arg, char *buf, size_t n)
{
	struct req_in	*in = arg;
	size_t		 left = in->bodylen - in->pos;

	if (n > in->step)
		n = in->step;
	if (n > left)
		n = left;
	memcpy(buf, in->body + in->pos, n);
	in->pos += n;
	in->step = in->step * 2 + 1;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct http_field fields[] = {
		{ "id", http_valid_id, 0 }, { "q", http_valid_text, 0 },
		{ "page", http_valid_page, 0 }, { "email", http_valid_email, 0 },
		{ "date", http_valid_date, 0 }, { "milestone", http_valid_key, 0 },
		{ "note", http_valid_longtext, 0 }, { "csrf", http_valid_token, 0 },
		{ "next", http_valid_path, 0 }, { "site", http_valid_id, 1 },
	};
	struct arena		 a = { NULL };
	struct http_req		 r;
	struct http_src		 src;
	struct req_in		 in;
	const char		*base = "";
	const uint8_t		*p = data, *end = data + size, *nl, *eq;
	size_t			 i;

	memset(&in, 0, sizeof(in));
	/* The variables, up to the first empty line. */
	while (p < end && *p != '\n') {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((eq = memchr(p, '=', (size_t)(nl - p))) != NULL && eq > p &&
		    in.nvars < MAX_VARS) {
			in.names[in.nvars] = xstrndup((const char *)p, (size_t)(eq - p));
			in.vals[in.nvars] = xstrndup((const char *)eq + 1,
			    (size_t)(nl - eq - 1));
			if (strcmp(in.names[in.nvars], "RP_BASE") == 0)
				base = in.vals[in.nvars];
			in.nvars++;
		}
		p = nl < end ? nl + 1 : end;
	}
	if (p < end)
		p++;
	in.body = p;
	in.bodylen = (size_t)(end - p);
	in.step = 1 + size % 7;

	memset(&r, 0, sizeof(r));
	src.env = in_env;
	src.read = in_read;
	src.arg = &in;
	http_req_parse(&r, &a, &src, base, MAX_BODY);
	if (r.path == NULL || r.query == NULL || r.remote_addr == NULL)
		__builtin_trap();
	/* Never more body read than there was, nor than max_body allows. */
	if (in.pos > in.bodylen || (r.bad != HTTP_BAD_TOO_LARGE && in.pos > MAX_BODY))
		__builtin_trap();
	if (r.bad == HTTP_BAD_NONE) {
		r.fields = fields;
		r.nfields = sizeof(fields) / sizeof(fields[0]);
		http_validate(&r);
		if (!utf8_valid(r.path, strlen(r.path)))
			__builtin_trap();
		/* Whatever was accepted is valid UTF-8 without a NUL. */
		for (i = 0; i < r.npairs; i++)
			if (!utf8_valid(r.pairs[i].key, strlen(r.pairs[i].key)) ||
			    !utf8_valid(r.pairs[i].val, strlen(r.pairs[i].val)) ||
			    strlen(r.pairs[i].val) != r.pairs[i].valsz)
				__builtin_trap();
		for (i = 0; i < r.ncookies; i++)
			if (!utf8_valid(r.cookies[i].val, strlen(r.cookies[i].val)))
				__builtin_trap();
		(void)http_cookie(&r, "rp_session");
		(void)http_field_str(&r, 1);
		(void)http_field_int(&r, 0, -1);
	}
	for (i = 0; i < in.nvars; i++) {
		free(in.names[i]);
		free(in.vals[i]);
	}
	arena_free(&a);
	return 0;
}
