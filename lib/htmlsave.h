/* htmlsave.h: a transform's result tree written as HTML5 */
#ifndef HTMLSAVE_H
#define HTMLSAVE_H

#include <libxml/tree.h>

struct buf;

/*
 * Append "<!DOCTYPE html>", a newline and the tree of doc to out, as
 * HTML5 that is also well-formed XML: every element with its end tag
 * but the void ones (<br />); text and attribute values escaped (& < >,
 * and " in values), but the text of script and style and a text marked
 * not to be; the namespaces an element declares (xmlns="..." of an
 * <svg>); comments; nothing else (no DTD, no processing instruction).
 * doc stays the caller's.
 */
void	htmlsave_doc(const xmlDoc *doc, struct buf *out);

#endif
