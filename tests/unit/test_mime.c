/* test_mime.c: table-driven tests of the mailer's MIME building (mailer/mime.c) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mime.h"
#include "util.h"
#include "unit.h"

static const struct {
	const char	*addr;
	int		 ok;
} addr_cases[] = {
	{ "a@b", 1 },
	{ "jan.de.vries@delinde.test", 1 },
	{ "x+tag@example.org", 1 },
	{ "", 0 },
	{ "@b", 0 },
	{ "a@", 0 },
	{ "a@@b", 0 },
	{ "a@b@c", 0 },
	{ "a b@c", 0 },
	{ "a@b\r\nBcc: x@y", 0 },
	{ "<a@b>", 0 },
	{ "a\"b@c", 0 },
	{ "\xc3\xa9@b", 0 },
	{ "a,b@c", 0 },
};

START_TEST(test_addr)
{
	ck_assert_msg(util_addr_ok(addr_cases[_i].addr) == addr_cases[_i].ok,
	    "\"%s\"", addr_cases[_i].addr);
}
END_TEST

static const struct {
	const char	*in;
	const char	*name;	/* NULL: refused */
	const char	*addr;
} mailbox_cases[] = {
	{ "refportal <noreply@localhost>", "refportal", "noreply@localhost" },
	{ "noreply@localhost", "", "noreply@localhost" },
	{ "  <a@b>  ", "", "a@b" },
	{ "\"De Linde, werving\" <w@delinde.test>", "De Linde, werving", "w@delinde.test" },
	{ "\"a \\\"q\\\" b\" <a@b>", "a \"q\" b", "a@b" },
	{ "Name <a@b", NULL, NULL },
	{ "Name <a@b> x", NULL, NULL },
	{ "Name <not an address>", NULL, NULL },
	{ "", NULL, NULL },
};

START_TEST(test_mailbox)
{
	char	*name = NULL, *addr = NULL;
	int	 rc = mime_mailbox(mailbox_cases[_i].in, &name, &addr);

	if (mailbox_cases[_i].name == NULL) {
		ck_assert_int_eq(rc, -1);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(name, mailbox_cases[_i].name);
	ck_assert_str_eq(addr, mailbox_cases[_i].addr);
	free(name);
	free(addr);
}
END_TEST

static const struct {
	const char	*in;
	int		 phrase;
	const char	*out;
} header_cases[] = {
	{ "Hello", 0, "Hello" },
	{ "New candidate: Anna", 0, "New candidate: Anna" },
	{ "line\r\nBcc: evil@x", 0, "line Bcc: evil@x" },
	{ "  spaced   out  ", 0, "spaced out" },
	{ "Anna de Vries", 1, "Anna de Vries" },
	{ "Vries, Anna", 1, "\"Vries, Anna\"" },
	{ "a \"b\" c", 1, "\"a \\\"b\\\" c\"" },
	{ "\xc3\x89lise", 0, "=?UTF-8?B?w4lsaXNl?=" },
	{ "\xc3\x89lise", 1, "=?UTF-8?B?w4lsaXNl?=" },
	/* ASCII a reader would decode as an encoded-word is encoded */
	{ "Admin =?x?=", 0, "=?UTF-8?B?QWRtaW4gPT94Pz0=?=" },
	{ "Admin =?x?=", 1, "=?UTF-8?B?QWRtaW4gPT94Pz0=?=" },
};

START_TEST(test_header)
{
	struct buf	 b = { NULL, 0, 0 };

	mime_header_text(&b, header_cases[_i].in, 9, header_cases[_i].phrase);
	ck_assert_str_eq(b.data, header_cases[_i].out);
	buf_free(&b);
}
END_TEST

/* Long non-ASCII text: ASCII only, lines within 78 columns, whole
 * characters in every encoded-word. */
START_TEST(test_header_long)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 in[400];
	const char	*p, *line;
	size_t		 i;

	for (i = 0; i < 120; i++)
		memcpy(in + 3 * i, "\xe2\x82\xac", 3);	/* euro signs */
	in[360] = '\0';
	mime_header_text(&b, in, 9, 0);
	for (p = b.data; *p != '\0'; p++)
		ck_assert_int_lt((unsigned char)*p, 0x80);
	for (line = b.data; line != NULL; ) {
		const char *e = strstr(line, "\r\n");
		size_t n = e != NULL ? (size_t)(e - line) : strlen(line);

		ck_assert_uint_le(n + (line == b.data ? 9 : 0), 78);
		/* 45 bytes = 15 euro signs: 60 base64 characters, no padding. */
		line = e != NULL ? e + 2 : NULL;
	}
	ck_assert(strstr(b.data, "=?UTF-8?B?4oKs") != NULL);
	buf_free(&b);
}
END_TEST

/* Non-ASCII text after field names of every width: each line after the
 * first is a fold (a space, then an encoded-word), never a space alone. */
START_TEST(test_header_fold)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 in[200];
	const char	*line, *e;
	size_t		 i, n, col = (size_t)_i;

	for (i = 0; i < 60; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	in[120] = '\0';
	mime_header_text(&b, in, col, 1);
	for (line = b.data; line != NULL; line = e != NULL ? e + 2 : NULL) {
		e = strstr(line, "\r\n");
		n = e != NULL ? (size_t)(e - line) : strlen(line);
		ck_assert_uint_le(n + (line == b.data ? col : 0), 78);
		if (line != b.data)
			ck_assert_msg(n > 1 && line[0] == ' ' && line[1] == '=',
			    "col %zu: a folded line \"%.*s\"", col, (int)n, line);
	}
	buf_free(&b);
}
END_TEST

static const struct {
	const char	*in;
	const char	*out;
} qp_cases[] = {
	{ "plain", "plain" },
	{ "a=b", "a=3Db" },
	{ "line\nnext", "line\r\nnext" },
	{ "crlf\r\nnext", "crlf\r\nnext" },
	{ "trailing \nx", "trailing=20\r\nx" },
	{ "tab\t", "tab=09" },
	{ ".dot\n.", "=2Edot\r\n=2E" },
	{ "From here", "=46rom here" },
	{ "caf\xc3\xa9", "caf=C3=A9" },
};

START_TEST(test_qp)
{
	struct buf	 b = { NULL, 0, 0 };

	mime_qp(&b, qp_cases[_i].in);
	ck_assert_str_eq(b.data, qp_cases[_i].out);
	buf_free(&b);
}
END_TEST

START_TEST(test_qp_long)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 in[301];
	const char	*line;

	memset(in, 'x', 300);
	in[300] = '\0';
	mime_qp(&b, in);
	for (line = b.data; line != NULL; ) {
		const char *e = strstr(line, "\r\n");
		size_t n = e != NULL ? (size_t)(e - line) : strlen(line);

		ck_assert_uint_le(n, 76);
		line = e != NULL ? e + 2 : NULL;
	}
	buf_free(&b);
}
END_TEST

/* A dot or "From " that a soft break would put at the start of a line
 * is encoded, whatever the length of the text before it. */
START_TEST(test_qp_break_start)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 in[128];
	const char	*line, *e;
	size_t		 k = (size_t)_i;

	memset(in, 'a', k);
	strcpy(in + k, k % 2 ? ".b\n" : "From b\n");
	mime_qp(&b, in);
	for (line = b.data; line != NULL; line = e != NULL ? e + 2 : NULL) {
		e = strstr(line, "\r\n");
		ck_assert_msg(line[0] != '.' && strncmp(line, "From ", 5) != 0,
		    "%zu: a line starts \"%.6s\"", k, line);
	}
	buf_free(&b);
}
END_TEST

START_TEST(test_build)
{
	struct mime_msg	 m;
	struct buf	 b = { NULL, 0, 0 };
	char		 err[128];
	const char	*p;

	memset(&m, 0, sizeof(m));
	m.from = "Zorggroep De Linde <noreply@delinde.test>";
	m.to_addr = "anna@example.org";
	m.to_name = "\xc3\x89lise\nBcc: x@y";
	m.subject = "Nieuwe kandidaat: \xc3\x89lise";
	m.text = "Hallo\n";
	m.html = "<p>Hallo</p>";
	m.message_id = "<outbox-1.2@localhost>";
	m.date = 0;
	ck_assert_int_eq(mime_build(&m, &b, err, sizeof(err)), 0);
	for (p = b.data; *p != '\0'; p++)
		ck_assert_int_lt((unsigned char)*p, 0x80);
	ck_assert(strstr(b.data, "Date: Thu, 1 Jan 1970 00:00:00 +0000\r\n") == b.data);
	ck_assert(strstr(b.data, "\r\nFrom: Zorggroep De Linde <noreply@delinde.test>\r\n") != NULL);
	ck_assert(strstr(b.data, "\r\nMessage-ID: <outbox-1.2@localhost>\r\n") != NULL);
	ck_assert(strstr(b.data, "\r\nAuto-Submitted: auto-generated\r\n") != NULL);
	ck_assert(strstr(b.data, "\r\nBcc:") == NULL);
	ck_assert(strstr(b.data, "multipart/alternative") != NULL);
	buf_free(&b);

	m.to_addr = "not an address";
	ck_assert_int_eq(mime_build(&m, &b, err, sizeof(err)), -1);
	buf_free(&b);
}
END_TEST

static Suite *
mime_suite(void)
{
	Suite	*s = suite_create("mime");
	TCase	*tc = tcase_create("mime");

	tcase_add_loop_test(tc, test_addr, 0, NCASES(addr_cases));
	tcase_add_loop_test(tc, test_mailbox, 0, NCASES(mailbox_cases));
	tcase_add_loop_test(tc, test_header, 0, NCASES(header_cases));
	tcase_add_test(tc, test_header_long);
	tcase_add_loop_test(tc, test_header_fold, 0, 78);
	tcase_add_loop_test(tc, test_qp, 0, NCASES(qp_cases));
	tcase_add_test(tc, test_qp_long);
	tcase_add_loop_test(tc, test_qp_break_start, 60, 90);
	tcase_add_test(tc, test_build);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(mime_suite());
}
