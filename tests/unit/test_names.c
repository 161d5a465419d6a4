/* test_names.c: table-driven tests of the name splitter behind search */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "arena.h"
#include "db.h"
#include "names.h"
#include "util.h"
#include "unit.h"

static const struct {
	const char	*in;
	size_t		 n;
	const char	*words[NAMES_MAX_WORDS];
} split_cases[] = {
	{ "", 0, { NULL } },
	{ "   ", 0, { NULL } },
	{ "Anna", 1, { "anna" } },
	{ "Anna de Vries", 3, { "anna", "de", "vries" } },
	{ "Jan-Willem van der Berg", 5, { "jan", "willem", "van", "der", "berg" } },
	{ "O'Brien", 2, { "o", "brien" } },
	{ "  Smith,  John ", 2, { "smith", "john" } },
	{ "J.P. de Jong", 4, { "j", "p", "de", "jong" } },
	{ "Anna ANNA anna", 1, { "anna" } },
	{ "\xc3\x89lise Dub\xc3\xa9", 2, { "\xc3\x89lise", "dub\xc3\xa9" } },	/* non-ASCII kept for the collation */
	{ "a b c d e f g h i j", NAMES_MAX_WORDS, { "a", "b", "c", "d", "e", "f", "g", "h" } },
	{ "tab\tnew\nline", 3, { "tab", "new", "line" } },
	{ "slash/sep", 2, { "slash", "sep" } },
};

START_TEST(test_split)
{
	struct arena	 a = { NULL };
	char		*words[NAMES_MAX_WORDS];
	size_t		 n, i;

	n = names_split(&a, split_cases[_i].in, words, NAMES_MAX_WORDS);
	ck_assert_msg(n == split_cases[_i].n, "\"%s\": %zu words, want %zu",
	    split_cases[_i].in, n, split_cases[_i].n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(words[i], split_cases[_i].words[i]);
	arena_free(&a);
}
END_TEST

START_TEST(test_long_word)
{
	struct arena	 a = { NULL };
	char		*words[NAMES_MAX_WORDS];
	char		 in[200];
	size_t		 i;

	/* A long word of two-byte characters is cut at a character boundary. */
	in[0] = 'x';
	for (i = 0; i < 60; i++)
		memcpy(in + 1 + 2 * i, "\xc3\xa9", 2);
	in[121] = '\0';
	ck_assert_uint_eq(names_split(&a, in, words, NAMES_MAX_WORDS), 1);
	ck_assert_uint_le(strlen(words[0]), NAMES_WORD_MAX);
	ck_assert_uint_eq(strlen(words[0]) % 2, 1);	/* 'x' plus whole characters */
	arena_free(&a);
}
END_TEST

START_TEST(test_max)
{
	struct arena	 a = { NULL };
	char		*words[2];

	ck_assert_uint_eq(names_split(&a, "one two three", words, 2), 2);
	ck_assert_str_eq(words[1], "two");
	arena_free(&a);
}
END_TEST

/* Count the occurrences of needle in hay. */
static int
count_of(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

START_TEST(test_match)
{
	struct arena		 a = { NULL };
	struct buf		 sql = { NULL, 0, 0 };
	struct db_params	 p;

	/* listed leads word in name_words' key (sql/008): a referrer's
	 * words all hold 'l', and each word's lookup says so, or it is no
	 * longer a range. */
	memset(&p, 0, sizeof(p));
	names_match_referrer(&a, &sql, &p, 7, "r.id", "Jan de");
	ck_assert_int_eq(count_of(sql.data, " AND r.id IN (SELECT nw.ref_id FROM"
	    " name_words nw WHERE nw.org_id = ? AND nw.kind = 'r' AND nw.listed = 'l'"
	    " AND nw.word LIKE ?)"), 2);
	ck_assert_str_eq(p.types, "isis");
	ck_assert_int_eq(p.ints[0], 7);
	ck_assert_str_eq(p.strs[1], "jan%");
	ck_assert_str_eq(p.strs[3], "de%");

	/* LIKE's wildcards in a word are escaped. */
	memset(&p, 0, sizeof(p));
	sql.len = 0;
	names_match_referrer(&a, &sql, &p, 7, "r.id", "an_");
	ck_assert_str_eq(p.types, "is");
	ck_assert_str_eq(p.strs[1], "an\\_%");

	/* No search, no condition. */
	memset(&p, 0, sizeof(p));
	sql.len = 0;
	names_match_referrer(&a, &sql, &p, 7, "r.id", NULL);
	ck_assert_uint_eq(sql.len, 0);
	ck_assert_int_eq(p.n, 0);
	buf_free(&sql);
	arena_free(&a);
}
END_TEST


int
main(void)
{
	Suite	*s = suite_create("names");
	TCase	*tc = tcase_create("split");

	tcase_add_loop_test(tc, test_split, 0, NCASES(split_cases));
	tcase_add_test(tc, test_long_word);
	tcase_add_test(tc, test_max);
	tcase_add_test(tc, test_match);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
