/* test_http.c: table-driven tests of the request parsers and validators */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "arena.h"
#include "http.h"
#include "util.h"
#include "unit.h"

/* --- urlencoded: query strings and form bodies --- */

static const struct {
	const char	*in;
	enum http_bad	 bad;
	size_t		 npairs;
	const char	*key0, *val0;	/* first pair, when npairs > 0 */
	const char	*keyl, *vall;	/* last pair */
} urlenc_cases[] = {
	{ "", HTTP_BAD_NONE, 0, NULL, NULL, NULL, NULL },
	{ "a=1", HTTP_BAD_NONE, 1, "a", "1", "a", "1" },
	{ "a=1&b=2", HTTP_BAD_NONE, 2, "a", "1", "b", "2" },
	{ "q=anna+de+vries", HTTP_BAD_NONE, 1, "q", "anna de vries", "q", "anna de vries" },
	{ "q=%41%62c", HTTP_BAD_NONE, 1, "q", "Abc", "q", "Abc" },
	{ "q=%C3%A9", HTTP_BAD_NONE, 1, "q", "\xc3\xa9", "q", "\xc3\xa9" },
	{ "q=", HTTP_BAD_NONE, 1, "q", "", "q", "" },
	{ "q", HTTP_BAD_NONE, 1, "q", "", "q", "" },
	{ "a=1&&b=2", HTTP_BAD_NONE, 2, "a", "1", "b", "2" },
	{ "&a=1&", HTTP_BAD_NONE, 1, "a", "1", "a", "1" },
	{ "a=x=y", HTTP_BAD_NONE, 1, "a", "x=y", "a", "x=y" },
	{ "a=1&a=2", HTTP_BAD_NONE, 2, "a", "1", "a", "2" },
	{ "next=%2Fcandidates%3Fq%3Dx", HTTP_BAD_NONE, 1, "next", "/candidates?q=x", "next", "/candidates?q=x" },
	{ "q=%ff", HTTP_BAD_UTF8, 0, NULL, NULL, NULL, NULL },
	{ "q=%C3", HTTP_BAD_UTF8, 0, NULL, NULL, NULL, NULL },
	{ "q=%C0%AF", HTTP_BAD_UTF8, 0, NULL, NULL, NULL, NULL },		/* overlong '/' */
	{ "q=%ED%A0%80", HTTP_BAD_UTF8, 0, NULL, NULL, NULL, NULL },	/* surrogate */
	{ "q=%00", HTTP_BAD_UTF8, 0, NULL, NULL, NULL, NULL },		/* NUL */
	{ "q=a%0", HTTP_BAD_SYNTAX, 0, NULL, NULL, NULL, NULL },
	{ "q=a%", HTTP_BAD_SYNTAX, 0, NULL, NULL, NULL, NULL },
	{ "q=%zz", HTTP_BAD_SYNTAX, 0, NULL, NULL, NULL, NULL },
	{ "=1", HTTP_BAD_SYNTAX, 0, NULL, NULL, NULL, NULL },
	{ "%ff=1", HTTP_BAD_UTF8, 0, NULL, NULL, NULL, NULL },
};

START_TEST(test_urlencoded)
{
	struct arena		 a = { NULL };
	struct http_pair	*pairs = NULL;
	size_t			 n = 0;
	enum http_bad		 bad;

	bad = http_parse_urlencoded(&a, urlenc_cases[_i].in,
	    strlen(urlenc_cases[_i].in), &pairs, &n);
	ck_assert_msg(bad == urlenc_cases[_i].bad, "%s: bad %d, want %d",
	    urlenc_cases[_i].in, bad, urlenc_cases[_i].bad);
	if (bad == HTTP_BAD_NONE) {
		ck_assert_uint_eq(n, urlenc_cases[_i].npairs);
		if (n > 0) {
			ck_assert_str_eq(pairs[0].key, urlenc_cases[_i].key0);
			ck_assert_str_eq(pairs[0].val, urlenc_cases[_i].val0);
			ck_assert_str_eq(pairs[n - 1].key, urlenc_cases[_i].keyl);
			ck_assert_str_eq(pairs[n - 1].val, urlenc_cases[_i].vall);
		}
	}
	arena_free(&a);
}
END_TEST

START_TEST(test_urlencoded_too_many)
{
	struct arena		 a = { NULL };
	struct http_pair	*pairs = NULL;
	size_t			 n = 0, i;
	struct buf		 b = { NULL, 0, 0 };

	for (i = 0; i < HTTP_MAX_PAIRS + 1; i++)
		buf_printf(&b, "k%zu=v&", i);
	ck_assert_int_eq(http_parse_urlencoded(&a, b.data, b.len, &pairs, &n),
	    HTTP_BAD_TOO_MANY);
	buf_free(&b);
	arena_free(&a);
}
END_TEST

/* --- cookies --- */

static const struct {
	const char	*in;
	enum http_bad	 bad;
	size_t		 n;
	const char	*name, *val;	/* a cookie that must be found */
} cookie_cases[] = {
	{ "", HTTP_BAD_NONE, 0, NULL, NULL },
	{ "a=1", HTTP_BAD_NONE, 1, "a", "1" },
	{ "a=1; b=2", HTTP_BAD_NONE, 2, "b", "2" },
	{ "a=1;b=2;", HTTP_BAD_NONE, 2, "b", "2" },
	{ "  a = 1 ;  b=\"quoted\"", HTTP_BAD_NONE, 2, "b", "quoted" },
	{ "novalue; rp_session=abc", HTTP_BAD_NONE, 1, "rp_session", "abc" },
	{ "a=; b=2", HTTP_BAD_NONE, 2, "a", "" },
	{ "=x; c=3", HTTP_BAD_NONE, 1, "c", "3" },
	{ ";;;", HTTP_BAD_NONE, 0, NULL, NULL },
	{ "a=\xff", HTTP_BAD_UTF8, 0, NULL, NULL },
};

START_TEST(test_cookies)
{
	struct arena		 a = { NULL };
	struct http_req		 r;
	enum http_bad		 bad;

	memset(&r, 0, sizeof(r));
	bad = http_parse_cookies(&a, cookie_cases[_i].in, &r.cookies, &r.ncookies);
	ck_assert_msg(bad == cookie_cases[_i].bad, "%s", cookie_cases[_i].in);
	if (bad == HTTP_BAD_NONE) {
		ck_assert_uint_eq(r.ncookies, cookie_cases[_i].n);
		if (cookie_cases[_i].name != NULL) {
			ck_assert_ptr_nonnull(http_cookie(&r, cookie_cases[_i].name));
			ck_assert_str_eq(http_cookie(&r, cookie_cases[_i].name),
			    cookie_cases[_i].val);
		}
	}
	ck_assert_ptr_null(http_cookie(&r, "missing"));
	arena_free(&a);
}
END_TEST

/* --- validators --- */

static const struct {
	int		(*fn)(struct http_pair *);
	const char	*in;
	int		 ok;
	long long	 ival;		/* checked when ok and nonzero */
	const char	*out;		/* normalised value, when not NULL */
} valid_cases[] = {
	{ http_valid_id, "1", 1, 1, NULL },
	{ http_valid_id, "42", 1, 42, NULL },
	{ http_valid_id, "0", 0, 0, NULL },
	{ http_valid_id, "-1", 0, 0, NULL },
	{ http_valid_id, "1x", 0, 0, NULL },
	{ http_valid_id, " 1", 0, 0, NULL },
	{ http_valid_id, "99999999999999999999", 0, 0, NULL },
	{ http_valid_id, "", 0, 0, NULL },
	{ http_valid_page, "1", 1, 1, NULL },
	{ http_valid_page, "100000", 1, 100000, NULL },
	{ http_valid_page, "100001", 0, 0, NULL },
	{ http_valid_page, "-1", 0, 0, NULL },
	{ http_valid_page, "0", 0, 0, NULL },
	{ http_valid_text, "  Anna  ", 1, 0, "Anna" },
	{ http_valid_text, "   ", 0, 0, NULL },
	{ http_valid_text, "\xc3\xa9t\xc3\xa9", 1, 0, NULL },
	{ http_valid_key, "contact", 1, 0, NULL },
	{ http_valid_key, "still_working", 1, 0, NULL },
	{ http_valid_key, "Contact", 0, 0, NULL },
	{ http_valid_key, "a-b", 0, 0, NULL },
	{ http_valid_key, "", 0, 0, NULL },
	{ http_valid_email, "Admin@DeLinde.test", 1, 0, "admin@delinde.test" },
	{ http_valid_email, " a@b ", 1, 0, "a@b" },
	{ http_valid_email, "nobody", 0, 0, NULL },
	{ http_valid_email, "@b", 0, 0, NULL },
	{ http_valid_email, "a@", 0, 0, NULL },
	{ http_valid_email, "a@b@c", 0, 0, NULL },
	{ http_valid_email, "a b@c", 0, 0, NULL },
	{ http_valid_email, "a@b\r\nBcc:x@y", 0, 0, NULL },
	{ http_valid_email, "a@b\nbcc:x@y", 0, 0, NULL },
	{ http_valid_email, "a\r@b", 0, 0, NULL },
	{ http_valid_email, "eve@x.nl?cc=boss@evil.example", 0, 0, NULL },
	{ http_valid_email, "eve@x.nl?body=hi", 0, 0, NULL },
	{ http_valid_email, "a&b@x.nl", 0, 0, NULL },
	{ http_valid_email, "a%0a@x.nl", 0, 0, NULL },
	{ http_valid_email, "a@x.nl#top", 0, 0, NULL },
	{ http_valid_email, "o'brien+jobs@x.nl", 1, 0, "o'brien+jobs@x.nl" },
	/* what the mailer could never send to (util_addr_ok) */
	{ http_valid_email, "zo\xc3\xab@example.nl", 0, 0, NULL },
	{ http_valid_email, "piet;x@example.nl", 0, 0, NULL },
	{ http_valid_email, "kees(x)@example.nl", 0, 0, NULL },
	{ http_valid_email, "a[1]@example.nl", 0, 0, NULL },
	{ http_valid_email, "a:b@example.nl", 0, 0, NULL },
	{ http_valid_email, "a\\b@example.nl", 0, 0, NULL },
	{ http_valid_email, "a@b\tc", 0, 0, NULL },
	{ http_valid_date, "2026-11-25", 1, 20261125, NULL },
	{ http_valid_date, "2024-02-29", 1, 20240229, NULL },
	{ http_valid_date, "2025-02-29", 0, 0, NULL },
	{ http_valid_date, "2026-13-01", 0, 0, NULL },
	{ http_valid_date, "2026-04-31", 0, 0, NULL },
	{ http_valid_date, "26-11-2025", 0, 0, NULL },
	{ http_valid_date, "2026-1-1", 0, 0, NULL },
	{ http_valid_date, "2026-11-2x", 0, 0, NULL },
	{ http_valid_token, "abcdefghijklmnop", 1, 0, NULL },
	{ http_valid_token, "abc", 0, 0, NULL },
	{ http_valid_path, "/candidates?q=x", 1, 0, NULL },
	{ http_valid_path, "/", 1, 0, NULL },
	{ http_valid_path, "//evil.example/", 0, 0, NULL },
	{ http_valid_path, "/\\evil.example/", 0, 0, NULL },
	{ http_valid_path, "/a\\b", 0, 0, NULL },
	{ http_valid_path, "https://evil.example/", 0, 0, NULL },
	{ http_valid_path, "candidates", 0, 0, NULL },
	{ http_valid_path, "/\t/evil.example/", 0, 0, NULL },
	{ http_valid_path, "/a\nb", 0, 0, NULL },
	{ http_valid_path, "/a\x7f", 0, 0, NULL },
	{ http_valid_token, "abcdefghijklmnop!", 0, 0, NULL },
};

START_TEST(test_validators)
{
	struct http_pair	 p;
	char			 buf[256];
	int			 ok;

	snprintf(buf, sizeof(buf), "%s", valid_cases[_i].in);
	memset(&p, 0, sizeof(p));
	p.key = "k";
	p.val = buf;
	p.valsz = strlen(buf);
	ok = valid_cases[_i].fn(&p);
	ck_assert_msg(ok == valid_cases[_i].ok, "case %d \"%s\": got %d",
	    _i, valid_cases[_i].in, ok);
	if (ok && valid_cases[_i].ival != 0)
		ck_assert_int_eq(p.ival, valid_cases[_i].ival);
	if (ok && valid_cases[_i].out != NULL)
		ck_assert_str_eq(p.val, valid_cases[_i].out);
}
END_TEST

START_TEST(test_text_length)
{
	struct http_pair	 p;
	char			 buf[1024];

	/* 200 code points of two bytes each pass, 201 do not. */
	memset(&p, 0, sizeof(p));
	memset(buf, 0, sizeof(buf));
	for (int i = 0; i < 200; i++)
		memcpy(buf + 2 * i, "\xc3\xa9", 2);
	p.val = buf;
	p.valsz = strlen(buf);
	ck_assert_int_eq(http_valid_text(&p), 1);
	memcpy(buf + 400, "\xc3\xa9", 2);
	p.valsz = strlen(buf);
	ck_assert_int_eq(http_valid_text(&p), 0);
}
END_TEST

/* --- the field table: first valid value, invalid and counted --- */

enum { T_ID, T_Q, T__MAX };
static const struct http_field tfields[T__MAX] = {
	[T_ID] = { "id", http_valid_id },
	[T_Q] = { "q", http_valid_text },
};

START_TEST(test_validate_table)
{
	struct arena	 a = { NULL };
	struct http_req	 r;
	const char	*q = "id=x&id=7&q=+anna+&other=1&q=";

	memset(&r, 0, sizeof(r));
	r.arena = &a;
	r.fields = tfields;
	r.nfields = T__MAX;
	ck_assert_int_eq(http_parse_urlencoded(&a, q, strlen(q), &r.pairs, &r.npairs),
	    HTTP_BAD_NONE);
	http_validate(&r);
	ck_assert_int_eq(http_field_int(&r, T_ID, 0), 7);
	ck_assert_ptr_nonnull(r.fieldnmap[T_ID]);
	ck_assert_uint_eq(r.fieldcount[T_ID], 2);
	ck_assert_str_eq(http_field_str(&r, T_Q), "anna");
	ck_assert_uint_eq(r.fieldcount[T_Q], 2);
	ck_assert_ptr_null(r.fieldnmap[T_Q]);	/* empty is absent, not invalid */
	ck_assert_int_eq(r.pairs[3].field, -1);	/* "other" is unknown */
	arena_free(&a);
}
END_TEST

/* --- UTF-8 --- */

static const struct {
	const char	*in;
	int		 ok;
} utf8_cases[] = {
	{ "plain", 1 }, { "caf\xc3\xa9", 1 }, { "\xe2\x82\xac", 1 },
	{ "\xf0\x9f\x98\x80", 1 }, { "tab\there", 1 }, { "\xc3", 0 },
	{ "\xc0\x80", 0 }, { "\xe0\x80\xaf", 0 }, { "\xed\xa0\x80", 0 },
	{ "\xf4\x90\x80\x80", 0 }, { "\xff", 0 }, { "\x01", 0 }, { "\x7f", 0 },
	{ "\x80", 0 }, { "a\xef\xbf\xbe", 0 }, { "Sanne\xef\xbf\xbf" "Bakker", 0 },
	{ "\xef\xbf\xbd", 1 }, { "\xef\xb7\x90", 1 },
};

START_TEST(test_utf8)
{
	ck_assert_int_eq(utf8_valid(utf8_cases[_i].in, strlen(utf8_cases[_i].in)),
	    utf8_cases[_i].ok);
}
END_TEST

START_TEST(test_resp)
{
	struct http_resp	 r;
	struct buf		 b = { NULL, 0, 0 };

	memset(&r, 0, sizeof(r));
	http_resp_redirect(&r, "/candidates");
	ck_assert_int_eq(r.status, 303);
	http_resp_header(&r, "X-Bad", "a\r\nSet-Cookie: evil=1");
	ck_assert_ptr_null(strstr(r.headers.data, "evil"));
	http_resp_cookie(&r, "rp_session", "tok", "/", -1, 1);
	ck_assert_ptr_nonnull(strstr(r.headers.data, "HttpOnly"));
	ck_assert_ptr_nonnull(strstr(r.headers.data, "SameSite=Lax"));
	ck_assert_ptr_nonnull(strstr(r.headers.data, "Secure"));
	http_url_encode(&b, "a b/c?d=e&f\xc3\xa9~");
	ck_assert_str_eq(b.data, "a%20b/c%3Fd%3De%26f%C3%A9~");
	b.len = 0;
	http_escape(&b, "<a href=\"x\">&'");
	ck_assert_str_eq(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	ck_assert_str_eq(http_reason(404), "Not Found");
	buf_free(&b);
	buf_free(&r.headers);
}
END_TEST


int
main(void)
{
	Suite	*s = suite_create("http");
	TCase	*tc = tcase_create("parsers");

	tcase_add_loop_test(tc, test_urlencoded, 0, NCASES(urlenc_cases));
	tcase_add_test(tc, test_urlencoded_too_many);
	tcase_add_loop_test(tc, test_cookies, 0, NCASES(cookie_cases));
	tcase_add_loop_test(tc, test_validators, 0, NCASES(valid_cases));
	tcase_add_test(tc, test_text_length);
	tcase_add_test(tc, test_validate_table);
	tcase_add_loop_test(tc, test_utf8, 0, NCASES(utf8_cases));
	tcase_add_test(tc, test_resp);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
