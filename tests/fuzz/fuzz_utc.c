/* fuzz_utc.c: libFuzzer harness for util_utc_to_local(), a DATETIME in a time zone */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char form[] = "dddd-dd-dd dd:dd";
	char	*s, out[32];
	size_t	 cut, i, len;
	int	 rc;

	/* A database cell: cut at the first NUL; the first byte picks the
	 * size of the output buffer and the zone. */
	if (size == 0)
		return 0;
	cut = 1 + data[0] % sizeof(out);
	s = xstrndup((const char *)data + 1, size - 1);
	memset(out, 'x', sizeof(out));
	rc = util_utc_to_local(data[0] & 0x80 ? "Europe/London" : "Europe/Amsterdam",
	    s, out, cut);
	len = strnlen(out, cut);
	if (len >= cut || len > 16)
		abort();
	if (rc == -1 && strncmp(out, s, len) != 0)
		abort();
	/* A time shown is one: digits and separators where they belong. */
	for (i = 0; rc == 0 && i < len; i++)
		if (form[i] == 'd' ? (out[i] < '0' || out[i] > '9') : out[i] != form[i])
			abort();
	free(s);
	return 0;
}
