/* queue.h: claiming outbox rows and recording what became of them */
#ifndef RP_QUEUE_H
#define RP_QUEUE_H

#include "arena.h"
#include "db.h"

/* One claimed outbox row; strings live in the arena given to queue_claim(). */
struct mail_row {
	long long	 id;
	const char	*kind;
	const char	*recipient;
	const char	*recipient_name;
	const char	*lang;
	const char	*payload;
	int		 attempts;	/* counting this one */
	long long	 age;		/* seconds since it was queued */
	long long	 created;	/* queued at, Unix time (for the Message-ID) */
};

/*
 * Claim up to max due rows in one short transaction: pending rows whose
 * due_at has come, then rows left in 'sending' by a mailer whose lease
 * ran out; FOR UPDATE SKIP LOCKED, so mailers running at once never get
 * the same row.  Each becomes 'sending' with lease_until now + lease and
 * one more attempt.  A cancelled, sent or failed row is never claimed.
 * Sets *rows (in a) and *n.  Returns 0, or -1 on a database error.
 */
int	queue_claim(struct db *, struct arena *, int lease, int max,
	    struct mail_row **rows, size_t *n);

/* The row went out: status 'sent'.  Returns 0 or -1. */
int	queue_sent(struct db *, long long id);

/* A temporary failure: 'pending' again, due in delay seconds, with the
 * error kept in last_error.  Returns 0 or -1. */
int	queue_retry(struct db *, long long id, int delay, const char *error);

/* A permanent failure (or giving up): 'failed' with the error; never
 * claimed again.  Returns 0 or -1. */
int	queue_fail(struct db *, long long id, const char *error);

/* Give back a claimed row that was not tried (shutting down, lease
 * running out): 'pending', due now, the attempt not counted.  0 or -1. */
int	queue_release(struct db *, long long id);

/*
 * The delay before retry number attempts (1 = the first retry):
 * first * 2^(attempts-1), at most max, then +-10% jitter from *seed
 * (rand_r).  Pure: touches nothing but *seed.
 */
int	queue_delay(int attempts, int first, int max, unsigned *seed);

#endif
