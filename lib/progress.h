/* progress.h: recording and undoing a candidate's outcomes, one transaction each */
#ifndef RP_PROGRESS_H
#define RP_PROGRESS_H

#include "arena.h"

struct db;

enum prog_rc {
	PROG_ERROR = -1,	/* database error (logged): 500 */
	PROG_NOT_FOUND = 0,	/* no such candidate for this user: 404 */
	PROG_DONE,		/* recorded */
	PROG_REPEAT,		/* the same form again: nothing new, as if done */
	PROG_STALE,		/* someone changed the candidate first: nothing changed */
	PROG_BAD_MILESTONE,	/* unknown, or not the current milestone: 400 */
	PROG_BAD_OUTCOME,	/* not an outcome of that milestone: 400 */
	PROG_FUTURE,		/* date after today: 400 */
	PROG_BEFORE_EOI,	/* date before the EOI: 400 */
	PROG_NOT_DUE,		/* "still working" green before it falls due: 400 */
	PROG_CLOSED,		/* archived or complete: no current milestone: 409 */
	PROG_NOTHING		/* nothing to undo: 409 */
};

/* What a recruiter asks for.  org_id, user_id and the sites come from the session. */
struct prog_req {
	long long	 org_id;
	long long	 user_id;
	const long long	*sites;		/* sites a limited user may see */
	int		 nsites;	/* 0: all */
	long long	 cand_id;
	long long	 version;	/* the version the form was made from */
	const char	*milestone;	/* key (outcome only) */
	const char	*outcome;	/* key (outcome only) */
	long long	 date;		/* yyyymmdd, 0 = today (outcome only) */
	const char	*note;		/* NULL: none */
	const char	*tz;		/* the organisation's time zone */
	const char	*locale;	/* the organisation's language */
	const char	*addr;		/* remote address for the audit log */
	int		 grace;		/* seconds before a referrer message is due */
};

struct prog_result {
	const char	*name;		/* the candidate's name (arena) */
	const char	*referrer;	/* the referrer's name, or NULL (arena) */
	const char	*color;		/* of the outcome set or undone */
	int		 points;	/* awarded, or taken back by an undo */
	int		 told;		/* a referrer message was queued, or cancelled */
	char		*due;		/* PROG_NOT_DUE: the date it falls due (arena) */
};

/*
 * Record an outcome on the candidate's current milestone, in one
 * transaction (retried on deadlock): the event, the cached state, a
 * points award for a green outcome with points, the referrer's message
 * (green and red, due after the grace delay), an audit row.  The
 * candidate row is locked first, so two recruiters at once never both
 * record.  Returns an enum prog_rc; res is filled for PROG_DONE and
 * PROG_REPEAT (strings in the arena).
 */
int	prog_outcome(struct db *, struct arena *, const struct prog_req *,
	    struct prog_result *res);

/*
 * Undo the latest effective outcome, in one transaction: the event is
 * marked undone and an undo event written; its award reversed; its
 * message cancelled if it has not left; the state derived again from the
 * remaining events; an audit row.  Returns an enum prog_rc.
 */
int	prog_undo(struct db *, struct arena *, const struct prog_req *,
	    struct prog_result *res);

/* Today's date in time zone tz as yyyymmdd. */
long long prog_today(const char *tz);

/* The same as "YYYY-MM-DD", in the arena. */
char	*prog_today_str(struct arena *, const char *tz);

#endif
