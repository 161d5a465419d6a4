/* lang.h: the user's language and the string catalogues (nl, en) */
#ifndef RP_LANG_H
#define RP_LANG_H

#include <stddef.h>

/* 1 if the code is a language refportal has ("nl", "en"). */
int	lang_valid(const char *);

/*
 * The language for a request: the user's setting if valid, else the
 * organisation's locale, else the first supported language in an
 * Accept-Language header (q-values honoured), else "en".  Any argument
 * may be NULL.  Returns a static string.
 */
const char *lang_pick(const char *user, const char *org, const char *accept_language);

/*
 * The catalogue string for key in lang, falling back to English, then to
 * the key itself.  Catalogues are xslt_dir/core/l10n/LANG.xml
 * (<l10n><s k="key">text</s>...), loaded on first use and reloaded when
 * they change.  The result stays valid until the next lang_load() call.
 */
int	 lang_load(const char *xslt_dir);
const char *lang_get(const char *lang, const char *key);

/*
 * The display form of a date as the page XML gives it, "YYYY-MM-DD" or
 * "YYYY-MM-DD HH:MM" (white space around it ignored), in lang: "24 Nov
 * 2026" or "24 Nov 2026, 09:15", the month's name from the catalogue
 * (month.1 .. month.12).  out gets "" when s is NULL or no such date (or
 * a month, day or time out of range); it is cut to fit outsz.
 */
void	 lang_date(const char *lang, const char *s, char *out, size_t outsz);

struct buf;

/*
 * Append text to out with each {name} in it replaced, left to right, by
 * values[i] of the first names[i] that is name (a NULL value: nothing);
 * a {name} of none of the n names, and a { with no } after it, are
 * written as they are.  The catalogue's placeholders ("{from}-{to} of
 * {total}"), for rp:fill() (lib/render.c).
 */
void	 lang_fill(const char *text, const char *const *names,
	    const char *const *values, size_t n, struct buf *out);

#endif
