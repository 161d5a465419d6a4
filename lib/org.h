/* org.h: organisations with their default milestones, users, and the candidate state rule */
#ifndef RP_ORG_H
#define RP_ORG_H

#include <stddef.h>
#include "arena.h"

struct db;

#define ORG_MILESTONES_MAX	16	/* milestones an organisation may have */
#define ORG_OUTCOMES_MAX	4	/* outcomes of one colour per default milestone */

/* Return codes of the org_ functions besides 0 (done) and -1 (database
 * error, logged). */
#define ORG_EPASSWORD	-2	/* pass_policy() refused the password */
#define ORG_EDUPLICATE	-3	/* a user with that email exists (in any organisation) */
#define ORG_EINVAL	-4	/* a bad argument: role, language, locale, empty name... */
#define ORG_ENOTFOUND	-5	/* no such organisation, or the site is another organisation's */

/* An outcome's colour; ORG_NONE: no effective outcome. */
enum org_color {
	ORG_NONE = 0,
	ORG_GREEN,
	ORG_ORANGE,
	ORG_RED
};

/* One default milestone of DESIGN.md 2: its key, points for green and
 * its outcome keys by colour (NULL-terminated lists). */
struct org_milestone_def {
	const char	*key;
	int		 points;
	const char	*green[ORG_OUTCOMES_MAX + 1];
	const char	*orange[ORG_OUTCOMES_MAX + 1];
	const char	*red[ORG_OUTCOMES_MAX + 1];
};

/* The six default milestones, in position order (pos = index + 1).
 * Static data. */
extern const struct org_milestone_def	org_default_milestones[];
extern const size_t			org_default_nmilestones;

/* A candidate's state as cached on its row. */
struct org_state {
	const char	*status;	/* static: "action", "waiting", "archived", "complete" */
	int		 stage_pos;	/* current milestone's pos, n + 1 when complete */
	char		 progress[ORG_MILESTONES_MAX + 1]; /* one of g o r - per milestone */
};

/*
 * Derive a candidate's state (DESIGN.md 2) from the effective outcome
 * colour of each milestone: colors[i] is that of the milestone at pos
 * i + 1 after undos (its latest outcome that is not undone), n <=
 * ORG_MILESTONES_MAX.  The current milestone is the first without green;
 * status is archived if any milestone is red, complete if all are green,
 * waiting if the current milestone's outcome is orange, else action.
 * Pure; fills *out (status points to static storage).
 */
void	org_state_derive(const enum org_color *colors, size_t n,
	    struct org_state *out);

/* "green"/"orange"/"red" to its enum value; ORG_NONE for anything else
 * (NULL included).  Pure. */
enum org_color org_color_parse(const char *);

/* The colour's name ("green", ...), or "" for ORG_NONE.  Static storage. */
const char *org_color_name(enum org_color);

/*
 * Insert an organisation (locale "nl" or "en", time zone such as
 * "Europe/Amsterdam") with the default milestones and outcomes; its
 * retention follows the locale (nl 28 days, en 180).  Run it inside the
 * caller's transaction (db_txn) so that a failure leaves nothing.  a is
 * scratch memory.  Sets *id and returns 0, ORG_EINVAL for a bad argument,
 * or -1 on a database error.
 */
int	org_create(struct db *, struct arena *a, const char *name,
	    const char *locale, const char *tz, long long *id);

/*
 * Insert a site of an organisation.  Sets *id; returns 0, ORG_EINVAL for
 * an empty name, ORG_ENOTFOUND for no such organisation, or -1.
 */
int	org_site_create(struct db *, long long org_id, const char *name,
	    const char *town, const char *postcode, long long *id);

/*
 * Create a portal user: role "admin" or "recruiter", lang "", "nl" or
 * "en"; the password is checked with pass_policy() (call it again for
 * the reason's key) and stored as an argon2id hash (this takes ~50 ms and
 * 19 MiB).  Sets *id; returns 0, ORG_EPASSWORD, ORG_EDUPLICATE,
 * ORG_EINVAL, ORG_ENOTFOUND (no such organisation) or -1.
 */
int	org_user_create(struct db *, long long org_id, const char *email,
	    const char *name, const char *role, const char *lang,
	    const char *password, long long *id);

/*
 * Limit a user to a site (user_sites; a user without rows sees every
 * site).  Returns 0 (also when the row exists), ORG_ENOTFOUND when the
 * user or the site is not of org_id, or -1.
 */
int	org_user_site_add(struct db *, struct arena *a, long long org_id,
	    long long user_id, long long site_id);

#endif
