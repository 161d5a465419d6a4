/* db.h: MariaDB/MySQL access through prepared statements only */
#ifndef RP_DB_H
#define RP_DB_H

#include <stddef.h>
#include <stdio.h>
#include "arena.h"
#include "conf.h"
#include "util.h"

struct db;

/*
 * A result: every column comes back as text (NULL for SQL NULL), which
 * keeps callers simple; cells live in the arena given to db_query().
 */
struct db_res {
	size_t		  nrows;
	unsigned	  ncols;
	char		**cells;	/* nrows * ncols */
};

/* Cell (row, col) or NULL for SQL NULL. */
const char *db_val(const struct db_res *, size_t row, unsigned col);
/* Cell as an integer, 0 for NULL. */
long long   db_int(const struct db_res *, size_t row, unsigned col);

/*
 * Connect with the settings of cf (automatic reconnect off, utf8mb4,
 * UTC session time zone).  Returns NULL and a message in err on failure.
 * The caller frees with db_close().
 */
struct db *db_open(const struct conf *cf, char *err, size_t errsz);
void	   db_close(struct db *);

/*
 * How long a statement's answer may take, in seconds, for the
 * connections db_open() makes from now on in this process: 10 by
 * default, which ends a request stuck on a dead server; refportal-admin
 * sets an hour, since a migration's ALTER TABLE or a bulk load on a
 * large database can take minutes.
 */
void	   db_set_timeout(unsigned seconds);

/* A thread other than the main one that used db_open(): call before it
 * ends (the MySQL client library's per-thread memory). */
void	   db_thread_end(void);

/*
 * Between requests: make sure the connection answers, reconnecting
 * (explicitly, never silently inside a transaction) when it does not.
 * Prepared statements are re-prepared lazily after a reconnect.
 * Returns 0 when the database answers, -1 when it does not.
 */
int	db_ensure(struct db *);

/*
 * Run a SELECT.  sql is prepared once per connection and cached by its
 * text (so building it from constant fragments is fine; user input goes
 * only into parameters).  types says what follows: 'i' a long long, 's' a
 * const char * (NULL binds SQL NULL), 'n' SQL NULL (no argument).
 * Returns 0, or -1 after logging the error (db_errno() tells which).
 */
int	db_query(struct db *, struct arena *, struct db_res *,
	    const char *sql, const char *types, ...);

/*
 * As db_query(), with the parameters in arrays, for SQL built from
 * constant fragments with a varying number of parameters: for each
 * position i, types[i] 'i' binds ints[i], 's' binds strs[i] (NULL: SQL
 * NULL), 'n' binds SQL NULL.
 */
int	db_queryv(struct db *, struct arena *, struct db_res *, const char *sql,
	    const char *types, const char *const *strs, const long long *ints);

/*
 * Parameters collected while SQL is built from constant fragments (a
 * WHERE clause with optional filters): the text never holds user input.
 * Zero it before use.  Strings are borrowed: they must outlive the query.
 * A parameter past DB_PARAMS_MAX is dropped, so db_queryp() then fails.
 */
#define DB_PARAMS_MAX	128	/* bound parameters per statement */
#define DB_PARAMS_RESERVE 64	/* left by db_param_in() for the rest */

struct db_params {
	char		 types[DB_PARAMS_MAX + 1];
	const char	*strs[DB_PARAMS_MAX];
	long long	 ints[DB_PARAMS_MAX];
	int		 n;
	int		 dropped;
};

void	db_param_int(struct db_params *, long long);
void	db_param_str(struct db_params *, const char *);

/*
 * Append " IN (?, ?, ...)" for ids[0..n) to sql and their parameters to
 * p when they fit with DB_PARAMS_RESERVE parameters left for the rest of
 * the query (a caller adding more after the list says so at compile time).
 * Returns 0, or -1 with nothing appended when they do not: the caller
 * says the same another way (a subquery).  n must be at least 1.
 */
int	db_param_in(struct buf *sql, struct db_params *, const long long *ids, int n);

/* The LIKE pattern "word starts with s" (s escaped), in the arena. */
char	*db_like_prefix(struct arena *, const char *s);

/* db_queryv() with the collected parameters; -1 if any was dropped. */
int	db_queryp(struct db *, struct arena *, struct db_res *, const char *sql,
	    const struct db_params *);

/* Run a statement that returns no rows; returns the affected rows or -1. */
long long db_exec(struct db *, const char *sql, const char *types, ...);

/* db_exec() with the collected parameters; -1 if any was dropped. */
long long db_execp(struct db *, const char *sql, const struct db_params *);

/* Microseconds spent waiting for the database through this handle since
 * db_open (queries with their fetches, transactions, pings): the request
 * loop logs the difference per request. */
long long db_time_us(const struct db *);

/* The AUTO_INCREMENT id of the last INSERT on this connection. */
long long db_last_id(struct db *);

/* The MySQL error number of the last failed call (1213 deadlock, 1205
 * lock wait timeout, 1062 duplicate key, 2006/2013 gone), 0 if none. */
unsigned db_errno(struct db *);

/* 1 when the last error says the server is gone (2006, 2013, or a
 * connection killed by its shutdown: 1053, 1927), else 0. */
int	db_lost(struct db *);

/*
 * Run fn inside one transaction: BEGIN, fn, COMMIT.  fn returns <0 to
 * roll back (that value is returned), >=0 to commit (returned after a
 * successful COMMIT).  A deadlock (1213) or lock-wait timeout (1205) in
 * fn or at COMMIT rolls back and runs fn again, up to 5 times with a
 * short random sleep; fn must therefore only touch the database and its
 * own arg.  Returns -1 on other errors.
 */
int	db_txn(struct db *, int (*fn)(struct db *, void *), void *arg);

/*
 * Apply the migrations of sql_dir (files NNN_name.sql, in order) that
 * schema_migrations does not list; each file runs as one multi-statement
 * text and is then recorded.  Progress goes to log if not NULL.
 * Returns the number applied, or -1.
 */
int	db_migrate(struct db *, const char *sql_dir, FILE *log);

/* Escape a LIKE pattern's % _ and \ so that a user's text matches literally.
 * The result lives in the arena. */
char	*db_like_escape(struct arena *, const char *);

#endif
