/* test_conf.c: table-driven tests of the configuration reader */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "conf.h"
#include "unit.h"

static const struct {
	const char	*text;
	int		 ok;
	const char	*errpart;	/* part of the message when not ok */
} parse_cases[] = {
	{ "", 1, NULL },
	{ "# only a comment\n\n", 1, NULL },
	{ "db_host = db.example.org\n", 1, NULL },
	{ "db_port=3307", 1, NULL },
	{ "  page_size   =   25   \r\n", 1, NULL },
	{ "db_password = \"with # and = inside\"\n", 1, NULL },
	{ "base_path = /portal\n", 1, NULL },
	{ "secure_cookies = on\n", 1, NULL },
	{ "nokey\n", 0, "line 1" },
	{ "\n\nunknown_key = 1\n", 0, "line 3" },
	{ "db_port = 70000\n", 0, "db_port" },
	{ "db_port = 33x\n", 0, "db_port" },
	{ "db_port = \n", 0, "db_port" },
	{ "page_size = -1\n", 0, "page_size" },
	{ "max_body = 99999999999999999999\n", 0, "max_body" },
	{ "secure_cookies = maybe\n", 0, "secure_cookies" },
	{ "db_password = \"unterminated\n", 0, "quote" },
	{ "db_host = caf\xc3\n", 0, "UTF-8" },
	{ " = value\n", 0, "unknown" },
};

START_TEST(test_parse)
{
	struct conf	 cf;
	char		 err[256] = "";
	int		 rc;

	memset(&cf, 0, sizeof(cf));
	conf_defaults(&cf);
	rc = conf_parse(&cf, parse_cases[_i].text, strlen(parse_cases[_i].text),
	    err, sizeof(err));
	ck_assert_msg((rc == 0) == parse_cases[_i].ok, "case %d: rc %d (%s)", _i, rc, err);
	if (!parse_cases[_i].ok)
		ck_assert_msg(strstr(err, parse_cases[_i].errpart) != NULL,
		    "case %d: \"%s\" lacks \"%s\"", _i, err, parse_cases[_i].errpart);
	conf_clear(&cf);
}
END_TEST

START_TEST(test_values)
{
	struct conf	 cf;
	char		 err[256];
	const char	*text =
	    "db_host = db.example.org\n"
	    "db_port = 3307\n"
	    "db_password = \"p # w\"\n"
	    "max_body = 2048\n"
	    "page_size = 25\n";

	memset(&cf, 0, sizeof(cf));
	conf_defaults(&cf);
	ck_assert_int_eq(cf.db_port, 3306);
	ck_assert_int_eq(cf.page_size, 50);
	ck_assert_str_eq(cf.secure_cookies, "auto");
	ck_assert_int_eq(cf.session_idle, 3600);
	ck_assert_int_eq(cf.session_absolute, 36000);
	ck_assert_int_eq(cf.login_max_failures, 10);
	ck_assert_int_eq(cf.grace_delay, 120);
	ck_assert_int_eq(conf_parse(&cf, text, strlen(text), err, sizeof(err)), 0);
	ck_assert_str_eq(cf.db_host, "db.example.org");
	ck_assert_int_eq(cf.db_port, 3307);
	ck_assert_str_eq(cf.db_password, "p # w");
	ck_assert_uint_eq(cf.max_body, 2048);
	ck_assert_int_eq(cf.page_size, 25);
	ck_assert_str_eq(cf.db_name, "refportal");	/* untouched default */
	conf_clear(&cf);
	ck_assert_ptr_null(cf.db_host);
}
END_TEST

START_TEST(test_nul_byte)
{
	struct conf	 cf;
	char		 err[256];

	memset(&cf, 0, sizeof(cf));
	conf_defaults(&cf);
	ck_assert_int_eq(conf_parse(&cf, "db_host = a\0b\n", 14, err, sizeof(err)), -1);
	conf_clear(&cf);
}
END_TEST

START_TEST(test_load_missing)
{
	struct conf	 cf;
	char		 err[256];

	memset(&cf, 0, sizeof(cf));
	conf_defaults(&cf);
	ck_assert_int_eq(conf_load(&cf, "/nonexistent/refportal.conf", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/refportal.conf"));
	conf_clear(&cf);
}
END_TEST

START_TEST(test_example_file)
{
	struct conf	 cf;
	char		 err[256];
	char		 path[1024];
	const char	*src = getenv("RP_SRCDIR");

	/* The shipped example documents every key and must parse. */
	snprintf(path, sizeof(path), "%s/conf/refportal.conf.example",
	    src != NULL ? src : "../..");
	memset(&cf, 0, sizeof(cf));
	conf_defaults(&cf);
	ck_assert_msg(conf_load(&cf, path, err, sizeof(err)) == 0, "%s", err);
	conf_clear(&cf);
}
END_TEST


int
main(void)
{
	Suite	*s = suite_create("conf");
	TCase	*tc = tcase_create("reader");

	tcase_add_loop_test(tc, test_parse, 0, NCASES(parse_cases));
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_load_missing);
	tcase_add_test(tc, test_example_file);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
