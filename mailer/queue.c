/* queue.c: claiming outbox rows and recording what became of them */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "queue.h"

/* What a claim reads of each row. */
#define QUEUE_COLS "id, kind, recipient, recipient_name, lang, payload, " \
	"attempts + 1, TIMESTAMPDIFF(SECOND, created_at, UTC_TIMESTAMP()), " \
	"UNIX_TIMESTAMP(created_at)"

struct claim {
	struct arena	*a;
	int		 lease;
	int		 max;
	struct mail_row	*rows;
	size_t		 n;
};

/* Append the rows of r to c->rows. */
static void
claim_take(struct claim *c, const struct db_res *r)
{
	size_t	 i;

	for (i = 0; i < r->nrows && c->n < (size_t)c->max; i++) {
		struct mail_row *m = &c->rows[c->n++];

		m->id = db_int(r, i, 0);
		m->kind = db_val(r, i, 1);
		m->recipient = db_val(r, i, 2);
		m->recipient_name = db_val(r, i, 3);
		m->lang = db_val(r, i, 4);
		m->payload = db_val(r, i, 5);
		m->attempts = (int)db_int(r, i, 6);
		m->age = db_int(r, i, 7);
		m->created = db_int(r, i, 8);
	}
}

static int
claim_txn(struct db *db, void *arg)
{
	struct claim	*c = arg;
	struct db_res	 r;
	size_t		 i;

	c->n = 0;
	if (db_query(db, c->a, &r, "SELECT " QUEUE_COLS " FROM outbox "
	    "WHERE status = 'pending' AND due_at <= UTC_TIMESTAMP() "
	    "ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
	    "i", (long long)c->max) == -1)
		return -1;
	claim_take(c, &r);
	if (c->n < (size_t)c->max) {
		/* Leases that ran out: a mailer crashed or was killed. */
		if (db_query(db, c->a, &r, "SELECT " QUEUE_COLS " FROM outbox "
		    "WHERE status = 'sending' AND lease_until < UTC_TIMESTAMP() "
		    "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
		    "i", (long long)(c->max - (int)c->n)) == -1)
			return -1;
		claim_take(c, &r);
	}
	for (i = 0; i < c->n; i++)
		if (db_exec(db, "UPDATE outbox SET status = 'sending', "
		    "lease_until = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
		    "attempts = attempts + 1 WHERE id = ?", "ii",
		    (long long)c->lease, c->rows[i].id) == -1)
			return -1;
	return 0;
}

int
queue_claim(struct db *db, struct arena *a, int lease, int max,
    struct mail_row **rows, size_t *n)
{
	struct claim	 c;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.lease = lease;
	c.max = max;
	c.rows = arena_calloc(a, (size_t)max, sizeof(*c.rows));
	*rows = c.rows;
	*n = 0;
	/* Read committed: the claim locks the rows it takes and no gaps,
	 * so web requests queueing new rows never wait for a mailer. */
	if (db_exec(db, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "") == -1)
		return -1;
	if (db_txn(db, claim_txn, &c) == -1) {
		c.n = 0;
		return -1;
	}
	*n = c.n;
	return 0;
}

int
queue_sent(struct db *db, long long id)
{
	return db_exec(db, "UPDATE outbox SET status = 'sent', "
	    "sent_at = UTC_TIMESTAMP(), lease_until = NULL, last_error = '' "
	    "WHERE id = ?", "i", id) == -1 ? -1 : 0;
}

int
queue_retry(struct db *db, long long id, int delay, const char *error)
{
	return db_exec(db, "UPDATE outbox SET status = 'pending', "
	    "due_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, lease_until = NULL, "
	    "last_error = LEFT(?, 500) WHERE id = ? AND status = 'sending'",
	    "isi", (long long)delay, error, id) == -1 ? -1 : 0;
}

int
queue_fail(struct db *db, long long id, const char *error)
{
	/* Only a row still ours (as queue_retry): one whose lease ran out
	 * may have been sent by another mailer meanwhile. */
	return db_exec(db, "UPDATE outbox SET status = 'failed', "
	    "lease_until = NULL, last_error = LEFT(?, 500) WHERE id = ? "
	    "AND status = 'sending'", "si", error, id) == -1 ? -1 : 0;
}

int
queue_release(struct db *db, long long id)
{
	return db_exec(db, "UPDATE outbox SET status = 'pending', "
	    "due_at = UTC_TIMESTAMP(), lease_until = NULL, "
	    "attempts = GREATEST(attempts - 1, 0) "
	    "WHERE id = ? AND status = 'sending'", "i", id) == -1 ? -1 : 0;
}

int
queue_delay(int attempts, int first, int max, unsigned *seed)
{
	long long	 d = first;
	int		 i, span;

	if (attempts < 1)
		attempts = 1;
	for (i = 1; i < attempts && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	/* +-10%, so that mailers and messages spread out. */
	span = (int)(d / 10);
	if (span > 0)
		d += rand_r(seed) % (2 * span + 1) - span;
	return d < 1 ? 1 : (int)d;
}
