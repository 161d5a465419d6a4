/* fuzz_urlencoded.c: libFuzzer harness for query strings and form bodies */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct http_field fields[] = {
		{ "id", http_valid_id }, { "q", http_valid_text },
		{ "page", http_valid_page }, { "email", http_valid_email },
		{ "date", http_valid_date }, { "key", http_valid_key },
		{ "note", http_valid_longtext }, { "tok", http_valid_token },
	};
	struct arena		 a = { NULL };
	struct http_req		 r;
	size_t			 i;

	memset(&r, 0, sizeof(r));
	r.arena = &a;
	r.fields = fields;
	r.nfields = sizeof(fields) / sizeof(fields[0]);
	if (http_parse_urlencoded(&a, (const char *)data, size, &r.pairs,
	    &r.npairs) == HTTP_BAD_NONE) {
		http_validate(&r);
		/* Whatever passed is valid UTF-8 and NUL-free. */
		for (i = 0; i < r.npairs; i++)
			if (!utf8_valid(r.pairs[i].val, strlen(r.pairs[i].val)) ||
			    strlen(r.pairs[i].val) != r.pairs[i].valsz)
				__builtin_trap();
	}
	arena_free(&a);
	return 0;
}
