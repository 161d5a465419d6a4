/* test_render.c: stylesheets over fixture XML, and the stylesheet cache */
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

#include "render.h"
#include "util.h"

static char	 xslt_dir[PATH_MAX];
static char	 fixture_dir[PATH_MAX];

/*
 * The xslt tree: $RP_XSLT_DIR, else ../../xslt next to this source file.
 * The fixtures: $RP_FIXTURE_DIR, else $RP_SRCDIR/tests/fixtures/xml, else
 * ../fixtures/xml next to this source file.
 */
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
	snprintf(src, sizeof(src), "%s", __FILE__);
	if ((e = getenv("RP_FIXTURE_DIR")) != NULL && *e != '\0')
		snprintf(fixture_dir, sizeof(fixture_dir), "%s", e);
	else if ((e = getenv("RP_SRCDIR")) != NULL && *e != '\0')
		snprintf(fixture_dir, sizeof(fixture_dir), "%.*s/tests/fixtures/xml",
		    PATH_MAX - 32, e);
	else
		snprintf(fixture_dir, sizeof(fixture_dir), "%s/../fixtures/xml", dirname(src));
}

static size_t
count(const char *hay, const char *needle)
{
	size_t		 n = 0;
	const char	*p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* Render fixture FILE (in the fixture dir) through core/PAGE.xsl. */
static int
render_fixture(struct render *r, const char *page, const char *file,
    struct buf *out, char *err, size_t errsz)
{
	char		 path[PATH_MAX + 256];
	xmlDocPtr	 doc;
	int		 rc;

	snprintf(path, sizeof(path), "%s/%s", fixture_dir, file);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "cannot parse %s", path);
	rc = render_apply(r, page, doc, NULL, out, err, errsz);
	xmlFreeDoc(doc);
	return rc;
}

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
	/* A new mtime each time, whatever the file system's granularity. */
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) + 10 + (++bump);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static char *
read_file(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = xmalloc((size_t)n + 1);
	ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* A private copy of the xslt tree; the caller removes it with rm_tree(). */
static void
copy_tree(char *tmp, size_t sz)
{
	char	 cmd[PATH_MAX * 2 + 32];

	snprintf(tmp, sz, "/tmp/rp-test-xslt-XXXXXX");
	ck_assert(mkdtemp(tmp) != NULL);
	snprintf(cmd, sizeof(cmd), "cp -R '%s/.' '%s/'", xslt_dir, tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static void
rm_tree(const char *tmp)
{
	char	 cmd[PATH_MAX + 32];

	if (strncmp(tmp, "/tmp/rp-test-", 13) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

/* Table: each fixture, its page, and what its HTML must (not) hold. */
static const struct fixture_case {
	const char	*file;
	const char	*page;
	int		 ids;		/* count of data-candidate-id, -1: any */
	const char	*has[12];
	const char	*hasnot[6];
} cases[] = {
	{ "candidates-nl.xml", "candidates", 6, {
	    "<!DOCTYPE html>", "<html lang=\"nl\">", "<body data-page=\"candidates\">",
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Zn",
	    "<h1>Kandidaten</h1>", "Contact gemaakt?",
	    "data-flash=\"ok\"", "href=\"/candidates\" data-menu=\"candidates\" aria-current=\"page\"",
	    "51–100 van 123", "href=\"tel:+31612345678\"",
	    "data-milestone=\"interview_booked\" title=\"Interview gepland? – meer informatie nodig: Datum wordt afgesproken\" data-color=\"orange\" data-outcome=\"arranging\"",
	    "data-overdue=\"1\"" },
	    { "<script>", "Mo & Co <b>", "Contact made?", "data-broken", "disable-output-escaping", NULL } },
	{ "candidates-en.xml", "candidates", 4, {
	    "<html lang=\"en\">", "<body data-page=\"candidates\">",
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons", "<h1>Candidates</h1>",
	    "Contact made?", "data-outcome=\"no_answer\"", "data-broken=\"site/branding.xsl\"",
	    "<code>site/branding.xsl:12</code>", "href=\"mailto:x@example.co.uk\"",
	    "<option value=\"name\" selected>Name (A–Z)</option>", "Referred by", NULL },
	    { "<script>", "Contact gemaakt?", "data-flash", NULL } },
	{ "candidates-empty-nl.xml", "candidates", 0, {
	    "<body data-page=\"candidates\">", "Geen kandidaten gevonden met deze filters.",
	    "value=\"zzz\"", NULL },
	    { "<table", "f-site", NULL } },
	{ "archive-nl.xml", "archive", 3, {
	    "<body data-page=\"archive\">", "<h1>Gearchiveerde kandidaten</h1>",
	    "data-status=\"archived\"", "data-color=\"red\"", "data-outcome=\"no_show\"",
	    "href=\"/archive\" data-menu=\"archive\" aria-current=\"page\"", "Gearchiveerd", NULL },
	    { "f-status", "aria-current=\"page\">Kandidaten", NULL } },
	{ "archive-en.xml", "archive", 2, {
	    "<body data-page=\"archive\">", "<h1>Archived candidates</h1>",
	    "51–62 of 62", "href=\"/archive?sort=eoi&amp;stage=contact&amp;page=2\"",
	    "data-outcome=\"left\"", NULL },
	    { "rel=\"next\"", NULL } },
	{ "login-nl.xml", "login", 0, {
	    "<body data-page=\"login\">", "<h1>Inloggen</h1>",
	    "Het e-mailadres of het wachtwoord is onjuist.",
	    "action=\"/login\"", "name=\"csrf\" value=\"t0k3n-abc_123\"",
	    "name=\"next\" value=\"/candidates?sort=name\"", "value=\"planner@delinde.test\"",
	    "<label for=\"login-password\">Wachtwoord</label>", NULL },
	    { "<nav", "/logout", NULL } },
	{ "login-en.xml", "login", 0, {
	    "<body data-page=\"login\">", "<h1>Sign in</h1>", "data-flash=\"ok\"",
	    "You have been signed out.", NULL },
	    { "form-error", NULL } },
	{ "error-nl.xml", "error", 0, {
	    "<body data-page=\"error\">", "<h1>Pagina niet gevonden</h1>", "Foutcode 404",
	    "Kandidaat 999 &lt;bestaat&gt; niet", "action=\"/logout\"", NULL },
	    { "<bestaat>", NULL } },
	{ "error-en.xml", "error", 0, {
	    "<body data-page=\"error\">", "<h1>The data you sent is too large</h1>",
	    "Error code 413", "href=\"/login\"", NULL },
	    { "<nav", NULL } },
};

START_TEST(test_fixture)
{
	const struct fixture_case	*c = &cases[_i];
	struct render			*r;
	struct buf			 out = { NULL, 0, 0 };
	char				 err[512];
	size_t				 i;

	r = render_new(xslt_dir);
	ck_assert_msg(render_fixture(r, c->page, c->file, &out, err, sizeof(err)) == 0,
	    "%s: %s", c->file, err);
	ck_assert_ptr_nonnull(out.data);
	ck_assert_ptr_null(render_broken(r, c->page));
	for (i = 0; i < 12 && c->has[i] != NULL; i++)
		ck_assert_msg(strstr(out.data, c->has[i]) != NULL,
		    "%s: missing %s", c->file, c->has[i]);
	for (i = 0; i < 6 && c->hasnot[i] != NULL; i++)
		ck_assert_msg(strstr(out.data, c->hasnot[i]) == NULL,
		    "%s: unexpected %s", c->file, c->hasnot[i]);
	if (c->ids >= 0)
		ck_assert_uint_eq(count(out.data, "data-candidate-id="), (size_t)c->ids);
	/* One h1, one main, unique structure. */
	ck_assert_uint_eq(count(out.data, "<h1"), 1);
	ck_assert_uint_eq(count(out.data, "<main"), 1);
	buf_free(&out);
	render_free(r);
}
END_TEST

/* The compiled version is reused; a second render gives the same bytes. */
START_TEST(test_cached)
{
	struct render	*r;
	struct buf	 a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	char		 err[512];

	r = render_new(xslt_dir);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &a, err, sizeof(err)), 0);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &b, err, sizeof(err)), 0);
	ck_assert_str_eq(a.data, b.data);
	buf_free(&a);
	buf_free(&b);
	render_free(r);
}
END_TEST

START_TEST(test_bad_names)
{
	struct render	*r;
	struct buf	 out = { NULL, 0, 0 };
	char		 err[512];
	xmlDocPtr	 doc;

	r = render_new(xslt_dir);
	doc = xmlReadMemory("<page name='x'/>", 16, NULL, NULL, 0);
	ck_assert_int_eq(render_apply(r, "../site/branding", doc, NULL, &out, err, sizeof(err)), -1);
	ck_assert_int_eq(render_apply(r, "nonexistent", doc, NULL, &out, err, sizeof(err)), -1);
	ck_assert(err[0] != '\0');
	ck_assert_int_eq(render_apply(r, "", doc, NULL, &out, err, sizeof(err)), -1);
	xmlFreeDoc(doc);
	buf_free(&out);
	render_free(r);
}
END_TEST

/* A broken edit keeps the last good version serving and says file:line. */
START_TEST(test_broken_edit)
{
	struct render	*r;
	struct buf	 out = { NULL, 0, 0 };
	char		 tmp[256], path[PATH_MAX], err[512];
	char		*good;
	const char	*b;

	copy_tree(tmp, sizeof(tmp));
	snprintf(path, sizeof(path), "%s/site/branding.xsl", tmp);
	good = read_file(path);

	r = render_new(tmp);
	ck_assert_int_eq(render_fixture(r, "login", "login-en.xml", &out, err, sizeof(err)), 0);
	ck_assert_ptr_null(render_broken(r, "login"));

	/* Not well-formed: the XML parser's file and line. */
	write_file(path,
	    "<?xml version=\"1.0\"?>\n"
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	    "  <xsl:template name=\"footer\">\n"
	    "    <p>unclosed\n"
	    "  </xsl:template>\n"
	    "</xsl:stylesheet>\n");
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "login", "login-en.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "<h1>Sign in</h1>") != NULL);
	b = render_broken(r, "login");
	ck_assert_ptr_nonnull(b);
	ck_assert_msg(strncmp(b, "site/branding.xsl:5: ", 21) == 0, "got: %s", b);

	/* Well-formed but not XSLT: libxslt's file and line. */
	write_file(path,
	    "<?xml version=\"1.0\"?>\n"
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	    "\n"
	    "  <xsl:tmplate name=\"footer\"/>\n"
	    "  <xsl:template name=\"logo\"><xsl:value-of select=\"1 +\"/></xsl:template>\n"
	    "</xsl:stylesheet>\n");
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "login", "login-en.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "<h1>Sign in</h1>") != NULL);
	b = render_broken(r, "login");
	ck_assert_ptr_nonnull(b);
	ck_assert_msg(strncmp(b, "site/branding.xsl:4: ", 21) == 0, "got: %s", b);

	/* Repaired: the new version serves and the report goes away. */
	write_file(path,
	    "<?xml version=\"1.0\"?>\n"
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	    "  <xsl:template name=\"footer\"><p>Footer marker 4711</p></xsl:template>\n"
	    "</xsl:stylesheet>\n");
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "login", "login-en.xml", &out, err, sizeof(err)), 0);
	ck_assert_ptr_null(render_broken(r, "login"));
	ck_assert(strstr(out.data, "Footer marker 4711") != NULL);

	/* A page that never compiled: -1 with the message. */
	snprintf(path, sizeof(path), "%s/core/error.xsl", tmp);
	write_file(path, "<oops");
	render_free(r);
	r = render_new(tmp);
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "error", "error-en.xml", &out, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "core/error.xsl:1:") != NULL, "got: %s", err);
	ck_assert_ptr_nonnull(render_broken(r, "error"));

	free(good);
	buf_free(&out);
	render_free(r);
	rm_tree(tmp);
}
END_TEST

/* An edit to any imported file, however deep, is picked up. */
START_TEST(test_changed_import)
{
	struct render	*r;
	struct buf	 out = { NULL, 0, 0 };
	char		 tmp[256], path[PATH_MAX], err[512];
	char		*s, *p;

	copy_tree(tmp, sizeof(tmp));
	r = render_new(tmp);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "Refportal") != NULL);

	/* core/params.xsl: imported by layout.xsl, imported by candidates.xsl. */
	snprintf(path, sizeof(path), "%s/core/params.xsl", tmp);
	s = read_file(path);
	p = strstr(s, "select=\"'Refportal'\"");
	ck_assert_ptr_nonnull(p);
	memcpy(p + 9, "Zorgportl", 9);
	write_file(path, s);
	free(s);
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert_msg(strstr(out.data, "<span class=\"product\">Zorgportl</span>") != NULL, "not reloaded");

	/* core/com/date.xsl, a component two levels down. */
	snprintf(path, sizeof(path), "%s/core/com/date.xsl", tmp);
	s = read_file(path);
	p = strstr(s, "<xsl:text>, </xsl:text>");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "<xsl:text>@ </xsl:text>", 23);
	write_file(path, s);
	free(s);
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "24 nov 2026@ 09:15") != NULL);

	/* The catalogue is read per transform: a new string shows at once. */
	snprintf(path, sizeof(path), "%s/core/l10n/nl.xml", tmp);
	s = read_file(path);
	p = strstr(s, ">Kandidaten<");
	ck_assert_ptr_nonnull(p);
	memcpy(p + 1, "KANDIDATEN", 10);
	write_file(path, s);
	free(s);
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "KANDIDATEN") != NULL);

	buf_free(&out);
	render_free(r);
	rm_tree(tmp);
}
END_TEST

/* Security preferences: no file writes from a stylesheet; reads stay allowed. */
START_TEST(test_security)
{
	struct render	*r;
	struct buf	 out = { NULL, 0, 0 };
	char		 tmp[256], path[PATH_MAX], target[PATH_MAX], err[512], *x;
	xmlDocPtr	 doc;
	struct stat	 st;

	copy_tree(tmp, sizeof(tmp));
	snprintf(target, sizeof(target), "%s/pwned.txt", tmp);
	snprintf(path, sizeof(path), "%s/core/evil.xsl", tmp);
	x = xasprintf(
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	    "    xmlns:exsl=\"http://exslt.org/common\" extension-element-prefixes=\"exsl\">\n"
	    "  <xsl:template match=\"/\">\n"
	    "    <exsl:document href=\"%s\" method=\"text\">owned</exsl:document>\n"
	    "    <out><xsl:value-of select=\"count(document('l10n/en.xml')//s)\"/></out>\n"
	    "  </xsl:template>\n"
	    "</xsl:stylesheet>\n", target);
	write_file(path, x);
	free(x);

	r = render_new(tmp);
	doc = xmlReadMemory("<page/>", 7, NULL, NULL, 0);
	ck_assert_int_eq(render_apply(r, "evil", doc, NULL, &out, err, sizeof(err)), -1);
	ck_assert_int_eq(stat(target, &st), -1);

	/* Network reads are refused as well. */
	x = xasprintf(
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	    "  <xsl:template match=\"/\">\n"
	    "    <out n=\"{count(document('http://127.0.0.1:9/x.xml')/*)}\">"
	    "<xsl:value-of select=\"count(document('l10n/en.xml')//s) &gt; 10\"/></out>\n"
	    "  </xsl:template>\n"
	    "</xsl:stylesheet>\n");
	write_file(path, x);
	free(x);
	buf_free(&out);
	if (render_apply(r, "evil", doc, NULL, &out, err, sizeof(err)) == 0)
		ck_assert(strstr(out.data, "n=\"0\"") != NULL);

	/* Local reads stay allowed (document() loads the catalogues). */
	x = xasprintf(
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	    "  <xsl:output method=\"xml\" omit-xml-declaration=\"yes\"/>\n"
	    "  <xsl:template match=\"/\">\n"
	    "    <out><xsl:value-of select=\"count(document('l10n/en.xml')//s) &gt; 10\"/></out>\n"
	    "  </xsl:template>\n"
	    "</xsl:stylesheet>\n");
	write_file(path, x);
	free(x);
	buf_free(&out);
	ck_assert_msg(render_apply(r, "evil", doc, NULL, &out, err, sizeof(err)) == 0, "%s", err);
	ck_assert(strstr(out.data, "<out>true</out>") != NULL);

	xmlFreeDoc(doc);
	buf_free(&out);
	render_free(r);
	rm_tree(tmp);
}
END_TEST

/* xml_text and xml_attr escape; the result goes through a stylesheet intact. */
START_TEST(test_xml_helpers)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*mem;
	int		 len;

	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xml_node(NULL, "page");
	xmlDocSetRootElement(doc, root);
	n = xml_text(root, "name", "<b>Tom & \"Jerry\"</b>");
	xml_attr(n, "title", "a<b&\"c\"");
	xml_attr(n, "skip", NULL);
	xml_attr_int(n, "id", -42);
	xml_text(root, "empty", NULL);
	xmlDocDumpMemory(doc, &mem, &len);
	ck_assert(strstr((char *)mem, "<name title=\"a&lt;b&amp;&quot;c&quot;\" id=\"-42\">&lt;b&gt;Tom &amp; \"Jerry\"&lt;/b&gt;</name>") != NULL);
	ck_assert(strstr((char *)mem, "skip=") == NULL);
	ck_assert(strstr((char *)mem, "<empty/>") != NULL);
	ck_assert_ptr_null(n->children->next);
	ck_assert_int_eq(n->children->type, XML_TEXT_NODE);
	xmlFree(mem);
	xmlFreeDoc(doc);
}
END_TEST

static Suite *
render_suite(void)
{
	Suite	*s = suite_create("render");
	TCase	*tc = tcase_create("render");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_fixture, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_cached);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_broken_edit);
	tcase_add_test(tc, test_changed_import);
	tcase_add_test(tc, test_security);
	tcase_add_test(tc, test_xml_helpers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	find_dirs();
	sr = srunner_create(render_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
