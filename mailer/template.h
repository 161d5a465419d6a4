/* template.h: an outbox payload through xslt/core/mail/KIND.xsl into subject, text and HTML */
#ifndef RP_TEMPLATE_H
#define RP_TEMPLATE_H

#include "render.h"

/* A rendered message; tmpl_clear() frees the strings. */
struct tmpl_out {
	char	*subject;
	char	*text;
	char	*html;
};

/* What the template needs besides the payload. */
struct tmpl_in {
	const char	*kind;		/* names the stylesheet mail/KIND */
	const char	*payload;	/* <mail kind=...>...</mail> */
	const char	*lang;		/* "nl", "en" */
	const char	*to_name;	/* may be NULL */
	const char	*url;		/* public_url */
};

enum tmpl_rc {
	TMPL_OK = 0,
	TMPL_TEMP = -1,		/* stylesheet missing or broken: an admin can fix it */
	TMPL_PERM = -2		/* this message can never render (bad payload) */
};

/*
 * Render one message: the payload's root gets the attributes lang, url
 * and to-name, then mail/KIND.xsl must produce
 *   <message><subject/><text/><body><html>...</html></body></message>.
 * Returns TMPL_OK with out filled, or TMPL_TEMP/TMPL_PERM with a message
 * in err.
 */
enum tmpl_rc tmpl_render(struct render *, const struct tmpl_in *,
	    struct tmpl_out *out, char *err, size_t errsz);

void	tmpl_clear(struct tmpl_out *);

#endif
