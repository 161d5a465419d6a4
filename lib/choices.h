/* choices.h: an organisation's milestones, sites and vacancies, kept by the process */
#ifndef RP_CHOICES_H
#define RP_CHOICES_H

#include <sys/types.h>

#include "db.h"

struct ctx;

/* A row of sites or jobs by its id. */
struct choices_id {
	long long	 id;
	size_t		 row;
};

/* The rows, in the cache's own memory. */
struct choices {
	struct db_res		 mstones;	/* pos, mkey, points, okey, color (sql/001) */
	struct db_res		 sites;		/* id, name; by name */
	struct db_res		 jobs;		/* id, title, location, site_id; by title */
	struct choices_id	*site_ids;	/* sites.nrows, by id */
	struct choices_id	*job_ids;	/* jobs.nrows, by id */
};

/*
 * The session organisation's choices as of its choices_version (the
 * session query reads it): the three queries run only when this process
 * has no copy of that version, so a list page does not ask for what
 * changes a few times a year.  Writes that change milestones, outcomes,
 * points, sites or vacancies call choices_changed() in their
 * transaction.  The result belongs to the cache and stays valid until
 * the next choices_get().  Returns NULL on a database error.
 */
const struct choices *choices_get(struct ctx *);

/*
 * The session organisation's choices read again now, whatever the
 * version, into the request's memory (valid until the request ends):
 * for a row naming a site or vacancy made after the process's copy was
 * (between the session query and the row's).  The copy is left as it
 * is: the write that made the site or vacancy moved choices_version, so
 * the next request reads them anyway.  Returns NULL on a database error.
 */
const struct choices *choices_reload(struct ctx *);

/* The row of site id in ch->sites (choices_job: of vacancy id in
 * ch->jobs), or -1 when it has none. */
ssize_t	choices_site(const struct choices *, long long id);
ssize_t	choices_job(const struct choices *, long long id);

/* Mark the choices of org_id changed (a new choices_version), in the
 * caller's transaction.  Returns 0 or -1. */
int	choices_changed(struct db *, long long org_id);

#endif
