/* cand.h: candidates: the list query (filters, search, paging) and its counters */
#ifndef RP_CAND_H
#define RP_CAND_H

#include "arena.h"
#include "db.h"

enum cand_view {
	CAND_LIVE,	/* action, waiting, complete */
	CAND_ARCHIVE	/* archived */
};

enum cand_sort {
	CAND_SORT_UPDATED,
	CAND_SORT_NAME,
	CAND_SORT_EOI,
	CAND_SORT__MAX
};

/* The keys of the sort orders, indexed by enum cand_sort. */
extern const char *const cand_sort_keys[CAND_SORT__MAX];

/* What the list shows.  org_id always comes from the session. */
struct cand_filter {
	long long	 org_id;
	enum cand_view	 view;
	long long	 user_id;	/* whose user_sites these are */
	const long long	*user_sites;	/* sites a limited user may see */
	int		 nuser_sites;	/* 0: every site */
	long long	 site;		/* 0: any */
	const char	*q;		/* NULL: no search */
	enum cand_sort	 sort;
	int		 stage_pos;	/* 0: any */
	const char	*status;	/* NULL: any of the view */
	const char	*location;	/* NULL: any */
	long long	 job;		/* vacancy id, 0: any */
	long long	 page;		/* from 1 */
	int		 page_size;
	int		 target_hours;	/* first-contact target */
};

/* Columns of a list row, in the order of struct db_res cells. */
enum cand_col {
	CC_ID, CC_NAME, CC_STATUS, CC_STAGE_POS, CC_PROGRESS, CC_EOI,
	CC_UPDATED, CC_AGE_HOURS, CC_VAC_ID, CC_SITE_ID, CC_REF_ID,
	CC_REF_NAME, CC_PHONE, CC_EMAIL, CC_POSTCODE, CC_VERSION, CC_DUE,
	CC__MAX
};

/*
 * The columns of enum cand_col, for queries that show candidates like the
 * list does (FROM candidates c LEFT JOIN referrers r).  The names of the
 * vacancy and the site are not joined: candxml_row() takes them from the
 * process's copy of the organisation's choices (choices.h), which saves
 * the database two lookups a row on every list page.
 */
#define CAND_COLUMNS \
	"c.id, c.name, c.status, c.stage_pos, c.progress, " \
	"c.eoi_at, c.updated_at, " \
	"TIMESTAMPDIFF(HOUR, c.eoi_at, UTC_TIMESTAMP()), " \
	"c.vacancy_id, c.site_id, r.id, r.name, " \
	"c.phone, c.email, c.postcode, c.version, " \
	"DATE(c.due_at) "
#define CAND_JOINS \
	" LEFT JOIN referrers r ON r.id = c.referrer_id"

/*
 * One page of the list: at most two queries whatever the number of rows
 * (the total, then the page's ids joined to their details).  The total
 * comes from the counters (cand_counts) unless a search, job or location
 * filters, and then in the page's query (a column after CC__MAX; on its
 * own when the page is empty or the user is limited to sites); a search
 * is counted over its matches first, and its page read from them when
 * they are fewer than the list entries a walk in order would read.
 * total gets the number of matching candidates; rows the page (cells in
 * the arena).  Returns 0 or -1 on a database error.
 */
int	cand_list(struct db *, struct arena *, const struct cand_filter *,
	    long long *total, struct db_res *rows);

/* The list a candidate that is not deleted is on, from its status, as
 * candidates.listed and name_words.listed hold it: "a" (the archive)
 * for archived, else "l" (live).  A static string. */
const char *cand_listed(const char *status);

/* Where a candidate that is not deleted is counted: its list follows
 * from its status (cand_listed). */
struct cand_bucket {
	long long	 site_id;	/* 0: none */
	const char	*status;	/* action, waiting, archived, complete */
	int		 stage_pos;
};

/*
 * Keep the list's counters exact: a candidate of org_id moves from one
 * bucket to another (from NULL: it is new; to NULL: it is deleted).
 * Call it in the transaction of the write, after the candidate's row is
 * locked and as late as possible (the counter rows are shared by many
 * candidates and stay locked until the commit); the two rows are always
 * touched in the same order, so two moves cannot deadlock on them.
 * Nothing happens when from and to are the same bucket.  Returns 0 or -1.
 */
int	cand_count_move(struct db *, long long org_id,
	    const struct cand_bucket *from, const struct cand_bucket *to);

/*
 * Recompute the counters of one organisation (org_id 0: of all) from the
 * candidates' rows, in a transaction of its own (so not inside db_txn()):
 * after rows were written without cand_count_move(), as by bulk loads.
 * Returns 0 or -1.
 */
int	cand_counts_rebuild(struct db *, long long org_id);

#endif
