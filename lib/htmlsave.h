/* htmlsave.h: a transform's result tree written as HTML5 */
#ifndef HTMLSAVE_H
#define HTMLSAVE_H

#include <libxml/tree.h>

struct buf;

/*
 * Append "<!DOCTYPE html>", a newline and the tree of doc to out, as
 * HTML5: every element with its end tag but the void ones (<br />);
 * text and attribute values escaped (& < >, and " tab newline in
 * values), but the text of an HTML script or style element (raw, as
 * HTML5 reads it, with "</script" written "<\/script") and a text marked
 * not to be (disable-output-escaping); the namespaces an element
 * declares (xmlns="..." of an <svg>); comments (with "--" written
 * "- -"); entity references as they are; nothing else (no DTD, no
 * processing instruction).  Well-formed XML too unless a raw text, a
 * text marked so or an entity reference says otherwise.  doc stays the
 * caller's.
 */
void	htmlsave_doc(const xmlDoc *doc, struct buf *out);

#endif
