/* fuzz_fill.c: libFuzzer harness for lang_fill(), a catalogue text's placeholders */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const names[] = { "n", "from", "to", "total", "name", "x" };
static const char *const values[] = { "7", "51", "100", "{to}", "", NULL };
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/*
 * The stylesheet's way, which lang_fill() replaced (l10n.xsl's template
 * "t-fill" before rp:fill): rest = substring-after(text, '{'); if rest
 * contains '}', write what is before the '{', the value of the name
 * before that '}' (or "{name}"), and go on with what is after it; else
 * write text.
 */
static void
ref_fill(const char *text, struct buf *out)
{
	const char	*rest, *close;
	size_t		 i, len;

	for (;;) {
		rest = strchr(text, '{');
		close = rest != NULL ? strchr(rest + 1, '}') : NULL;
		if (close == NULL) {
			buf_puts(out, text);
			return;
		}
		buf_append(out, text, (size_t)(rest - text));
		len = (size_t)(close - rest - 1);
		for (i = 0; i < NNAMES; i++)
			if (strlen(names[i]) == len && memcmp(names[i], rest + 1, len) == 0)
				break;
		if (i == NNAMES) {
			buf_puts(out, "{");
			buf_append(out, rest + 1, len);
			buf_puts(out, "}");
		} else if (values[i] != NULL)
			buf_puts(out, values[i]);
		text = close + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	char		*s;

	/* An XPath string: cut at the first NUL. */
	s = xstrndup((const char *)data, size);
	buf_puts(&out, "");
	buf_puts(&want, "");
	lang_fill(s, names, values, NNAMES, &out);
	ref_fill(s, &want);
	if (out.len != want.len || memcmp(out.data, want.data, out.len) != 0 ||
	    strlen(out.data) != out.len)
		abort();
	buf_free(&out);
	buf_free(&want);
	free(s);
	return 0;
}
