/* referrers.h: what the files of the referrers program share (referrers.c has its routes) */
#ifndef REFERRERS_H
#define REFERRERS_H

#include "db.h"
#include "loop.h"

#define IMPORT_MAX_ROWS		1000	/* lines of one import */
#define IMPORT_MAX_BYTES	200000	/* bytes of pasted CSV */
#define BONUS_MAX		10000	/* points of one bonus */

enum field {
	F_DEBUG,
	F_Q,
	F_SITE,
	F_PAGE,
	F_NAME,
	F_EMAIL,
	F_PHONE,
	F_LANG,
	F_CSV,
	F_STEP,
	F_POINTS,
	F_REASON,
	F__MAX
};

/* 1 if s is a phone number as people write it: digits, spaces and
 * + ( ) - . /, at least one digit, up to 40 characters. */
int	referrers_phone_ok(const char *s);

/* The organisation's sites the user may choose: <sites><site id=>name</site></sites>
 * under parent (r gets the rows, cells in the arena), only when the
 * organisation has sites.  Returns 0 or -1. */
int	referrers_add_sites(struct ctx *, xmlNodePtr parent, struct db_res *r);

/* Insert a referrer with a fresh unique code and index its name.  Sets
 * *id; returns 0 or -1. */
int	referrers_insert(struct db *, struct arena *, long long org_id,
	    long long site_id, const char *name, const char *email,
	    const char *phone, const char *lang, long long *id);

/* The referrer row of the session's organisation that the user may see
 * (r, cells in the arena): 1 found, 0 not (or another site's), -1 error. */
int	referrers_load(struct ctx *, long long id, struct db_res *r);

/* The handlers of the routes, one file per area. */
void	referrers_page_referrer(struct ctx *);
void	referrers_post_bonus(struct ctx *);
void	referrers_page_new(struct ctx *);
void	referrers_page_edit(struct ctx *);
void	referrers_post_save(struct ctx *);
void	referrers_page_import(struct ctx *);
void	referrers_post_import(struct ctx *);

#endif
