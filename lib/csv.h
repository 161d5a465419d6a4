/* csv.h: a small CSV parser for pasted spreadsheets (referrer import) */
#ifndef RP_CSV_H
#define RP_CSV_H

#include <stddef.h>
#include "arena.h"

#define CSV_MAX_FIELDS	16	/* fields kept per row; more is an error */
#define CSV_FIELD_MAX	1000	/* bytes per field; longer is an error */

/* Why a line was refused. */
enum csv_err {
	CSV_OK = 0,
	CSV_EQUOTE,	/* a quoted field is not closed (the rest of the text is that field) */
	CSV_EJUNK,	/* text after a closing quote before the separator */
	CSV_ETOOMANY,	/* more fields than the caller allows */
	CSV_EUTF8,	/* not UTF-8, or a control character */
	CSV_ELONG,	/* a field over CSV_FIELD_MAX bytes */
	CSV_E__MAX
};

/* One non-empty line (a quoted field may span lines: line is where the
 * row starts).  With err != CSV_OK the fields are not to be used. */
struct csv_row {
	size_t		 line;			/* 1-based */
	enum csv_err	 err;
	size_t		 nfields;
	char		*fields[CSV_MAX_FIELDS];/* arena strings, unquoted fields trimmed */
};

/*
 * Parse text (len bytes; NUL bytes count as broken input) into rows.
 * sep is ',' or ';'.  A UTF-8 byte order mark at the start is skipped;
 * lines that are empty or only white space give no row; line ends are
 * LF, CRLF or CR.  Fields may be quoted with '"', holding separators,
 * line breaks and doubled quotes ("").  A row with more than maxfields
 * (at most CSV_MAX_FIELDS) fields, broken UTF-8, a control character
 * other than tab, or stray text after a closing quote gets err set and
 * parsing goes on at the next line; an unclosed quote ends the input.
 * At most maxrows rows are returned; *more is set to 1 when there were
 * more.  Rows live in the arena.  Pure: returns the number of rows.
 */
size_t	csv_parse(struct arena *, const char *text, size_t len, char sep,
	    size_t maxfields, size_t maxrows, struct csv_row **rows, int *more);

/* The separator a text probably uses: ';' when its first line has more
 * semicolons than commas outside quotes (Dutch spreadsheets), else ','. */
char	csv_sniff(const char *text, size_t len);

/* The catalogue key of an error ("import.err.quote", ...).  Static. */
const char *csv_err_key(enum csv_err);

#endif
