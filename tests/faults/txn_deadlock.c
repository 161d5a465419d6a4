/* txn_deadlock.c: force a deadlock on a db_txn() and show that it is retried and succeeds */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "util.h"

/*
 * Two connections lock rows of a scratch table in opposite orders:
 *   B (a thread, heavy: it updates ROWS rows first) holds rows 2..ROWS,
 *   A (db_txn under test) locks row 1, then wants row 2 and waits,
 *   B then wants row 1: a deadlock.  InnoDB rolls back the lighter
 *   transaction, A, with error 1213; db_txn must run A's function again,
 *   which then succeeds once B has committed.
 * Prints "attempts A=N B=M rc=R values ok|wrong" and exits 0 when A took
 * exactly 2 attempts, B 1, and both changes are in the table once.
 * Usage: txn_deadlock --config refportal.conf (the check stack's database).
 */
#define ROWS	200
#define TABLE	"rp_fault_deadlock"

static struct conf	 cf;
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cv = PTHREAD_COND_INITIALIZER;
static int		 b_holds, a_holds;
static int		 attempts_a, attempts_b;

static void
wait_for(int *flag)
{
	pthread_mutex_lock(&mu);
	while (!*flag)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

static void
set_flag(int *flag)
{
	pthread_mutex_lock(&mu);
	*flag = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static int
fn_a(struct db *db, void *arg)
{
	struct arena	*a = arg;
	struct db_res	 r;

	attempts_a++;
	if (db_query(db, a, &r, "SELECT v FROM " TABLE " WHERE id = 1 FOR UPDATE", "") == -1)
		return -1;
	if (attempts_a == 1)
		set_flag(&a_holds);
	if (db_exec(db, "UPDATE " TABLE " SET v = v + 1000 WHERE id = 2", "") == -1)
		return -1;
	return 1;
}

static int
fn_b(struct db *db, void *arg)
{
	(void)arg;
	attempts_b++;
	if (db_exec(db, "UPDATE " TABLE " SET v = v + 1 WHERE id >= 2", "") == -1)
		return -1;
	if (attempts_b == 1) {
		set_flag(&b_holds);
		wait_for(&a_holds);
		usleep(300 * 1000);	/* A is waiting for row 2 by now */
	}
	if (db_exec(db, "UPDATE " TABLE " SET v = v + 1 WHERE id = 1", "") == -1)
		return -1;
	return 1;
}

static void *
thread_b(void *arg)
{
	struct db	*db = arg;
	static int	 rc;

	rc = db_txn(db, fn_b, NULL);
	return &rc;
}

static struct db *
connect_or_die(void)
{
	char		 err[512];
	struct db	*db;

	if ((db = db_open(&cf, err, sizeof(err))) == NULL)
		log_die("%s", err);
	if (db_exec(db, "SET SESSION innodb_lock_wait_timeout = 20", "") == -1)
		log_die("cannot set the lock wait timeout");
	return db;
}

int
main(int argc, char *argv[])
{
	struct arena	 a = { NULL };
	struct db	*da, *db;
	struct db_res	 r;
	pthread_t	 t;
	void		*brc;
	char		 err[512];
	int		 rc, i, ok;
	long long	 v1, v2, v3;

	log_init("txn_deadlock");
	if (argc != 3 || strcmp(argv[1], "--config") != 0) {
		fprintf(stderr, "usage: txn_deadlock --config FILE\n");
		return 2;
	}
	conf_defaults(&cf);
	if (conf_load(&cf, argv[2], err, sizeof(err)) == -1)
		log_die("%s", err);
	da = connect_or_die();
	db = connect_or_die();
	if (db_exec(da, "DROP TABLE IF EXISTS " TABLE, "") == -1 ||
	    db_exec(da, "CREATE TABLE " TABLE " (id INT NOT NULL PRIMARY KEY, "
	    "v BIGINT NOT NULL) ENGINE=InnoDB", "") == -1)
		log_die("cannot create the scratch table");
	for (i = 1; i <= ROWS; i++)
		if (db_exec(da, "INSERT INTO " TABLE " (id, v) VALUES (?, 0)", "i",
		    (long long)i) == -1)
			log_die("cannot fill the scratch table");

	if (pthread_create(&t, NULL, thread_b, db) != 0)
		log_die("pthread_create failed");
	wait_for(&b_holds);
	rc = db_txn(da, fn_a, &a);
	pthread_join(t, &brc);

	if (db_query(da, &a, &r, "SELECT (SELECT v FROM " TABLE " WHERE id = 1), "
	    "(SELECT v FROM " TABLE " WHERE id = 2), (SELECT v FROM " TABLE
	    " WHERE id = 3)", "") == -1)
		log_die("cannot read the result");
	v1 = db_int(&r, 0, 0);
	v2 = db_int(&r, 0, 1);
	v3 = db_int(&r, 0, 2);
	/* B once: +1 on every row; A once: +1000 on row 2. */
	ok = rc == 1 && *(int *)brc == 1 && attempts_a == 2 && attempts_b == 1 &&
	    v1 == 1 && v2 == 1001 && v3 == 1;
	printf("attempts A=%d B=%d rc A=%d B=%d values %lld %lld %lld %s\n", attempts_a,
	    attempts_b, rc, *(int *)brc, v1, v2, v3, ok ? "ok" : "wrong");
	db_exec(da, "DROP TABLE IF EXISTS " TABLE, "");
	db_close(da);
	db_close(db);
	arena_free(&a);
	conf_clear(&cf);
	return ok ? 0 : 1;
}
