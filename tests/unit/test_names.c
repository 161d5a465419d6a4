/* test_names.c: table-driven tests of the name splitter behind search */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "arena.h"
#include "names.h"

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

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

int
main(void)
{
	Suite	*s = suite_create("names");
	TCase	*tc = tcase_create("split");
	SRunner	*sr;
	int	 failed;

	tcase_add_loop_test(tc, test_split, 0, NCASES(split_cases));
	tcase_add_test(tc, test_long_word);
	tcase_add_test(tc, test_max);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
