/* test_render.c: stylesheets over fixture XML, and the stylesheet cache */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
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
#include "unit.h"

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

/* How often a string occurs in the HTML. */
struct count {
	const char	*needle;
	size_t		 n;
};

/*
 * Whether a string occurs (in = 1) or not (in = 0) inside the element that
 * starts at the first occurrence of "at", up to its first "</li>" or
 * "</tr>": a milestone box, a history event, a ledger row.
 */
struct within {
	const char	*at;
	const char	*needle;
	int		 in;
};

/* Table: each fixture, its page, and what its HTML must (not) hold. */
static const struct fixture_case {
	const char	*file;
	const char	*page;
	int		 ids;		/* count of data-candidate-id, -1: any */
	const char	*has[20];
	const char	*hasnot[8];
	struct count	 counts[6];
	struct within	 within[8];
	const char	*order[6];	/* each after the one before it */
} cases[] = {
	{ "candidates-nl.xml", "candidates", 7, {
	    "<!DOCTYPE html>", "<html lang=\"nl\"><head><meta charset=\"utf-8\" />",
	    "<body data-page=\"candidates\">",
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Zn",
	    "<h1>Kandidaten</h1>", "Contact gemaakt?",
	    "data-flash=\"ok\"", "href=\"/candidates\" data-menu=\"candidates\" aria-current=\"page\"",
	    "51–100 van 123", "href=\"tel:+31612345678\"",
	    "<ol class=\"progress\" data-stage-pos=\"2\" aria-hidden=\"true\"><li data-milestone=\"contact\" data-color=\"green\" data-outcome=\"contact_made\"></li><li data-milestone=\"interview_booked\" data-color=\"orange\" data-outcome=\"arranging\"></li>",
	    "data-overdue=\"1\"",
	    /* the flash with placeholders, escaped */
	    "Uitkomst opgeslagen: Mo &amp; Co &lt;b&gt; verdient 10 punten.",
	    /* the outcome menu of the waiting row asked for (menu="14"), and "due on" */
	    "<a class=\"step open\" aria-expanded=\"true\" href=\"/candidates?q=an&amp;sort=updated&amp;page=2#c14\" aria-label=\"Interview gepland? – Kies een uitkomst\">Interview gepland?</a><div class=\"oc-menu\" id=\"menu-14\" data-milestone=\"interview_booked\"><form method=\"post\" action=\"/candidates/14/outcome\"><input type=\"hidden\" name=\"milestone\" value=\"interview_booked\" /><input type=\"hidden\" name=\"version\" value=\"6\" /><input type=\"hidden\" name=\"csrf\" value=\"t0k3n-abc_123\" /><input type=\"hidden\" name=\"next\" value=\"/candidates?q=an&amp;sort=updated\" />",
	    "<fieldset class=\"oc oc-green\"><legend>Gelukt</legend><button name=\"outcome\" value=\"booked\">Interview gepland</button></fieldset>",
	    "<div class=\"due\" data-due=\"2027-02-25\">Aan de beurt op <time datetime=\"2027-02-25\">25 feb 2027</time></div>",
	    "<select id=\"lang-select\" name=\"lang\"><option value=\"nl\" lang=\"nl\" selected=\"selected\">Nederlands</option>",
	    NULL },
	    { "<script>", "Mo & Co <b>", "Contact made?", "data-broken", "disable-output-escaping",
	    "data-due=\"now\"", "<details", NULL },
	    /* a link to the menu on the rows with status action or waiting (not
	     * on "complete"); the one menu asked for is open */
	    { { "class=\"step\" href=", 5 }, { "&amp;menu=", 5 }, { "class=\"oc-menu\"", 1 },
	      { "action=\"/candidates/16/outcome\"", 0 }, { "name=\"next\"", 2 },
	      { "&amp;menu=16#", 0 } },
	    { { "id=\"menu-14\"", "action=\"/candidates/14/outcome\"", 1 },
	      { "id=\"menu-14\"", "value=\"declined\"", 1 },
	      { NULL, NULL, 0 } }, { NULL } },
	{ "candidates-en.xml", "candidates", 5, {
	    "<html lang=\"en\">", "<body data-page=\"candidates\">",
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons", "<h1>Candidates</h1>",
	    "Contact made?", "data-outcome=\"no_answer\"", "data-broken=\"site/branding.xsl\"",
	    "<code>site/branding.xsl:12</code>", "href=\"mailto:x@example.co.uk\"",
	    "<option value=\"name\" selected=\"selected\">Name (A–Z)</option>", "Referred by",
	    "<div class=\"flag flag-due\" data-due=\"now\">", "<strong>Due now</strong>",
	    "<legend>Unsuccessful</legend><button name=\"outcome\" value=\"left\">Has left</button>",
	    "<form class=\"lang\" method=\"post\" action=\"/language\">",
	    "<input type=\"hidden\" name=\"next\" value=\"/candidates?site=5&amp;sort=name&amp;status=action&amp;location=Leeds&amp;job=21\" />",
	    "<label class=\"sr-only\" for=\"lang-select\">Language</label>",
	    NULL },
	    { "<script>", "Contact gemaakt?", "data-flash", "Gelukt", NULL },
	    { { "class=\"oc-menu\"", 1 }, { "&amp;menu=", 3 }, { "action=\"/candidates/34/outcome\"", 0 },
	      { "<option value=\"en\" lang=\"en\" selected=\"selected\">", 1 }, { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "candidates-empty-nl.xml", "candidates", 0, {
	    "<body data-page=\"candidates\">", "Geen kandidaten gevonden met deze filters.",
	    "value=\"zzz\"", NULL },
	    { "<table", "f-site", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "archive-nl.xml", "archive", 3, {
	    "<body data-page=\"archive\">", "<h1>Gearchiveerde kandidaten</h1>",
	    "data-status=\"archived\"", "data-color=\"red\"", "data-outcome=\"no_show\"",
	    "href=\"/archive\" data-menu=\"archive\" aria-current=\"page\"", "Gearchiveerd", NULL },
	    { "f-status", "aria-current=\"page\">Kandidaten", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "archive-en.xml", "archive", 2, {
	    "<body data-page=\"archive\">", "<h1>Archived candidates</h1>",
	    "51–62 of 62", "href=\"/archive?sort=eoi&amp;stage=contact&amp;page=2\"",
	    "data-outcome=\"left\"", NULL },
	    { "rel=\"next\"", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "candidate-en.xml", "candidate", 1, {
	    "<html lang=\"en\">", "<body data-page=\"candidate\">",
	    "<title>Olivia &lt;i&gt;Brown&lt;/i&gt; – Candidate – Refportal</title>",
	    "<h1>Olivia &lt;i&gt;Brown&lt;/i&gt;</h1>",
	    "<div class=\"flash flash-ok\" data-flash=\"ok\" role=\"status\"><p>Outcome saved for Olivia &lt;i&gt;Brown&lt;/i&gt;.</p></div>",
	    "<a href=\"/referrers/12\" data-referrer-id=\"12\">Amy &amp; Tom</a>",
	    "href=\"tel:07700900123\"", "href=\"mailto:olivia@example.co.uk\"",
	    "data-milestone=\"interview\" data-state=\"current\" data-color=\"orange\" data-outcome=\"rescheduled\" aria-current=\"step\"",
	    "<form class=\"oc-form\" method=\"post\" action=\"/candidates/32/outcome\"><input type=\"hidden\" name=\"milestone\" value=\"interview\" /><input type=\"hidden\" name=\"version\" value=\"5\" /><input type=\"hidden\" name=\"csrf\" value=\"t0k3n-abc_123\" />",
	    "<label for=\"oc-date\">Date of the outcome</label><input type=\"date\" id=\"oc-date\" name=\"date\" value=\"2026-11-25\" max=\"2026-11-25\"",
	    "min=\"2026-11-20\"", "<label for=\"oc-note\">Note (optional)</label><textarea id=\"oc-note\" name=\"note\"",
	    "<form class=\"undo\" method=\"post\" action=\"/candidates/32/undo\"><input type=\"hidden\" name=\"version\" value=\"5\" /><input type=\"hidden\" name=\"csrf\" value=\"t0k3n-abc_123\" />",
	    "<span class=\"sr-only\">Undo: Rescheduled</span>",
	    "<legend>Unsuccessful</legend>",
	    "Rang twice &lt;script&gt;alert(1)&lt;/script&gt; &amp; left a message",
	    "<s>Interview completed? – ", "(undone later)", "Earns the referrer 10 points" },
	    { "<script>", "<i>Brown", "Contact gemaakt?", "data-due", "Ongedaan", NULL },
	    { { "action=\"/candidates/32/undo\"", 1 }, { "name=\"outcome\"", 4 },
	      { "class=\"oc-form\"", 1 }, { "data-milestone=", 6 }, { "data-undone=\"1\"", 1 },
	      { NULL, 0 } },
	    { { "data-milestone=\"interview\"", "/undo\"", 1 },
	      { "data-milestone=\"interview\"", "value=\"no_show\"", 1 },
	      { "data-milestone=\"contact\"", "/undo\"", 0 },
	      { "data-milestone=\"contact\"", "name=\"outcome\"", 0 },
	      { "data-milestone=\"offer\"", "name=\"outcome\"", 0 },
	      { "data-event-id=\"103\"", "data-undone=\"1\"", 1 },
	      { "data-event-id=\"105\"", "data-undone", 0 },
	      { NULL, NULL, 0 } },
	    /* history newest first */
	    { "data-event-id=\"105\"", "data-event-id=\"104\"", "data-event-id=\"103\"",
	      "data-event-id=\"102\"", "data-event-id=\"101\"", NULL } },
	{ "candidate-nl.xml", "candidate", 1, {
	    "<html lang=\"nl\">", "<h1>Fatima el Amrani</h1>",
	    "<div class=\"flash flash-error\" data-flash=\"error\" role=\"alert\"><p>Iemand anders heeft deze kandidaat net gewijzigd.",
	    "action=\"/portal/candidates/14/outcome\"", "action=\"/portal/candidates/14/undo\"",
	    "href=\"/portal/referrers/4\"", "<span class=\"sr-only\">Ongedaan maken: Nog geen gehoor</span>",
	    "<legend>Gelukt</legend>", "<legend>Meer informatie nodig</legend>", "<legend>Niet gelukt</legend>",
	    "Datum van de uitkomst", "Notitie (niet verplicht)", "(later ongedaan gemaakt)",
	    "<strong>Uitkomst ongedaan gemaakt</strong>", "data-overdue=\"1\"",
	    "<form class=\"lang\" method=\"post\" action=\"/portal/language\">",
	    "<input type=\"hidden\" name=\"next\" value=\"/candidates/14\" />",
	    "<link rel=\"stylesheet\" href=\"/portal/static/refportal.css\" />", NULL },
	    { "Contact made?", "Undo:", "Outcome set", "href=\"/referrers", "href=\"/candidates", NULL },
	    { { "name=\"outcome\"", 5 }, { "/undo\"", 1 }, { "<h3", 6 }, { NULL, 0 } },
	    { { "data-milestone=\"contact\"", "/undo\"", 1 },
	      { "data-milestone=\"contact\"", "value=\"contact_made\"", 1 },
	      { "data-milestone=\"interview_booked\"", "<form", 0 },
	      { "data-event-id=\"31\"", "<s>", 1 },
	      { "data-event-id=\"33\"", "Twee keer gebeld", 1 },
	      { NULL, NULL, 0 } },
	    { "data-event-id=\"33\"", "data-event-id=\"32\"", "data-event-id=\"31\"", NULL } },
	{ "candidate-archived-nl.xml", "candidate", 1, {
	    "data-status=\"archived\"", "<span class=\"status status-archived\">Gearchiveerd</span>",
	    "data-milestone=\"interview\" data-state=\"failed\" data-color=\"red\" data-outcome=\"no_show\"",
	    "Kees van der Berg is naar het archief verplaatst. Joop Jansen krijgt hiervan bericht.",
	    "<dd>Geen aanbrenger</dd>", "<span class=\"sr-only\">Ongedaan maken: Niet verschenen</span>",
	    "action=\"/candidates/21/undo\"", "href=\"mailto:kees@example.nl\"", NULL },
	    { "name=\"outcome\"", "class=\"oc-form\"", "/referrers/", "href=\"tel:", "aria-current=\"step\"", NULL },
	    { { "/undo\"", 1 }, { "data-color=\"red\"", 1 }, { NULL, 0 } },
	    { { "data-milestone=\"interview\"", "/undo\"", 1 },
	      { "data-milestone=\"interview_booked\"", "/undo\"", 0 },
	      { NULL, NULL, 0 } }, { NULL } },
	{ "candidate-due-en.xml", "candidate", 1, {
	    "<div class=\"flash flash-error\" data-flash=\"error\" role=\"alert\"><p>Not due until 25 Feb 2027.</p></div>",
	    "<div class=\"due\" data-due=\"2027-02-25\">Due on <time datetime=\"2027-02-25\">25 Feb 2027</time></div>",
	    "data-milestone=\"still_working\" data-state=\"current\" aria-current=\"step\"",
	    "<span class=\"sr-only\">Undo: Started work</span>", "action=\"/candidates/40/undo\"",
	    "<button name=\"outcome\" value=\"still_working\">Still working</button>",
	    "min=\"2026-09-01\"", "Current step, no outcome yet", NULL },
	    { "Due now", "data-due=\"now\"", NULL },
	    { { "name=\"outcome\"", 3 }, { "/undo\"", 1 }, { "data-due=", 1 }, { NULL, 0 } },
	    { { "data-milestone=\"started\"", "/undo\"", 1 },
	      { "data-milestone=\"started\"", "name=\"outcome\"", 0 },
	      { "data-milestone=\"still_working\"", "name=\"outcome\"", 1 },
	      { "data-milestone=\"still_working\"", "data-due=\"2027-02-25\"", 1 },
	      { "data-milestone=\"still_working\"", "/undo\"", 0 },
	      { NULL, NULL, 0 } },
	    { "data-event-id=\"55\"", "data-event-id=\"54\"", "data-event-id=\"51\"", NULL } },
	{ "referrer-nl.xml", "referrer", 3, {
	    "<body data-page=\"referrer\">", "<title>Joop Jansen – Aanbrenger – Refportal</title>",
	    "<h1>Joop Jansen</h1>", "<p class=\"points-total\" data-points=\"35\">35 punten</p>",
	    "href=\"mailto:joop@example.nl\"", "href=\"tel:0612345678\"",
	    "href=\"/referrers\" data-menu=\"referrers\" aria-current=\"page\"",
	    "<a class=\"name\" href=\"/candidates/14\">Fatima el Amrani</a>",
	    "<li data-milestone=\"interview\" data-color=\"orange\" data-outcome=\"rescheduled\"></li>",
	    "<h2 id=\"ref-ledger-h\">Puntenoverzicht</h2>", "Toekenning", "Terugboeking",
	    "<span class=\"pts pts-plus\">+10</span>", "<span class=\"pts pts-minus\">-10</span>",
	    "Kerstbonus &lt;2026&gt; &amp; dank", "Interview voltooid?", NULL },
	    { "<2026>", "Award", "name=\"outcome\"", "<details", NULL },
	    { { "data-points=", 1 }, { "data-entry-id=", 4 }, { NULL, 0 } },
	    { { "data-entry-id=\"12\"", "Geen", 1 }, { NULL, NULL, 0 } },
	    { "data-entry-id=\"9\"", "data-entry-id=\"10\"", "data-entry-id=\"12\"", NULL } },
	{ "referrer-en.xml", "referrer", 2, {
	    "<h1>Amy &amp; Tom &lt;script&gt;x&lt;/script&gt;</h1>",
	    "<p class=\"points-total\" data-points=\"100\">100 points</p>",
	    "<a class=\"name\" href=\"/portal/candidates/34\">Grace &lt;b&gt;Evans&lt;/b&gt;</a>",
	    "Award", "Reversal", "Still working after 3 months?", "<dd>Not given</dd>",
	    "<span class=\"pts pts-plus\">+50</span>", NULL },
	    { "<script>", "<b>Evans", "href=\"tel:", "Toekenning", NULL },
	    { { "data-points=", 1 }, { "data-entry-id=", 5 }, { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "login-nl.xml", "login", 0, {
	    "<body data-page=\"login\">", "<h1>Inloggen</h1>",
	    "Het e-mailadres of het wachtwoord is onjuist.",
	    "action=\"/login\"", "name=\"csrf\" value=\"t0k3n-abc_123\"",
	    "name=\"next\" value=\"/candidates?sort=name\"", "value=\"planner@delinde.test\"",
	    "<label for=\"login-password\">Wachtwoord</label>", NULL },
	    { "<nav", "/logout", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "login-en.xml", "login", 0, {
	    "<body data-page=\"login\">", "<h1>Sign in</h1>", "data-flash=\"ok\"",
	    "You have been signed out.", NULL },
	    { "form-error", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "error-nl.xml", "error", 0, {
	    "<body data-page=\"error\">", "<h1>Pagina niet gevonden</h1>", "Foutcode 404",
	    "Kandidaat 999 &lt;bestaat&gt; niet", "action=\"/logout\"", NULL },
	    { "<bestaat>", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
	{ "error-en.xml", "error", 0, {
	    "<body data-page=\"error\">", "<h1>The data you sent is too large</h1>",
	    "Error code 413", "href=\"/login\"", NULL },
	    { "<nav", NULL }, { { NULL, 0 } }, { { NULL, NULL, 0 } }, { NULL } },
};

/* The element at w->at, up to its first "</li>" or "</tr>", does (not)
 * hold w->needle. */
static void
check_within(const char *file, const char *html, const struct within *w)
{
	const char	*start, *end, *tr, *hit;

	start = strstr(html, w->at);
	ck_assert_msg(start != NULL, "%s: no %s", file, w->at);
	end = strstr(start, "</li>");
	if ((tr = strstr(start, "</tr>")) != NULL && (end == NULL || tr < end))
		end = tr;
	ck_assert_msg(end != NULL, "%s: %s has no end", file, w->at);
	hit = strstr(start, w->needle);
	if (w->in)
		ck_assert_msg(hit != NULL && hit < end, "%s: %s not inside %s",
		    file, w->needle, w->at);
	else
		ck_assert_msg(hit == NULL || hit >= end, "%s: %s inside %s",
		    file, w->needle, w->at);
}

START_TEST(test_fixture)
{
	const struct fixture_case	*c = &cases[_i];
	struct render			*r;
	struct buf			 out = { NULL, 0, 0 };
	char				 err[512];
	const char			*p, *q;
	size_t				 i;

	r = render_new(xslt_dir);
	ck_assert_msg(render_fixture(r, c->page, c->file, &out, err, sizeof(err)) == 0,
	    "%s: %s", c->file, err);
	ck_assert_ptr_nonnull(out.data);
	ck_assert_ptr_null(render_broken(r, c->page));
	for (i = 0; i < 20 && c->has[i] != NULL; i++)
		ck_assert_msg(strstr(out.data, c->has[i]) != NULL,
		    "%s: missing %s", c->file, c->has[i]);
	for (i = 0; i < 8 && c->hasnot[i] != NULL; i++)
		ck_assert_msg(strstr(out.data, c->hasnot[i]) == NULL,
		    "%s: unexpected %s", c->file, c->hasnot[i]);
	for (i = 0; i < 6 && c->counts[i].needle != NULL; i++)
		ck_assert_msg(count(out.data, c->counts[i].needle) == c->counts[i].n,
		    "%s: %s %zu times, not %zu", c->file, c->counts[i].needle,
		    count(out.data, c->counts[i].needle), c->counts[i].n);
	for (i = 0; i < 8 && c->within[i].at != NULL; i++)
		check_within(c->file, out.data, &c->within[i]);
	for (i = 0, p = out.data; i < 6 && c->order[i] != NULL; i++) {
		q = strstr(p, c->order[i]);
		ck_assert_msg(q != NULL, "%s: %s missing or out of order",
		    c->file, c->order[i]);
		p = q + strlen(c->order[i]);
	}
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

/* A worker compiles every page up front: all of them compile, and the
 * shared parts (layout, params, l10n) are not taken for pages. */
START_TEST(test_prepare_all)
{
	struct render	*r;
	struct dirent	*de;
	DIR		*d;
	char		 core[PATH_MAX + 8];
	int		 pages = 0;
	size_t		 len;

	snprintf(core, sizeof(core), "%s/core", xslt_dir);
	ck_assert_ptr_nonnull(d = opendir(core));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".xsl") == 0 &&
		    strcmp(de->d_name, "layout.xsl") != 0 &&
		    strcmp(de->d_name, "params.xsl") != 0 &&
		    strcmp(de->d_name, "l10n.xsl") != 0)
			pages++;
	}
	closedir(d);
	ck_assert_int_gt(pages, 10);
	r = render_new(xslt_dir);
	ck_assert_int_eq(render_prepare_all(r), pages);
	ck_assert_ptr_null(render_broken(r, "candidates"));
	ck_assert_ptr_null(render_broken(r, "layout"));
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

/* In file dir/rel, overwrite the bytes at offset at of the first find
 * with those of with (as many as it has), and give it a new mtime. */
static void
edit_file(const char *dir, const char *rel, const char *find, size_t at,
    const char *with)
{
	char	 path[PATH_MAX];
	char	*s, *p;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	s = read_file(path);
	p = strstr(s, find);
	ck_assert_msg(p != NULL, "%s: no %s", rel, find);
	memcpy(p + at, with, strlen(with));
	write_file(path, s);
	free(s);
}

/* An edit to any imported file, however deep, is picked up. */
START_TEST(test_changed_import)
{
	struct render	*r;
	struct buf	 out = { NULL, 0, 0 };
	char		 tmp[256], err[512];

	copy_tree(tmp, sizeof(tmp));
	r = render_new(tmp);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "Refportal") != NULL);

	/* core/params.xsl: imported by layout.xsl, imported by candidates.xsl. */
	edit_file(tmp, "core/params.xsl", "select=\"'Refportal'\"", 9, "Zorgportl");
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert_msg(strstr(out.data, "<span class=\"product\">Zorgportl</span>") != NULL, "not reloaded");

	/* core/com/date.xsl, a component two levels down. */
	/* Dates now written as they come. */
	edit_file(tmp, "core/com/date.xsl", "$d != ''", 0, "$d = '~'");
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert_msg(strstr(out.data, "Aan de beurt op 2027-02-25") != NULL, "not reloaded");

	/* The catalogue is read per transform: a new string shows at once. */
	edit_file(tmp, "core/l10n/nl.xml", ">Kandidaten<", 1, "KANDIDATEN");
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "KANDIDATEN") != NULL);

	buf_free(&out);
	render_free(r);
	rm_tree(tmp);
}
END_TEST

/*
 * Within a request (render_request()), a stylesheet's files are looked
 * at once: an edit after that shows from the next request on.  Without
 * render_request() calls, on every render.
 */
START_TEST(test_checked_once_per_request)
{
	struct render	*r;
	struct buf	 out = { NULL, 0, 0 };
	char		 tmp[256], path[PATH_MAX], err[512];

	copy_tree(tmp, sizeof(tmp));
	r = render_new(tmp);
	render_request(r);
	ck_assert_ptr_null(render_broken(r, "candidates"));

	/* An edit between the request's look (render_broken) and its
	 * render: this request still has the version it looked at. */
	edit_file(tmp, "core/params.xsl", "select=\"'Refportal'\"", 9, "Zorgportl");
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "<span class=\"product\">Refportal</span>") != NULL);

	/* The next request sees it. */
	render_request(r);
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert_msg(strstr(out.data, "<span class=\"product\">Zorgportl</span>") != NULL, "not reloaded");

	/* A broken edit: the request that looks first reports it, and
	 * renders the last good version. */
	render_request(r);
	snprintf(path, sizeof(path), "%s/core/params.xsl", tmp);
	write_file(path, "<oops");
	ck_assert_ptr_nonnull(render_broken(r, "candidates"));
	buf_free(&out);
	ck_assert_int_eq(render_fixture(r, "candidates", "candidates-nl.xml", &out, err, sizeof(err)), 0);
	ck_assert(strstr(out.data, "Zorgportl") != NULL);

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

/* rp:fill() over <page a="z" b="y"/>: want, or NULL when the transform
 * must fail (a wrong count or kind of arguments). */
static const struct fill_case {
	const char	*expr;
	const char	*want;
} fills[] = {
	{ "rp:fill('{from}-{to} of {total}', 'from', 1, 'to', 50, 'total', 123)", "1-50 of 123" },
	{ "rp:fill('plain')", "plain" },
	{ "rp:fill('{a} {b} {c}', 'a', 'x', /page/@*)", "x y {c}" },	/* pairs before vars */
	{ "rp:fill('{b}', /page/@*)", "y" },
	{ "rp:fill('{b}', /page/@nothing)", "{b}" },			/* empty vars */
	{ "rp:fill('{n} &lt;', 'n', '1&amp;2')", "1&amp;2 &lt;" },	/* escaped when written */
	{ "rp:fill(rp:t('pager.page'), 'n', 3)", "Page 3" },
	{ "rp:fill('{x}', 'x')", NULL },				/* vars not a node-set */
	{ "rp:fill()", NULL },
};

START_TEST(test_fill)
{
	const struct fill_case	*c = &fills[_i];
	const char		*page = "<page lang=\"en\" a=\"z\" b=\"y\"/>";
	struct render		*r;
	struct buf		 out = { NULL, 0, 0 };
	char			 tmp[256], path[PATH_MAX], err[512], *x, *want;
	xmlDocPtr		 doc;
	int			 rc;

	copy_tree(tmp, sizeof(tmp));
	snprintf(path, sizeof(path), "%s/core/fill.xsl", tmp);
	x = xasprintf(
	    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	    "    xmlns:rp=\"urn:refportal\" exclude-result-prefixes=\"rp\">\n"
	    "  <xsl:output method=\"xml\" omit-xml-declaration=\"yes\"/>\n"
	    "  <xsl:template match=\"/\"><out><xsl:value-of select=\"%s\"/></out></xsl:template>\n"
	    "</xsl:stylesheet>\n", c->expr);
	write_file(path, x);
	free(x);
	r = render_new(tmp);
	doc = xmlReadMemory(page, (int)strlen(page), NULL, NULL, 0);
	ck_assert_ptr_nonnull(doc);
	rc = render_apply(r, "fill", doc, NULL, &out, err, sizeof(err));
	if (c->want == NULL)
		ck_assert_int_eq(rc, -1);
	else {
		ck_assert_msg(rc == 0, "%s: %s", c->expr, err);
		want = xasprintf("<out>%s</out>", c->want);
		ck_assert_msg(strstr(out.data, want) != NULL, "%s: %s", c->expr, out.data);
		free(want);
	}
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
	tcase_add_loop_test(tc, test_fixture, 0, NCASES(cases));
	tcase_add_test(tc, test_cached);
	tcase_add_test(tc, test_prepare_all);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_broken_edit);
	tcase_add_test(tc, test_changed_import);
	tcase_add_test(tc, test_checked_once_per_request);
	tcase_add_test(tc, test_security);
	tcase_add_test(tc, test_xml_helpers);
	tcase_add_loop_test(tc, test_fill, 0, NCASES(fills));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	find_dirs();
	return unit_run(render_suite());
}
