/* test_lang.c: language choice and the string catalogues */
#include <sys/stat.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lang.h"
#include "util.h"
#include "unit.h"

static char	 xslt_dir[PATH_MAX];

/* The xslt tree: $RP_XSLT_DIR, else ../../xslt next to this source file. */
static void
find_dirs(void)
{
	char		 src[PATH_MAX];
	const char	*e;

	snprintf(src, sizeof(src), "%s", __FILE__);
	if ((e = getenv("RP_XSLT_DIR")) != NULL && *e != '\0')
		snprintf(xslt_dir, sizeof(xslt_dir), "%s", e);
	else
		snprintf(xslt_dir, sizeof(xslt_dir), "%s/../../xslt", dirname(src));
}

/* lang_pick(user, org, Accept-Language) -> expected. */
static const struct pick_case {
	const char	*user;
	const char	*org;
	const char	*accept;
	const char	*want;
} picks[] = {
	/* The user's setting wins when valid. */
	{ "nl", "en", "en", "nl" },
	{ "en", "nl", "nl", "en" },
	{ "de", "nl", "en", "nl" },
	{ "", "en", "nl", "en" },
	{ "NL", NULL, NULL, "en" },		/* settings are stored lower case */
	/* Then the organisation's locale. */
	{ NULL, "nl", "en-GB,en;q=0.9", "nl" },
	{ NULL, "nl_NL", NULL, "nl" },
	{ NULL, "nl-NL.UTF-8", NULL, "nl" },
	{ NULL, "en_GB", "nl", "en" },
	{ NULL, "fr", "nl", "nl" },
	{ NULL, "", "nl", "nl" },
	/* Then Accept-Language, q-values honoured. */
	{ NULL, NULL, "nl", "nl" },
	{ NULL, NULL, "nl-NL", "nl" },
	{ NULL, NULL, "NL-be", "nl" },
	{ NULL, NULL, "en-GB,en;q=0.9,nl;q=0.8", "en" },
	{ NULL, NULL, "en;q=0.5,nl;q=0.8", "nl" },
	{ NULL, NULL, "de-DE,de;q=0.9,nl;q=0.7,en;q=0.6", "nl" },
	{ NULL, NULL, "de-DE, de;q=0.9, en;q=0.7, nl;q=0.6", "en" },
	{ NULL, NULL, "fr,de", "en" },
	{ NULL, NULL, "nl;q=0", "en" },
	{ NULL, NULL, "nl;q=0.000,en;q=0", "en" },
	{ NULL, NULL, "nl;q=1.0", "nl" },
	{ NULL, NULL, "nl;q=1.5", "en" },		/* malformed q: ignored */
	{ NULL, NULL, "nl;q=abc", "en" },
	{ NULL, NULL, "nl;q=0.5;level=1", "nl" },
	{ NULL, NULL, "*", "en" },
	{ NULL, NULL, "*;q=0.9,nl", "nl" },
	{ NULL, NULL, "en;q=0.8,nl;q=0.8", "en" },	/* a tie: the first */
	{ NULL, NULL, "nl;q=0.8,en;q=0.8", "nl" },
	{ NULL, NULL, "  nl  ; q=0.3 , fr", "nl" },
	{ NULL, NULL, "nld", "en" },			/* not a prefix match */
	{ NULL, NULL, "n", "en" },
	{ NULL, NULL, ",,,;;;", "en" },
	{ NULL, NULL, "", "en" },
	{ NULL, NULL, NULL, "en" },
};

START_TEST(test_pick)
{
	const struct pick_case	*c = &picks[_i];
	const char		*got;

	got = lang_pick(c->user, c->org, c->accept);
	ck_assert_msg(strcmp(got, c->want) == 0, "pick(%s, %s, %s) = %s, want %s",
	    c->user ? c->user : "NULL", c->org ? c->org : "NULL",
	    c->accept ? c->accept : "NULL", got, c->want);
}
END_TEST

START_TEST(test_valid)
{
	ck_assert_int_eq(lang_valid("nl"), 1);
	ck_assert_int_eq(lang_valid("en"), 1);
	ck_assert_int_eq(lang_valid("NL"), 0);
	ck_assert_int_eq(lang_valid("de"), 0);
	ck_assert_int_eq(lang_valid("nl-NL"), 0);
	ck_assert_int_eq(lang_valid(""), 0);
	ck_assert_int_eq(lang_valid(NULL), 0);
}
END_TEST

/* The shipped catalogues: labels in both languages. */
static const struct get_case {
	const char	*lang;
	const char	*key;
	const char	*want;
} gets[] = {
	{ "nl", "nav.candidates", "Kandidaten" },
	{ "en", "nav.candidates", "Candidates" },
	{ "nl", "milestone.contact", "Contact gemaakt?" },
	{ "en", "milestone.contact", "Contact made?" },
	{ "nl", "milestone.still_working", "Na 3 maanden nog aan het werk?" },
	{ "en", "milestone.interview_booked", "Interview booked?" },
	{ "nl", "status.archived", "Gearchiveerd" },
	{ "en", "sort.eoi", "Date of interest" },
	{ "nl", "pager.range", "{from}–{to} van {total}" },
	{ "en", "login.failed", "The email address or password is incorrect." },
	{ "xx", "nav.archive", "Archive" },		/* unknown language: English */
	{ NULL, "nav.archive", "Archive" },
	{ "nl", "no.such.key", "no.such.key" },	/* unknown key: the key */
};

START_TEST(test_get_shipped)
{
	const struct get_case	*c = &gets[_i];

	ck_assert_int_eq(lang_load(xslt_dir), 0);
	ck_assert_str_eq(lang_get(c->lang, c->key), c->want);
}
END_TEST

/* lang_date(): the page XML's dates for people; "" for anything else. */
static const struct date_case {
	const char	*lang;
	const char	*in;
	const char	*want;
	size_t		 outsz;		/* 0: 64 */
} dates[] = {
	{ "en", "2026-11-24", "24 Nov 2026", 0 },
	{ "nl", "2026-11-24 09:15", "24 nov 2026, 09:15", 0 },
	{ "en", "  2027-02-05 \n", "5 Feb 2027", 0 },	/* white space around */
	{ "nl", "2026-03-01 00:00", "1 mrt 2026, 00:00", 0 },
	{ "en", "2026-12-31 23:59", "31 Dec 2026, 23:59", 0 },
	{ "xx", "2026-05-02", "2 May 2026", 0 },	/* unknown language: English */
	{ "en", "2026-11-24 09:15", "24 Nov", 7 },	/* cut to fit */
	/* no date: "" */
	{ "en", NULL, "", 0 },
	{ "en", "", "", 0 },
	{ "en", "2026-13-01", "", 0 },
	{ "en", "2026-00-10", "", 0 },
	{ "en", "2026-11-00", "", 0 },
	{ "en", "2026-11-32", "", 0 },
	{ "en", "2026-11-24 24:00", "", 0 },
	{ "en", "2026-11-24 09:60", "", 0 },
	{ "en", "2026-11-24 09:15:00", "", 0 },
	{ "en", "2026-11-24T09:15", "", 0 },
	{ "en", "2026/11/24", "", 0 },
	{ "en", "26-11-24", "", 0 },
	{ "en", "2026-1-245", "", 0 },
	{ "en", "2026-11-2x", "", 0 },
	{ "en", "<b>2026-11-24</b>", "", 0 },
	{ "en", "2026-11-24 9:15 ", "", 0 },
};

START_TEST(test_date)
{
	const struct date_case	*c = &dates[_i];
	char			 out[64];

	ck_assert_int_eq(lang_load(xslt_dir), 0);
	memset(out, 'x', sizeof(out));
	lang_date(c->lang, c->in, out, c->outsz != 0 ? c->outsz : sizeof(out));
	ck_assert_str_eq(out, c->want);
}
END_TEST

/* lang_fill(): the names "from", "to", "n" and "x" (whose value is NULL). */
static const char *const fill_names[] = { "from", "to", "n", "x" };
static const char *const fill_values[] = { "51", "100", "<7 & 8>", NULL };

static const struct fill_case {
	const char	*text;
	const char	*want;
} fills[] = {
	{ "{from}-{to} of 123", "51-100 of 123" },
	{ "no placeholder", "no placeholder" },
	{ "", "" },
	{ "{n}", "<7 & 8>" },			/* as it is: escaped when written */
	{ "{n}{n}{from}", "<7 & 8><7 & 8>51" },
	{ "a {x} b", "a  b" },			/* a NULL value: nothing */
	{ "{other} and {to}", "{other} and 100" },	/* unknown: as it is */
	{ "{}", "{}" },				/* an empty name is unknown */
	{ "{fro}{from2}{FROM}", "{fro}{from2}{FROM}" },	/* whole names only */
	{ "{from", "{from" },			/* no } after the {: as it is */
	{ "left { open", "left { open" },
	{ "}{to}", "}100" },
	{ "{{to}}", "{{to}}" },			/* the name is "{to": unknown */
	{ "{n} {from {to}", "<7 & 8> {from {to}" },	/* name "from {to" */
	{ "tail {", "tail {" },
};

START_TEST(test_fill)
{
	const struct fill_case	*c = &fills[_i];
	struct buf		 out = { NULL, 0, 0 };

	buf_puts(&out, "pre:");
	lang_fill(c->text, fill_names, fill_values, 4, &out);
	ck_assert_uint_eq(out.len, strlen(out.data));
	ck_assert_str_eq(out.data + 4, c->want);
	ck_assert_int_eq(memcmp(out.data, "pre:", 4), 0);
	buf_free(&out);
}
END_TEST

/* Every key the stylesheets and handlers rely on, in both catalogues. */
static const char *const required[] = {
	"nav.candidates", "nav.archive", "nav.vacancies", "nav.referrers", "nav.settings",
	"logout", "sort.updated", "sort.name", "sort.eoi",
	"status.action", "status.waiting", "status.archived", "status.complete",
	"milestone.contact", "milestone.interview_booked", "milestone.interview",
	"milestone.offer", "milestone.started", "milestone.still_working",
	"outcome.contact_made", "outcome.no_answer", "outcome.unreachable",
	"outcome.not_interested", "outcome.not_suitable", "outcome.booked",
	"outcome.arranging", "outcome.declined", "outcome.completed",
	"outcome.rescheduled", "outcome.no_show", "outcome.unsuccessful",
	"outcome.offer_accepted", "outcome.offer_pending", "outcome.checks_pending",
	"outcome.offer_declined", "outcome.checks_failed", "outcome.started",
	"outcome.start_delayed", "outcome.did_not_start", "outcome.still_working",
	"outcome.check_later", "outcome.left",
	"login.failed", "login.throttled", "login.csrf", "login.signed_out",
	"error.not_found", "error.bad_request", "error.forbidden", "error.too_large",
	"error.server", "error.unavailable", "error.method", "error.bad_utf8",
	"error.bad_field", "error.csrf", "overdue.flag", "pager.range", "list.empty",
	"card.phone", "card.email", "card.postcode",
};

START_TEST(test_required_keys)
{
	size_t	 i;

	ck_assert_int_eq(lang_load(xslt_dir), 0);
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		ck_assert_msg(strcmp(lang_get("en", required[i]), required[i]) != 0,
		    "en lacks %s", required[i]);
		ck_assert_msg(strcmp(lang_get("nl", required[i]), lang_get("en", required[i])) != 0 ||
		    strncmp(required[i], "card.postcode", 13) == 0 ||
		    strncmp(required[i], "filter.status", 13) == 0,
		    "nl lacks %s (or says the same as en)", required[i]);
	}
}
END_TEST

/* en.xml and nl.xml have exactly the same keys. */
static int
keys_of(const char *lang, char ***out)
{
	char		 path[PATH_MAX + 32];
	xmlDocPtr	 doc;
	xmlNodePtr	 n;
	int		 k = 0;

	snprintf(path, sizeof(path), "%s/core/l10n/%s.xml", xslt_dir, lang);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "%s", path);
	*out = NULL;
	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		*out = xrealloc(*out, (size_t)(k + 1) * sizeof(**out));
		(*out)[k++] = (char *)xmlGetProp(n, (const xmlChar *)"k");
	}
	xmlFreeDoc(doc);
	return k;
}

START_TEST(test_same_keys)
{
	char	**en, **nl;
	int	  ne, nn, i;

	ne = keys_of("en", &en);
	nn = keys_of("nl", &nl);
	ck_assert_int_gt(ne, 100);
	ck_assert_int_eq(ne, nn);
	for (i = 0; i < ne; i++) {
		ck_assert_str_eq(en[i], nl[i]);
		xmlFree(en[i]);
		xmlFree(nl[i]);
	}
	free(en);
	free(nl);
}
END_TEST

static void
write_file(const char *path, const char *text)
{
	FILE		*f;
	struct timespec	 ts[2];
	static time_t	 bump;

	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) + 10 + (++bump);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Fallbacks and reloading, on a private pair of catalogues. */
START_TEST(test_fallback_reload)
{
	char	 tmp[64], dir[128], en[192], nl[192], cmd[256];

	snprintf(tmp, sizeof(tmp), "/tmp/rp-test-l10n-XXXXXX");
	ck_assert(mkdtemp(tmp) != NULL);
	snprintf(dir, sizeof(dir), "%s/core/l10n", tmp);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(en, sizeof(en), "%s/en.xml", dir);
	snprintf(nl, sizeof(nl), "%s/nl.xml", dir);
	write_file(en, "<l10n><s k=\"a\">A en</s><s k=\"b\">B en &amp; more</s>"
	    "<s k=\"dup\">first</s><s k=\"dup\">second</s><s k=\"empty\"></s></l10n>");
	write_file(nl, "<l10n><s k=\"a\">A nl</s><!-- b missing --><s k=\"empty\"></s></l10n>");

	ck_assert_int_eq(lang_load(tmp), 0);
	ck_assert_str_eq(lang_get("nl", "a"), "A nl");
	ck_assert_str_eq(lang_get("nl", "b"), "B en & more");	/* English fallback */
	ck_assert_str_eq(lang_get("nl", "zz"), "zz");		/* the key */
	ck_assert_str_eq(lang_get("en", "dup"), "first");
	ck_assert_str_eq(lang_get("nl", "empty"), "");		/* empty is a value */
	ck_assert_str_eq(lang_get("fr", "a"), "A en");

	/* An edit is picked up by the next lang_load(). */
	write_file(nl, "<l10n><s k=\"a\">A nl 2</s><s k=\"b\">B nl</s></l10n>");
	ck_assert_str_eq(lang_get("nl", "a"), "A nl");		/* not before */
	ck_assert_int_eq(lang_load(tmp), 0);
	ck_assert_str_eq(lang_get("nl", "a"), "A nl 2");
	ck_assert_str_eq(lang_get("nl", "b"), "B nl");

	/* A broken edit keeps the previous strings. */
	write_file(nl, "<l10n><s k=\"a\">broken</l10n>");
	ck_assert_int_eq(lang_load(tmp), 0);
	ck_assert_str_eq(lang_get("nl", "a"), "A nl 2");

	/* A missing catalogue: -1, lookups fall back. */
	ck_assert_int_eq(unlink(nl), 0);
	ck_assert_int_eq(lang_load(tmp), -1);
	ck_assert_str_eq(lang_get("nl", "a"), "A en");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(lang_load(xslt_dir), 0);
}
END_TEST

static Suite *
lang_suite(void)
{
	Suite	*s = suite_create("lang");
	TCase	*tc = tcase_create("lang");

	tcase_add_loop_test(tc, test_pick, 0, NCASES(picks));
	tcase_add_test(tc, test_valid);
	tcase_add_loop_test(tc, test_get_shipped, 0, NCASES(gets));
	tcase_add_test(tc, test_required_keys);
	tcase_add_loop_test(tc, test_date, 0, NCASES(dates));
	tcase_add_loop_test(tc, test_fill, 0, NCASES(fills));
	tcase_add_test(tc, test_same_keys);
	tcase_add_test(tc, test_fallback_reload);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	find_dirs();
	return unit_run(lang_suite());
}
