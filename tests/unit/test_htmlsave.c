/* test_htmlsave.c: table-driven tests of the HTML5 writer of result trees */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "htmlsave.h"
#include "util.h"
#include "unit.h"

#define DOCTYPE	"<!DOCTYPE html>\n"

/* Each case: a tree as XML (the result tree stands in for a transform's)
 * and what is written after the doctype line. */
static const struct {
	const char	*xml;
	const char	*want;
} cases[] = {
	/* void elements: no end tag; the rest always have one */
	{ "<p>a<br/>b</p>", "<p>a<br />b</p>" },
	{ "<head><meta charset='utf-8'/><link rel='x' href='y'/></head>",
	  "<head><meta charset=\"utf-8\" /><link rel=\"x\" href=\"y\" /></head>" },
	{ "<form><input type='hidden' name='n' value=''/></form>",
	  "<form><input type=\"hidden\" name=\"n\" value=\"\" /></form>" },
	{ "<td><a class='card-link' href='/c'/></td>", "<td><a class=\"card-link\" href=\"/c\"></a></td>" },
	{ "<ol><li data-milestone='contact'/><li/></ol>",
	  "<ol><li data-milestone=\"contact\"></li><li></li></ol>" },
	{ "<div/>", "<div></div>" },
	{ "<img src='a' alt=''/>", "<img src=\"a\" alt=\"\" />" },
	/* a void element given content keeps it (as the XHTML writer did) */
	{ "<input>x</input>", "<input>x</input>" },
	/* escaping: text & < >, values also ", tab, newline */
	{ "<p>a &amp; b &lt; c &gt; d \"e\" 'f'</p>", "<p>a &amp; b &lt; c &gt; d \"e\" 'f'</p>" },
	{ "<a title='&quot;&amp;&lt;&gt;&#9;&#10;&#13;x'>t</a>",
	  "<a title=\"&quot;&amp;&lt;&gt;&#9;&#10;&#13;x\">t</a>" },
	{ "<p>line&#13;&#10;next\tx</p>", "<p>line&#13;\nnext\tx</p>" },
	{ "<p title=\"O'Brien\">O'Brien</p>", "<p title=\"O'Brien\">O'Brien</p>" },
	{ "<p><![CDATA[a<b&c]]></p>", "<p>a&lt;b&amp;c</p>" },
	/* UTF-8 as it is */
	{ "<p lang='nl'>\xc3\x89lise \xe2\x80\x93 \xe2\x82\xac 5</p>",
	  "<p lang=\"nl\">\xc3\x89lise \xe2\x80\x93 \xe2\x82\xac 5</p>" },
	/* script and style: raw text, but never their own end tag */
	{ "<script>if (a &lt; b &amp;&amp; c) {}</script>", "<script>if (a < b && c) {}</script>" },
	{ "<style>a &gt; b {}</style>", "<style>a > b {}</style>" },
	{ "<script>s = \"&lt;/script>&lt;b>\"; t = \"&lt;/SCRIPT \" + \"&lt;/p>\"</script>",
	  "<script>s = \"<\\/script><b>\"; t = \"<\\/SCRIPT \" + \"</p>\"</script>" },
	{ "<style>a::after { content: \"&lt;/style>\" }</style>",
	  "<style>a::after { content: \"<\\/style>\" }</style>" },
	/* ... an svg script is not raw: an HTML parser reads its < as a tag */
	{ "<svg xmlns='http://www.w3.org/2000/svg'><script>a &lt; b</script></svg>",
	  "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>a &lt; b</script></svg>" },
	/* namespaces: the ones an element declares, prefixes kept */
	{ "<div><svg xmlns='http://www.w3.org/2000/svg' class='s'><path d='M0 0'/></svg></div>",
	  "<div><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"s\"><path d=\"M0 0\"></path></svg></div>" },
	{ "<html xmlns='http://www.w3.org/1999/xhtml' lang='en'><body><br/></body></html>",
	  "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><body><br /></body></html>" },
	{ "<p xml:lang='nl' lang='nl'>x</p>", "<p xml:lang=\"nl\" lang=\"nl\">x</p>" },
	{ "<x:a xmlns:x='urn:x' x:b='c'/>", "<x:a xmlns:x=\"urn:x\" x:b=\"c\"></x:a>" },
	/* svg's own empty elements are not void: an end tag */
	{ "<svg xmlns='http://www.w3.org/2000/svg'><br/></svg>",
	  "<svg xmlns=\"http://www.w3.org/2000/svg\"><br></br></svg>" },
	/* comments kept, processing instructions and DTDs dropped */
	{ "<p><!-- note --></p>", "<p><!-- note --></p>" },
	{ "<p><?pi data?>x</p>", "<p>x</p>" },
	{ "<!DOCTYPE p [<!ELEMENT p ANY>]><p>x</p>", "<p>x</p>" },
	{ "<?pi before?><p/><!--after-->", "<p></p><!--after-->" },
};

START_TEST(test_save)
{
	xmlDocPtr	 doc;
	struct buf	 b = { NULL, 0, 0 };

	doc = xmlReadMemory(cases[_i].xml, (int)strlen(cases[_i].xml), NULL,
	    "UTF-8", XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "case %d does not parse", _i);
	htmlsave_doc(doc, &b);
	ck_assert_msg(b.len >= strlen(DOCTYPE) &&
	    strncmp(b.data, DOCTYPE, strlen(DOCTYPE)) == 0,
	    "case %d: no doctype line", _i);
	ck_assert_msg(strcmp(b.data + strlen(DOCTYPE), cases[_i].want) == 0,
	    "case %d: got \"%s\", want \"%s\"", _i, b.data + strlen(DOCTYPE),
	    cases[_i].want);
	buf_free(&b);
	xmlFreeDoc(doc);
}
END_TEST

/* What the parser never makes but a transform can: text not to be
 * escaped (disable-output-escaping), an entity reference, a fragment. */
START_TEST(test_made_nodes)
{
	xmlDocPtr	 doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 root, t, frag;
	struct buf	 b = { NULL, 0, 0 };

	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL);
	xmlDocSetRootElement(doc, root);
	t = xmlNewDocText(doc, (const xmlChar *)"<b>raw</b>");
	t->name = xmlStringTextNoenc;
	xmlAddChild(root, t);
	xmlAddChild(root, xmlNewReference(doc, (const xmlChar *)"&nbsp;"));
	frag = xmlNewDocFragment(doc);
	xmlAddChild(frag, xmlNewDocText(doc, (const xmlChar *)"a<b"));
	xmlAddChild(root, frag);
	htmlsave_doc(doc, &b);
	ck_assert_str_eq(b.data, DOCTYPE "<p><b>raw</b>&nbsp;a&lt;b</p>");
	buf_free(&b);
	xmlFreeDoc(doc);
}
END_TEST

/* Every void element of HTML5, empty: no end tag. */
static const char *const voids[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "source", "track", "wbr",
};

START_TEST(test_void)
{
	char		 xml[64], want[96];
	xmlDocPtr	 doc;
	struct buf	 b = { NULL, 0, 0 };

	snprintf(xml, sizeof(xml), "<p><%s a='1'/></p>", voids[_i]);
	snprintf(want, sizeof(want), DOCTYPE "<p><%s a=\"1\" /></p>", voids[_i]);
	doc = xmlReadMemory(xml, (int)strlen(xml), NULL, "UTF-8", XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	htmlsave_doc(doc, &b);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
	xmlFreeDoc(doc);
}
END_TEST

/* A comment cannot end early or turn into something else. */
static const struct {
	const char	*text;
	const char	*want;
} comments[] = {
	{ "plain", "<!--plain-->" },
	{ "", "<!---->" },
	{ "a--b", "<!--a- -b-->" },
	{ "x -->y", "<!--x - ->y-->" },
	{ "--!>", "<!--- -!>-->" },
	{ ">a", "<!-- >a-->" },
	{ "->a", "<!-- ->a-->" },
	{ "ends-", "<!--ends- -->" },
};

START_TEST(test_comment)
{
	xmlDocPtr	 doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 root;
	struct buf	 b = { NULL, 0, 0 };
	char		 want[96];

	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL);
	xmlDocSetRootElement(doc, root);
	xmlAddChild(root, xmlNewDocComment(doc, (const xmlChar *)comments[_i].text));
	htmlsave_doc(doc, &b);
	snprintf(want, sizeof(want), DOCTYPE "<p>%s</p>", comments[_i].want);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
	xmlFreeDoc(doc);
}
END_TEST

/* An empty document: the doctype line alone; out is appended to. */
START_TEST(test_empty_and_append)
{
	xmlDocPtr	 doc = xmlNewDoc((const xmlChar *)"1.0");
	struct buf	 b = { NULL, 0, 0 };

	buf_puts(&b, "before:");
	htmlsave_doc(doc, &b);
	ck_assert_str_eq(b.data, "before:" DOCTYPE);
	buf_free(&b);
	xmlFreeDoc(doc);
}
END_TEST


int
main(void)
{
	Suite	*s = suite_create("htmlsave");
	TCase	*tc = tcase_create("save");

	tcase_add_loop_test(tc, test_save, 0, NCASES(cases));
	tcase_add_test(tc, test_made_nodes);
	tcase_add_loop_test(tc, test_void, 0, NCASES(voids));
	tcase_add_loop_test(tc, test_comment, 0, NCASES(comments));
	tcase_add_test(tc, test_empty_and_append);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
