/* fuzz_cookies.c: libFuzzer harness for the Cookie header parser */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a = { NULL };
	struct http_req	 r;
	char		*s;

	/* A header value is a C string: cut at the first NUL as the server would. */
	s = xstrndup((const char *)data, size);
	memset(&r, 0, sizeof(r));
	if (http_parse_cookies(&a, s, &r.cookies, &r.ncookies) == HTTP_BAD_NONE)
		(void)http_cookie(&r, "rp_session");
	free(s);
	arena_free(&a);
	return 0;
}
