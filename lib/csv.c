/* csv.c: a small CSV parser for pasted spreadsheets (referrer import) */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "csv.h"
#include "util.h"

/* Reading position over the text. */
struct csv_in {
	const char	*s;
	size_t		 len;
	size_t		 i;
	size_t		 line;
	char		 sep;
};

static int
at_eol(const struct csv_in *in)
{
	return in->i >= in->len || in->s[in->i] == '\n' || in->s[in->i] == '\r';
}

/* Step over one line end (LF, CRLF or CR) if there is one. */
static void
eat_eol(struct csv_in *in)
{
	if (in->i < in->len && in->s[in->i] == '\r') {
		in->i++;
		if (in->i < in->len && in->s[in->i] == '\n')
			in->i++;
		in->line++;
	} else if (in->i < in->len && in->s[in->i] == '\n') {
		in->i++;
		in->line++;
	}
}

static void
skip_blank(struct csv_in *in)
{
	while (in->i < in->len && (in->s[in->i] == ' ' || in->s[in->i] == '\t'))
		in->i++;
}

/* Skip the rest of the physical line and its end. */
static void
skip_line(struct csv_in *in)
{
	while (!at_eol(in))
		in->i++;
	eat_eol(in);
}

/* 1 if the line from the current position holds only blanks. */
static int
blank_line(const struct csv_in *in)
{
	size_t	 j;

	for (j = in->i; j < in->len && in->s[j] != '\n' && in->s[j] != '\r'; j++)
		if (in->s[j] != ' ' && in->s[j] != '\t')
			return 0;
	return 1;
}

/* A quoted field (the opening quote is at i): the unquoted value into b.
 * Returns CSV_OK, CSV_EQUOTE (no closing quote) or CSV_EJUNK. */
static enum csv_err
field_quoted(struct csv_in *in, struct buf *b)
{
	char	 ch;

	in->i++;
	for (;;) {
		if (in->i >= in->len)
			return CSV_EQUOTE;
		ch = in->s[in->i++];
		if (ch == '"') {
			if (in->i < in->len && in->s[in->i] == '"') {
				buf_append(b, "\"", 1);
				in->i++;
				continue;
			}
			break;
		}
		if (ch == '\n' || (ch == '\r' && (in->i >= in->len || in->s[in->i] != '\n')))
			in->line++;
		buf_append(b, &ch, 1);
	}
	skip_blank(in);
	if (!at_eol(in) && in->s[in->i] != in->sep)
		return CSV_EJUNK;
	return CSV_OK;
}

/* An unquoted field: up to the separator or the line end, trimmed. */
static void
field_plain(struct csv_in *in, struct buf *b)
{
	size_t	 start = in->i, end;

	while (!at_eol(in) && in->s[in->i] != in->sep)
		in->i++;
	end = in->i;
	while (end > start && (in->s[end - 1] == ' ' || in->s[end - 1] == '\t'))
		end--;
	buf_append(b, in->s + start, end - start);
}

/* One row from the current position (not a blank line).  Returns 0, or
 * -1 when the input ended inside a quoted field (row->err CSV_EQUOTE). */
static int
parse_row(struct arena *a, struct csv_in *in, size_t maxfields,
    struct csv_row *row, struct buf *b)
{
	enum csv_err	 e;

	memset(row, 0, sizeof(*row));
	row->line = in->line;
	for (;;) {
		b->len = 0;
		buf_append(b, "", 0);
		skip_blank(in);
		e = CSV_OK;
		if (in->i < in->len && in->s[in->i] == '"') {
			if ((e = field_quoted(in, b)) == CSV_EQUOTE) {
				row->err = CSV_EQUOTE;
				return -1;
			}
		} else
			field_plain(in, b);
		if (e == CSV_OK && b->len > CSV_FIELD_MAX)
			e = CSV_ELONG;
		if (e == CSV_OK && (strlen(b->data) != b->len ||
		    !utf8_valid(b->data, b->len)))
			e = CSV_EUTF8;
		if (e == CSV_OK && row->nfields >= maxfields)
			e = CSV_ETOOMANY;
		if (e != CSV_OK && row->err == CSV_OK)
			row->err = e;
		if (e == CSV_EJUNK) {
			skip_line(in);
			return 0;
		}
		if (row->err == CSV_OK)
			row->fields[row->nfields++] = arena_strndup(a, b->data, b->len);
		if (in->i < in->len && in->s[in->i] == in->sep) {
			in->i++;
			continue;
		}
		eat_eol(in);
		return 0;
	}
}

size_t
csv_parse(struct arena *a, const char *text, size_t len, char sep,
    size_t maxfields, size_t maxrows, struct csv_row **rows, int *more)
{
	struct csv_in	 in;
	struct buf	 b = { NULL, 0, 0 };
	struct csv_row	*out = NULL, row;
	size_t		 n = 0, cap = 0;
	int		 end = 0;

	if (maxfields > CSV_MAX_FIELDS)
		maxfields = CSV_MAX_FIELDS;
	*more = 0;
	memset(&in, 0, sizeof(in));
	in.s = text;
	in.len = len;
	in.line = 1;
	in.sep = sep;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		in.i = 3;
	while (in.i < in.len && !end) {
		if (blank_line(&in)) {
			skip_line(&in);
			continue;
		}
		end = parse_row(a, &in, maxfields, &row, &b) == -1;
		if (n == maxrows) {
			*more = 1;
			break;
		}
		if (n == cap) {
			struct csv_row *grown;

			cap = cap == 0 ? 16 : cap * 2;
			grown = arena_calloc(a, cap, sizeof(*grown));
			if (n > 0)
				memcpy(grown, out, n * sizeof(*grown));
			out = grown;
		}
		out[n++] = row;
	}
	buf_free(&b);
	*rows = out;
	return n;
}

char
csv_sniff(const char *text, size_t len)
{
	size_t	 i, commas = 0, semis = 0;
	int	 quoted = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (!quoted && (text[i] == '\n' || text[i] == '\r')) {
			if (commas + semis > 0)
				break;
		} else if (!quoted && text[i] == ',')
			commas++;
		else if (!quoted && text[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

const char *
csv_err_key(enum csv_err e)
{
	static const char *const keys[CSV_E__MAX] = {
		[CSV_OK] = "import.err.none",
		[CSV_EQUOTE] = "import.err.quote",
		[CSV_EJUNK] = "import.err.junk",
		[CSV_ETOOMANY] = "import.err.too_many",
		[CSV_EUTF8] = "import.err.utf8",
		[CSV_ELONG] = "import.err.long",
	};

	return e >= CSV_OK && e < CSV_E__MAX ? keys[e] : "import.err.none";
}
