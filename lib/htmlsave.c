/* htmlsave.c: a transform's result tree written as HTML5 */
#include "config.h"

#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "htmlsave.h"
#include "util.h"

/*
 * What each byte of a text or an attribute value becomes: 0 itself,
 * else the index of its replacement.  A run of bytes that stay goes out
 * in one buf_append.
 */
enum {
	HS_KEEP, HS_AMP, HS_LT, HS_GT, HS_QUOT, HS_TAB, HS_LF, HS_CR
};

static const char *const hs_repl[] = {
	[HS_AMP] = "&amp;", [HS_LT] = "&lt;", [HS_GT] = "&gt;",
	[HS_QUOT] = "&quot;", [HS_TAB] = "&#9;", [HS_LF] = "&#10;",
	[HS_CR] = "&#13;",
};

/* Text: & < > and a carriage return (which a parser would drop). */
static const unsigned char hs_text[256] = {
	['&'] = HS_AMP, ['<'] = HS_LT, ['>'] = HS_GT, ['\r'] = HS_CR,
};

/* An attribute value in double quotes: the same, the quote, and tab and
 * newline kept as they are (as character references). */
static const unsigned char hs_attr[256] = {
	['&'] = HS_AMP, ['<'] = HS_LT, ['>'] = HS_GT, ['\r'] = HS_CR,
	['"'] = HS_QUOT, ['\t'] = HS_TAB, ['\n'] = HS_LF,
};

/* The void elements of HTML5: no end tag, written <br />. */
static const char *const hs_void[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "source", "track", "wbr",
};

/* The elements whose text HTML5 reads raw: written as it is. */
static const char *const hs_raw[] = { "script", "style" };

static int
hs_in(const xmlChar *name, const char *const *set, size_t n)
{
	size_t	 i;

	/* The first byte first: most names are in no set. */
	for (i = 0; i < n; i++)
		if (name[0] == (xmlChar)set[i][0] &&
		    strcmp((const char *)name, set[i]) == 0)
			return 1;
	return 0;
}

/* Append a string literal (its length known when compiling). */
#define HS_LIT(out, lit)	buf_append((out), (lit), sizeof(lit) - 1)

/* Append s escaped by table t. */
static void
hs_escape(struct buf *out, const xmlChar *s, const unsigned char *t)
{
	const xmlChar	*run = s;

	for (; *s != '\0'; s++)
		if (t[*s] != HS_KEEP) {
			buf_append(out, run, (size_t)(s - run));
			buf_puts(out, hs_repl[t[*s]]);
			run = s + 1;
		}
	buf_append(out, run, (size_t)(s - run));
}

/* prefix:name, or name. */
static void
hs_name(struct buf *out, const xmlNs *ns, const xmlChar *name)
{
	if (ns != NULL && ns->prefix != NULL) {
		buf_puts(out, (const char *)ns->prefix);
		HS_LIT(out, ":");
	}
	buf_puts(out, (const char *)name);
}

/*
 * Raw text of a script or style element: as it is, but that "</" before
 * the element's own name (which would end it early, whatever follows)
 * is written "<\/", which JavaScript and CSS read as "</".
 */
static void
hs_raw_text(struct buf *out, const xmlChar *s, const xmlChar *name)
{
	const xmlChar	*p, *run = s;
	size_t		 n = strlen((const char *)name);

	for (p = s; (p = (const xmlChar *)strstr((const char *)p, "</")) != NULL;
	    p += 2)
		if (xmlStrncasecmp(p + 2, name, (int)n) == 0) {
			buf_append(out, run, (size_t)(p - run) + 1);
			HS_LIT(out, "\\");
			run = p + 1;
		}
	buf_puts(out, (const char *)run);
}

/*
 * A comment's text, so that it cannot end the comment early or be read
 * as something else: "--" written "- -", a leading ">" or "->" and a
 * trailing "-" set apart by a space.
 */
static void
hs_comment(struct buf *out, const xmlChar *s)
{
	HS_LIT(out, "<!--");
	if (s[0] == '>' || (s[0] == '-' && s[1] == '>'))
		HS_LIT(out, " ");
	for (; *s != '\0'; s++) {
		buf_append(out, s, 1);
		if (s[0] == '-' && (s[1] == '-' || s[1] == '\0'))
			HS_LIT(out, " ");
	}
	HS_LIT(out, "-->");
}

static void hs_node(struct buf *, const xmlNode *, const xmlChar *raw);

static void
hs_children(struct buf *out, const xmlNode *n, const xmlChar *raw)
{
	for (n = n->children; n != NULL; n = n->next)
		hs_node(out, n, raw);
}

static void
hs_element(struct buf *out, const xmlNode *n)
{
	const xmlNs	*ns;
	const xmlAttr	*a;
	const xmlNode	*v;
	int		 html = n->ns == NULL || xmlStrEqual(n->ns->href,
			    (const xmlChar *)"http://www.w3.org/1999/xhtml");

	HS_LIT(out, "<");
	hs_name(out, n->ns, n->name);
	for (ns = n->nsDef; ns != NULL; ns = ns->next) {
		HS_LIT(out, " xmlns");
		if (ns->prefix != NULL) {
			HS_LIT(out, ":");
			buf_puts(out, (const char *)ns->prefix);
		}
		HS_LIT(out, "=\"");
		hs_escape(out, ns->href != NULL ? ns->href : (const xmlChar *)"",
		    hs_attr);
		HS_LIT(out, "\"");
	}
	for (a = n->properties; a != NULL; a = a->next) {
		HS_LIT(out, " ");
		hs_name(out, a->ns, a->name);
		HS_LIT(out, "=\"");
		for (v = a->children; v != NULL; v = v->next)
			if (v->content != NULL)
				hs_escape(out, v->content, hs_attr);
		HS_LIT(out, "\"");
	}
	if (html && n->children == NULL &&
	    hs_in(n->name, hs_void, sizeof(hs_void) / sizeof(hs_void[0]))) {
		HS_LIT(out, " />");
		return;
	}
	HS_LIT(out, ">");
	hs_children(out, n, html &&
	    hs_in(n->name, hs_raw, sizeof(hs_raw) / sizeof(hs_raw[0])) ?
	    n->name : NULL);
	HS_LIT(out, "</");
	hs_name(out, n->ns, n->name);
	HS_LIT(out, ">");
}

/* One node; raw: the name of the script or style element whose text it
 * is (written raw, see hs_raw_text), else NULL. */
static void
hs_node(struct buf *out, const xmlNode *n, const xmlChar *raw)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		hs_element(out, n);
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content == NULL)
			break;
		if (raw != NULL)
			hs_raw_text(out, n->content, raw);
		else if (n->name == xmlStringTextNoenc)
			/* disable-output-escaping: the stylesheet's words */
			buf_puts(out, (const char *)n->content);
		else
			hs_escape(out, n->content, hs_text);
		break;
	case XML_COMMENT_NODE:
		hs_comment(out, n->content != NULL ? n->content :
		    (const xmlChar *)"");
		break;
	case XML_ENTITY_REF_NODE:
		HS_LIT(out, "&");
		buf_puts(out, (const char *)n->name);
		HS_LIT(out, ";");
		break;
	case XML_DOCUMENT_FRAG_NODE:
		hs_children(out, n, raw);
		break;
	default:
		/* DTD, processing instructions and the like: not HTML. */
		break;
	}
}

void
htmlsave_doc(const xmlDoc *doc, struct buf *out)
{
	const xmlNode	*n;

	HS_LIT(out, "<!DOCTYPE html>\n");
	for (n = doc->children; n != NULL; n = n->next)
		hs_node(out, n, NULL);
}
