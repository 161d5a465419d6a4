/* test_csv.c: table-driven tests of the CSV parser behind the referrer import */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "arena.h"
#include "csv.h"
#include "util.h"
#include "unit.h"

/*
 * Each case: input (with its length, for NUL bytes), separator, fields
 * allowed, and the rows as one string: "LINE:f1|f2|f3" per row, or
 * "LINE!err" for a refused row (err: quote junk many utf8 long), rows
 * joined by " / ".
 */
static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	char		 sep;
	size_t		 maxf;
	const char	*want;
} cases[] = {
	/* good input */
	{ "", 0, ',', 4, "" },
	{ "a", 0, ',', 4, "1:a" },
	{ "a,b,c,d", 0, ',', 4, "1:a|b|c|d" },
	{ "a,b\nc,d\n", 0, ',', 4, "1:a|b / 2:c|d" },
	{ "a,b\r\nc,d\r\n", 0, ',', 4, "1:a|b / 2:c|d" },
	{ "a,b\rc,d", 0, ',', 4, "1:a|b / 2:c|d" },
	{ "  Anna  ,  x@y.nl ", 0, ',', 4, "1:Anna|x@y.nl" },
	{ "a,,c", 0, ',', 4, "1:a||c" },
	{ "a,b,", 0, ',', 4, "1:a|b|" },
	{ ",", 0, ',', 4, "1:|" },
	{ "\"Jansen, Joop\",j@x.nl", 0, ',', 4, "1:Jansen, Joop|j@x.nl" },
	{ "\"Say \"\"hi\"\"\",b", 0, ',', 4, "1:Say \"hi\"|b" },
	{ "\"\",b", 0, ',', 4, "1:|b" },
	{ "\" padded \" , b", 0, ',', 4, "1: padded |b" },
	{ "\"two\nlines\",b\nc", 0, ',', 4, "1:two\nlines|b / 3:c" },
	{ "a;b;c", 0, ';', 4, "1:a|b|c" },
	{ "a,b;c", 0, ';', 4, "1:a,b|c" },
	{ "O'Brien,o@x.ie", 0, ',', 4, "1:O'Brien|o@x.ie" },
	{ "Jo\"ke,b", 0, ',', 4, "1:Jo\"ke|b" },
	{ "\xc3\x89lise,\xe2\x82\xac", 0, ',', 4, "1:\xc3\x89lise|\xe2\x82\xac" },
	{ "a\tb,c", 0, ',', 4, "1:a\tb|c" },
	/* empty lines and a byte order mark */
	{ "\n\n  \n\t\na,b\n\n", 0, ',', 4, "5:a|b" },
	{ "\r\n\r\na\r\n", 0, ',', 4, "3:a" },
	{ "\xef\xbb\xbfname,email\nA,b", 0, ',', 4, "1:name|email / 2:A|b" },
	{ "\xef\xbb\xbf", 0, ',', 4, "" },
	/* bad input */
	{ "\"open,b\nc,d", 0, ',', 4, "1!quote" },
	{ "a,b\n\"open", 0, ',', 4, "1:a|b / 2!quote" },
	{ "\"x\"y,b\nc,d", 0, ',', 4, "1!junk / 2:c|d" },
	{ "a,b,c,d,e\nf", 0, ',', 4, "1!many / 2:f" },
	{ "a,\"b,c\",d,e,\"f\ng\"\nh", 0, ',', 4, "1!many / 3:h" },
	{ "\xff\xfe,b\nc", 0, ',', 4, "1!utf8 / 2:c" },
	{ "a,\xc3\x28\nc", 0, ',', 4, "1!utf8 / 2:c" },
	{ "a,\xed\xa0\x80", 0, ',', 4, "1!utf8" },		/* a surrogate */
	{ "a,\xc0\xaf", 0, ',', 4, "1!utf8" },			/* an overlong '/' */
	{ "a\x01,b\nc", 0, ',', 4, "1!utf8 / 2:c" },		/* a control character */
	{ "a\0b,c\nd", 7, ',', 4, "1!utf8 / 2:d" },		/* a NUL byte */
	{ "\"a\0b\",c", 7, ',', 4, "1!utf8" },
	{ "a,b", 0, ',', 1, "1!many" },
};

static void
render_rows(struct buf *b, const struct csv_row *rows, size_t n)
{
	static const char *const errs[CSV_E__MAX] = {
		"", "quote", "junk", "many", "utf8", "long"
	};
	size_t	 i, j;

	buf_append(b, "", 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, " / ");
		if (rows[i].err != CSV_OK) {
			buf_printf(b, "%zu!%s", rows[i].line, errs[rows[i].err]);
			continue;
		}
		buf_printf(b, "%zu:", rows[i].line);
		for (j = 0; j < rows[i].nfields; j++) {
			if (j > 0)
				buf_puts(b, "|");
			buf_puts(b, rows[i].fields[j]);
		}
	}
}

START_TEST(test_parse)
{
	struct arena	 a = { NULL };
	struct csv_row	*rows;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n, len;
	int		 more;

	len = cases[_i].len != 0 ? cases[_i].len : strlen(cases[_i].in);
	n = csv_parse(&a, cases[_i].in, len, cases[_i].sep, cases[_i].maxf, 100,
	    &rows, &more);
	render_rows(&b, rows, n);
	ck_assert_msg(strcmp(b.data, cases[_i].want) == 0,
	    "case %d: got \"%s\", want \"%s\"", _i, b.data, cases[_i].want);
	ck_assert_int_eq(more, 0);
	buf_free(&b);
	arena_free(&a);
}
END_TEST

START_TEST(test_long_field)
{
	struct arena	 a = { NULL };
	struct csv_row	*rows;
	static char	 in[CSV_FIELD_MAX + 10];
	size_t		 n;
	int		 more;

	memset(in, 'x', CSV_FIELD_MAX + 1);
	memcpy(in + CSV_FIELD_MAX + 1, ",b\nc", 5);
	n = csv_parse(&a, in, strlen(in), ',', 4, 100, &rows, &more);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[0].err, CSV_ELONG);
	ck_assert_int_eq(rows[1].err, CSV_OK);
	/* exactly the limit is fine */
	memset(in, 'x', CSV_FIELD_MAX);
	in[CSV_FIELD_MAX] = '\0';
	n = csv_parse(&a, in, strlen(in), ',', 4, 100, &rows, &more);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].err, CSV_OK);
	arena_free(&a);
}
END_TEST

START_TEST(test_max_rows)
{
	struct arena	 a = { NULL };
	struct csv_row	*rows;
	const char	*in = "a\nb\nc\nd\n";
	size_t		 n;
	int		 more;

	n = csv_parse(&a, in, strlen(in), ',', 4, 3, &rows, &more);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(more, 1);
	n = csv_parse(&a, in, strlen(in), ',', 4, 4, &rows, &more);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(more, 0);
	arena_free(&a);
}
END_TEST

static const struct {
	const char	*in;
	char		 sep;
} sniff_cases[] = {
	{ "", ',' },
	{ "name,email,phone,site", ',' },
	{ "naam;e-mail;telefoon;locatie", ';' },
	{ "\"Jansen; Joop\",j@x.nl", ',' },
	{ "\"a,b,c\";d;e", ';' },
	{ "\n\nnaam;email\na,b,c,d,e", ';' },
};

START_TEST(test_sniff)
{
	ck_assert_int_eq(csv_sniff(sniff_cases[_i].in, strlen(sniff_cases[_i].in)),
	    sniff_cases[_i].sep);
}
END_TEST

START_TEST(test_err_keys)
{
	int	 e;

	for (e = 0; e < CSV_E__MAX; e++)
		ck_assert_ptr_nonnull(csv_err_key((enum csv_err)e));
	ck_assert_str_eq(csv_err_key(CSV_EQUOTE), "import.err.quote");
	ck_assert_str_eq(csv_err_key((enum csv_err)99), "import.err.none");
}
END_TEST


int
main(void)
{
	Suite	*s = suite_create("csv");
	TCase	*tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse, 0, NCASES(cases));
	tcase_add_test(tc, test_long_field);
	tcase_add_test(tc, test_max_rows);
	tcase_add_loop_test(tc, test_sniff, 0, NCASES(sniff_cases));
	tcase_add_test(tc, test_err_keys);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
