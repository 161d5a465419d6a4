/* fuzz_date.c: libFuzzer harness for lang_date(), the display form of a date */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, out[64];
	size_t	 cut;

	/* An XPath string: cut at the first NUL; the first byte picks the
	 * size of the output buffer, so that cutting is tried too. */
	if (size == 0)
		return 0;
	cut = 1 + data[0] % sizeof(out);
	s = xstrndup((const char *)data + 1, size - 1);
	lang_date(data[0] & 1 ? "nl" : "en", s, out, cut);
	if (strlen(out) >= cut)
		abort();
	free(s);
	return 0;
}
