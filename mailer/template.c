/* template.c: an outbox payload through xslt/core/mail/KIND.xsl into subject, text and HTML */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "render.h"
#include "template.h"
#include "util.h"

/* The first child element of n called name, or NULL. */
static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

/* The text of n as a new string (never NULL). */
static char *
text_of(xmlNodePtr n)
{
	xmlChar	*c = n != NULL ? xmlNodeGetContent(n) : NULL;
	char	*s = xstrdup(c != NULL ? (const char *)c : "");

	xmlFree(c);
	return s;
}

/* Text lines are wrapped at spaces to at most this many characters. */
#define TEXT_WIDTH	72

/* Append one line of n bytes, wrapped at spaces to TEXT_WIDTH characters
 * (a longer word, such as a link, stays whole on its own line). */
static void
wrap_line(struct buf *b, const char *p, size_t n)
{
	size_t	 i, chars, brk;

	while (n > 0) {
		brk = 0;
		for (i = 0, chars = 0; i < n; i++) {
			if (((unsigned char)p[i] & 0xc0) != 0x80)
				chars++;
			if (p[i] == ' ' && (chars <= TEXT_WIDTH + 1 || brk == 0))
				brk = i;
			if (chars > TEXT_WIDTH && brk != 0)
				break;
		}
		if (i == n || brk == 0) {
			buf_append(b, p, n);
			buf_puts(b, "\n");
			return;
		}
		buf_append(b, p, brk);
		buf_puts(b, "\n");
		p += brk + 1;
		n -= brk + 1;
	}
}

/* Text without trailing spaces on its lines and with at most one blank
 * line in a row, wrapped, ending in one newline. */
static char *
text_tidy(const char *in)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = in, *eol;
	size_t		 n;
	int		 blank = 1;

	while (*p != '\0') {
		eol = p + strcspn(p, "\n");
		n = (size_t)(eol - p);
		/* "-- " is the signature separator: its space stays. */
		if (!(n == 3 && strncmp(p, "-- ", 3) == 0))
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			    p[n - 1] == '\r'))
				n--;
		if (n == 0) {
			if (!blank)
				buf_puts(&b, "\n");
			blank = 1;
		} else {
			wrap_line(&b, p, n);
			blank = 0;
		}
		p = *eol == '\n' ? eol + 1 : eol;
	}
	while (b.len > 1 && b.data[b.len - 1] == '\n' && b.data[b.len - 2] == '\n')
		b.data[--b.len] = '\0';
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

/* The <html> element serialised as HTML, with a doctype. */
static char *
html_of(xmlDocPtr doc, xmlNodePtr html)
{
	xmlOutputBufferPtr	 ob;
	struct buf		 b = { NULL, 0, 0 };
	const xmlChar		*c;
	size_t			 n;

	/* With an encoding, libxml2 writes UTF-8 as it is rather than as
	 * character references. */
	if (doc->encoding == NULL)
		doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	if ((ob = xmlAllocOutputBuffer(NULL)) == NULL)
		log_die("xmlAllocOutputBuffer");
	htmlNodeDumpFormatOutput(ob, doc, html, "UTF-8", 0);
	xmlOutputBufferFlush(ob);
	c = xmlOutputBufferGetContent(ob);
	n = xmlOutputBufferGetSize(ob);
	buf_puts(&b, "<!DOCTYPE html>\n");
	buf_append(&b, c, n);
	buf_puts(&b, "\n");
	xmlOutputBufferClose(ob);
	return b.data;
}

enum tmpl_rc
tmpl_render(struct render *r, const struct tmpl_in *in, struct tmpl_out *out,
    char *err, size_t errsz)
{
	xmlDocPtr	 doc = NULL, res = NULL;
	xmlNodePtr	 root, msg, body, html;
	struct buf	 b = { NULL, 0, 0 };
	char		 name[80], e[512];
	const char	*k;
	enum tmpl_rc	 rc = TMPL_PERM;

	memset(out, 0, sizeof(*out));
	for (k = in->kind; *k != '\0'; k++)
		if (!((*k >= 'a' && *k <= 'z') || *k == '_'))
			break;
	if (*in->kind == '\0' || *k != '\0' || strlen(in->kind) > 40) {
		snprintf(err, errsz, "bad kind");
		return TMPL_PERM;
	}
	doc = xmlReadMemory(in->payload, (int)strlen(in->payload), "payload.xml",
	    "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    strcmp((const char *)root->name, "mail") != 0) {
		snprintf(err, errsz, "payload is not a <mail> document");
		goto out;
	}
	xml_attr(root, "lang", strcmp(in->lang, "nl") == 0 ? "nl" : "en");
	xml_attr(root, "url", in->url);
	xml_attr(root, "to-name", in->to_name != NULL ? in->to_name : "");

	snprintf(name, sizeof(name), "mail/%s", in->kind);
	if (render_apply(r, name, doc, NULL, &b, e, sizeof(e)) == -1) {
		snprintf(err, errsz, "template %s: %s", name, e);
		rc = TMPL_TEMP;
		goto out;
	}
	res = xmlReadMemory(b.data, (int)b.len, "message.xml", "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (res == NULL || (msg = xmlDocGetRootElement(res)) == NULL ||
	    strcmp((const char *)msg->name, "message") != 0 ||
	    (body = child(msg, "body")) == NULL ||
	    (html = child(body, "html")) == NULL) {
		snprintf(err, errsz, "template %s: no <message> with <body><html>", name);
		rc = TMPL_TEMP;
		goto out;
	}
	out->subject = text_of(child(msg, "subject"));
	{
		char *t = text_of(child(msg, "text"));

		out->text = text_tidy(t);
		free(t);
	}
	out->html = html_of(res, html);
	rc = TMPL_OK;
out:
	buf_free(&b);
	if (res != NULL)
		xmlFreeDoc(res);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return rc;
}

void
tmpl_clear(struct tmpl_out *o)
{
	free(o->subject);
	free(o->text);
	free(o->html);
	memset(o, 0, sizeof(*o));
}
