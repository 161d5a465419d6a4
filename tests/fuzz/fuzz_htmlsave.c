/* fuzz_htmlsave.c: libFuzzer harness for the HTML5 writer of result trees */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "htmlsave.h"
#include "util.h"

#define DOCTYPE	"<!DOCTYPE html>\n"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 1 if the tree under n has a script or style element or an entity
 * reference (written as they are: the output need not be XML then), or
 * a processing instruction (dropped). */
static int
has_raw(const xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_PI_NODE)
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

/* The canonical form of doc, or NULL.  Without comments: the writer
 * sets a comment's dashes and a leading ">" apart on purpose (see
 * test_htmlsave's comment cases). */
static xmlChar *
canon(xmlDocPtr doc)
{
	xmlChar	*out = NULL;

	if (xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 0, &out) < 0)
		return NULL;
	return out;
}

/*
 * Any well-formed document: its HTML starts with the doctype line and,
 * unless it has a DTD, raw text or a processing instruction, is
 * well-formed XML with well-formed namespaces again, the same document
 * in canonical form: every element, attribute value, namespace and
 * text came through, none escaped twice.
 */
/* Parse len bytes at p; *nsok: well-formed namespaces too.  NULL if the
 * bytes are not well-formed XML. */
static xmlDocPtr
parse(const char *p, size_t len, int *nsok)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr	 doc;

	if ((ctxt = xmlNewParserCtxt()) == NULL)
		__builtin_trap();
	doc = xmlCtxtReadMemory(ctxt, p, (int)len, NULL, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc != NULL && !ctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	*nsok = ctxt->nsWellFormed;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr	 doc, again;
	xmlChar		*c1, *c2;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 skip = strlen(DOCTYPE);
	int		 nsok, nsok2;

	xmlSetGenericErrorFunc(NULL, quiet);
	if ((doc = parse((const char *)data, size, &nsok)) == NULL)
		return 0;
	htmlsave_doc(doc, &b);
	if (b.len < skip || memcmp(b.data, DOCTYPE, skip) != 0)
		__builtin_trap();
	/* A document that is itself in canonical shape (namespaces well
	 * formed, none relative) must come back the same. */
	if (nsok && xmlDocGetRootElement(doc) != NULL && !has_raw(doc->children) &&
	    doc->intSubset == NULL && (c1 = canon(doc)) != NULL) {
		again = parse(b.data + skip, b.len - skip, &nsok2);
		if (again == NULL || !nsok2 || (c2 = canon(again)) == NULL ||
		    strcmp((char *)c1, (char *)c2) != 0)
			__builtin_trap();
		xmlFree(c1);
		xmlFree(c2);
		xmlFreeDoc(again);
	}
	buf_free(&b);
	xmlFreeDoc(doc);
	return 0;
}
