/* render.h: XML building helpers and the compiled-stylesheet cache */
#ifndef RP_RENDER_H
#define RP_RENDER_H

#include <libxml/tree.h>
#include "util.h"

struct render;

/*
 * A cache of compiled stylesheets under xslt_dir (core/ and site/).
 * Sets the XSLT security preferences (no file writes, no directory
 * creation, no network) globally.  The caller frees with render_free().
 */
struct render *render_new(const char *xslt_dir);
void	render_free(struct render *);

/*
 * Transform doc with core/NAME.xsl (NAME may name one subfolder:
 * "mail/invitation") into out (HTML, or the method the
 * stylesheet says).  The stylesheet is compiled on first use and again
 * whenever it or a file it imports changes; when a new version does not
 * compile, the last good one keeps serving and the error is kept (see
 * render_broken()).  params: NULL-terminated name/value list of XPath
 * expressions, as libxslt takes them.  Returns 0, or -1 with a message
 * in err when no version of the stylesheet works or the transform fails.
 */
int	render_apply(struct render *, const char *name, xmlDocPtr doc,
	    const char **params, struct buf *out, char *err, size_t errsz);

/*
 * The process ends after its one request (plain CGI): render_apply()
 * leaves what a transform made (the result tree, its context) to the
 * process's end instead of freeing it (about 3% of a list page as CGI).
 */
void	render_oneshot(struct render *);

/*
 * A new request begins: from now on, each stylesheet's files are looked
 * at (stat) once, by the first render_broken() or render_apply() of it,
 * until the next call.  Without it (the mailer, tests) they are looked
 * at on every call.
 */
void	render_request(struct render *);

/*
 * Compile every page stylesheet of core/ now (all but the layout, the
 * parameters and the catalogue lookup, which pages import), so that a
 * long-lived worker has a last good version of each before an admin's
 * broken edit arrives.  Returns how many compiled.
 */
int	render_prepare_all(struct render *);

/*
 * The message of the last failed recompilation of NAME ("file:line:
 * message"), or NULL when the current files compile.  Owned by the cache.
 */
const char *render_broken(struct render *, const char *name);

/* Microseconds the last render_apply() spent serialising its result (part
 * of its time; 0 when it failed before), for the timing log. */
long long render_save_us(const struct render *);

/* New child element with escaped text content (xmlNewTextChild); text may be NULL. */
xmlNodePtr xml_text(xmlNodePtr parent, const char *name, const char *text);
/* New empty child element. */
xmlNodePtr xml_node(xmlNodePtr parent, const char *name);
/* Attributes (escaped by libxml2); a NULL value sets nothing. */
void	xml_attr(xmlNodePtr, const char *name, const char *value);
void	xml_attr_int(xmlNodePtr, const char *name, long long value);
/* A form's mistakes, nerrs (field, key) pairs as eoi_err_add() collects
 * them: one <error field= key=/> under parent each. */
void	xml_errors(xmlNodePtr parent, const char *const *errs, size_t nerrs);

#endif
