/* fuzz_htmlsave.c: libFuzzer harness for the HTML5 writer of result trees */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "htmlsave.h"
#include "util.h"

#define DOCTYPE	"<!DOCTYPE html>\n"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 1 if the tree under n has a script or style element, or an entity
 * reference (written as it is: the output need not be XML then). */
static int
has_raw(const xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE)
			return 1;
		if (n->type == XML_ELEMENT_NODE &&
		    (xmlStrEqual(n->name, (const xmlChar *)"script") ||
		    xmlStrEqual(n->name, (const xmlChar *)"style") ||
		    has_raw(n->children)))
			return 1;
	}
	return 0;
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * Any well-formed document: its HTML starts with the doctype line and,
 * unless it has raw text, is well-formed XML again, with the same
 * text in its root element (so nothing was lost or escaped twice).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr	 doc, again;
	xmlChar		*t1, *t2;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 skip = strlen(DOCTYPE);

	xmlSetGenericErrorFunc(NULL, quiet);
	doc = xmlReadMemory((const char *)data, (int)size, NULL, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return 0;
	htmlsave_doc(doc, &b);
	if (b.len < skip || memcmp(b.data, DOCTYPE, skip) != 0)
		__builtin_trap();
	if (xmlDocGetRootElement(doc) != NULL && !has_raw(doc->children) &&
	    doc->intSubset == NULL) {
		again = xmlReadMemory(b.data + skip, (int)(b.len - skip), NULL,
		    "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING);
		if (again == NULL)
			__builtin_trap();
		t1 = xmlNodeGetContent(xmlDocGetRootElement(doc));
		t2 = xmlNodeGetContent(xmlDocGetRootElement(again));
		if (t1 == NULL || t2 == NULL || strcmp((char *)t1, (char *)t2) != 0)
			__builtin_trap();
		xmlFree(t1);
		xmlFree(t2);
		xmlFreeDoc(again);
	}
	buf_free(&b);
	xmlFreeDoc(doc);
	return 0;
}
