/* settings.h: what the files of the settings program share (settings.c has its routes) */
#ifndef SETTINGS_H
#define SETTINGS_H

#include "loop.h"

#define SITES_MAX	64	/* site checkboxes of one form: site1 .. site64 */
#define POINTS_MAX	16	/* milestone points fields: p1 .. p16 (by position) */
#define POINTS_LIMIT	10000	/* points of one milestone */

enum field {
	F_DEBUG,
	F_EMAIL,
	F_NAME,
	F_ROLE,
	F_LANG,
	F_STATE,
	F_TOWN,
	F_POSTCODE,
	F_TARGET,
	F_RETENTION,
	F_TOKEN,
	F_PASSWORD,
	F_PASSWORD2,
	F_SITE1,
	F_P1 = F_SITE1 + SITES_MAX,
	F__MAX = F_P1 + POINTS_MAX
};

/* Only admins reach settings: anyone else gets a 403 and nothing
 * changes.  Returns 1 when the user is an admin. */
int	settings_admin_only(struct ctx *);

/* The handlers of the routes, one file per area. */
void	settings_page_users(struct ctx *);
void	settings_post_invite(struct ctx *);
void	settings_page_user(struct ctx *);
void	settings_post_user(struct ctx *);
void	settings_post_reinvite(struct ctx *);
void	settings_page_sites(struct ctx *);
void	settings_post_site(struct ctx *);
void	settings_page_points(struct ctx *);
void	settings_post_points(struct ctx *);
void	settings_page_org(struct ctx *);
void	settings_post_org(struct ctx *);
void	settings_page_setpw(struct ctx *);
void	settings_post_setpw(struct ctx *);
void	settings_page_mail(struct ctx *);
void	settings_post_mail_retry(struct ctx *);

#endif
