/* db.c: MariaDB/MySQL access through cached prepared statements, transactions, migrations */
#include "config.h"

#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "util.h"

#define DB_BUCKETS	128	/* statement cache hash buckets */
#define DB_MIN_BUF	64	/* smallest column buffer for a fetch */
#define DB_TXN_TRIES	5
#define DB_MAX_SQL_FILE	(16 * 1024 * 1024)

/* One prepared statement, keyed by its SQL text. */
struct db_stmt {
	struct db_stmt	*next;
	unsigned	 hash;
	char		*sql;
	MYSQL_STMT	*st;
};

struct db {
	MYSQL		*my;		/* NULL while disconnected */
	/* connection settings, copied so that cf may go away */
	char		*host;
	char		*user;
	char		*password;
	char		*name;
	char		*socket;	/* NULL = TCP */
	unsigned	 port;
	struct db_stmt	*cache[DB_BUCKETS];
	unsigned	 err;		/* last error number, 0 if none */
	int		 in_txn;
	int		 txn_retry;	/* a 1213/1205 happened inside db_txn's fn */
	long long	 time_us;	/* time spent in the database so far */
};

/* FNV-1a over the SQL text. */
static unsigned
db_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static int
db_is_retry(unsigned e)
{
	return e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT;
}

/* Remember an error (and whether db_txn should retry) and log it. */
static void
db_fail(struct db *db, const char *what, const char *sql, unsigned e,
    const char *msg)
{
	db->err = e;
	if (db->in_txn && db_is_retry(e))
		db->txn_retry = 1;
	log_warn("db: %s: %.60s: %u %s", what, sql != NULL ? sql : "", e,
	    msg != NULL ? msg : "");
}

static void
db_fail_my(struct db *db, const char *what, const char *sql)
{
	db_fail(db, what, sql, mysql_errno(db->my), mysql_error(db->my));
}

static void
db_fail_stmt(struct db *db, MYSQL_STMT *st, const char *what, const char *sql)
{
	db_fail(db, what, sql, mysql_stmt_errno(st), mysql_stmt_error(st));
}

/* Close every cached statement (before a reconnect or at close). */
static void
db_cache_clear(struct db *db)
{
	struct db_stmt *s, *next;
	size_t i;

	for (i = 0; i < DB_BUCKETS; i++) {
		for (s = db->cache[i]; s != NULL; s = next) {
			next = s->next;
			if (s->st != NULL)
				mysql_stmt_close(s->st);
			free(s->sql);
			free(s);
		}
		db->cache[i] = NULL;
	}
}

/* Drop one statement from the cache (it failed in a way that may have
 * left it unusable). */
static void
db_cache_drop(struct db *db, const char *sql)
{
	unsigned h = db_hash(sql);
	struct db_stmt **pp, *s;

	for (pp = &db->cache[h % DB_BUCKETS]; (s = *pp) != NULL; pp = &s->next)
		if (s->hash == h && strcmp(s->sql, sql) == 0) {
			*pp = s->next;
			mysql_stmt_close(s->st);
			free(s->sql);
			free(s);
			return;
		}
}

/* The read and write timeout of new connections (db_set_timeout). */
static unsigned db_rwtimeout = 10;

void
db_set_timeout(unsigned seconds)
{
	db_rwtimeout = seconds;
}

void
db_thread_end(void)
{
	mysql_thread_end();
}

/* Connect db->my with the stored settings; 0 or -1 with a message in err. */
static int
db_connect(struct db *db, char *err, size_t errsz)
{
	my_bool reconnect = 0;
	unsigned ctimeout = 2, rwtimeout = db_rwtimeout;
	MYSQL *my;

	if ((my = mysql_init(NULL)) == NULL) {
		snprintf(err, errsz, "mysql_init failed");
		return -1;
	}
	mysql_options(my, MYSQL_OPT_RECONNECT, &reconnect);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &ctimeout);
	mysql_options(my, MYSQL_OPT_READ_TIMEOUT, &rwtimeout);
	mysql_options(my, MYSQL_OPT_WRITE_TIMEOUT, &rwtimeout);
	/* CLIENT_FOUND_ROWS: db_exec's count is the rows matched, so an
	 * UPDATE that sets the same values still reports that the row exists. */
	if (mysql_real_connect(my, db->host, db->user, db->password, db->name,
	    db->port, db->socket, CLIENT_FOUND_ROWS) == NULL) {
		snprintf(err, errsz, "cannot connect to database %s: %s",
		    db->name, mysql_error(my));
		db->err = mysql_errno(my);
		mysql_close(my);
		return -1;
	}
	if (mysql_query(my, "SET time_zone='+00:00'") != 0) {
		snprintf(err, errsz, "SET time_zone: %s", mysql_error(my));
		db->err = mysql_errno(my);
		mysql_close(my);
		return -1;
	}
	db->my = my;
	db->err = 0;
	return 0;
}

/* Close the connection and forget every prepared statement. */
static void
db_disconnect(struct db *db)
{
	db_cache_clear(db);
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->in_txn = 0;
}

struct db *
db_open(const struct conf *cf, char *err, size_t errsz)
{
	struct db *db;

	db = xcalloc(1, sizeof(*db));
	db->host = xstrdup(cf->db_host != NULL ? cf->db_host : "localhost");
	db->user = xstrdup(cf->db_user != NULL ? cf->db_user : "");
	db->password = xstrdup(cf->db_password != NULL ? cf->db_password : "");
	db->name = xstrdup(cf->db_name != NULL ? cf->db_name : "");
	if (cf->db_socket != NULL && cf->db_socket[0] != '\0')
		db->socket = xstrdup(cf->db_socket);
	db->port = cf->db_port > 0 ? (unsigned)cf->db_port : 0;
	if (db_connect(db, err, errsz) == -1) {
		db_close(db);
		return NULL;
	}
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db->host);
	free(db->user);
	free(db->password);
	free(db->name);
	free(db->socket);
	free(db);
}

int
db_ensure(struct db *db)
{
	char err[256];
	long long t0 = util_now_us();
	int ok = db->my != NULL && mysql_ping(db->my) == 0;

	db->time_us += util_now_us() - t0;
	if (ok) {
		if (db->in_txn) {
			/* A handler left a transaction open: never carry it
			 * into the next request. */
			log_warn("db: transaction left open, rolled back");
			mysql_rollback(db->my);
			db->in_txn = 0;
		}
		return 0;
	}
	if (db->my != NULL)
		log_warn("db: connection lost (%s), reconnecting",
		    mysql_error(db->my));
	db_disconnect(db);
	if (db_connect(db, err, sizeof(err)) == -1) {
		log_warn("db: %s", err);
		return -1;
	}
	return 0;
}

/* The cached statement for sql, prepared now if needed; NULL on error. */
static MYSQL_STMT *
db_prepare(struct db *db, const char *sql)
{
	unsigned h = db_hash(sql);
	struct db_stmt *s;
	MYSQL_STMT *st;

	if (db->my == NULL) {
		db_fail(db, "not connected", sql, CR_SERVER_GONE_ERROR,
		    "no connection");
		return NULL;
	}
	for (s = db->cache[h % DB_BUCKETS]; s != NULL; s = s->next)
		if (s->hash == h && strcmp(s->sql, sql) == 0)
			return s->st;
	if ((st = mysql_stmt_init(db->my)) == NULL) {
		db_fail_my(db, "stmt_init", sql);
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		db_fail_stmt(db, st, "prepare", sql);
		mysql_stmt_close(st);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->hash = h;
	s->sql = xstrdup(sql);
	s->st = st;
	s->next = db->cache[h % DB_BUCKETS];
	db->cache[h % DB_BUCKETS] = s;
	return st;
}

/*
 * Bind parameter i from a type letter and its value: 'i' takes *slot
 * (which must stay valid through the execute), 's' the string (NULL is
 * SQL NULL), 'n' SQL NULL.  Returns 0, or -1 after logging a bad letter.
 */
static int
db_bind_one(struct db *db, const char *sql, MYSQL_BIND *b, char type,
    long long *slot, const char *s)
{
	switch (type) {
	case 'i':
		b->buffer_type = MYSQL_TYPE_LONGLONG;
		b->buffer = slot;
		return 0;
	case 's':
		if (s == NULL) {
			b->buffer_type = MYSQL_TYPE_NULL;
			return 0;
		}
		b->buffer_type = MYSQL_TYPE_STRING;
		b->buffer = (void *)s;
		b->buffer_length = strlen(s);
		return 0;
	case 'n':
		b->buffer_type = MYSQL_TYPE_NULL;
		return 0;
	default:
		db_fail(db, "bad type letter", sql, CR_UNSUPPORTED_PARAM_TYPE,
		    "types takes i, s and n");
		return -1;
	}
}

/*
 * Prepare sql, bind the n parameters already described in bind and
 * execute.  Returns the statement or NULL after logging.
 */
static MYSQL_STMT *
db_exec_bound(struct db *db, const char *sql, size_t n, MYSQL_BIND *bind)
{
	MYSQL_STMT *st;

	if ((st = db_prepare(db, sql)) == NULL)
		return NULL;
	if (n > DB_PARAMS_MAX || n != mysql_stmt_param_count(st)) {
		db_fail(db, "parameter count", sql, CR_PARAMS_NOT_BOUND,
		    "types do not match the placeholders");
		return NULL;
	}
	if (n > 0 && mysql_stmt_bind_param(st, bind) != 0) {
		db_fail_stmt(db, st, "bind", sql);
		return NULL;
	}
	if (mysql_stmt_execute(st) != 0) {
		db_fail_stmt(db, st, "execute", sql);
		/* The connection may be gone or the statement stale. */
		if (db->err == CR_SERVER_GONE_ERROR || db->err == CR_SERVER_LOST)
			db_disconnect(db);
		else if (db->err == ER_UNKNOWN_STMT_HANDLER ||
		    db->err == ER_NEED_REPREPARE)
			db_cache_drop(db, sql);
		return NULL;
	}
	db->err = 0;
	return st;
}

/*
 * Bind the parameters described by types from ap and execute.  ints must
 * hold DB_PARAMS_MAX values (the 'i' arguments live there during the
 * call).  Returns the statement or NULL after logging.
 */
static MYSQL_STMT *
db_run(struct db *db, const char *sql, const char *types, va_list ap,
    MYSQL_BIND *bind, long long *ints)
{
	size_t n, i;
	const char *s;

	n = types != NULL ? strlen(types) : 0;
	if (n > DB_PARAMS_MAX) {
		db_fail(db, "parameter count", sql, CR_PARAMS_NOT_BOUND,
		    "too many parameters");
		return NULL;
	}
	memset(bind, 0, n * sizeof(*bind));
	for (i = 0; i < n; i++) {
		s = NULL;
		if (types[i] == 'i')
			ints[i] = va_arg(ap, long long);
		else if (types[i] == 's')
			s = va_arg(ap, const char *);
		if (db_bind_one(db, sql, &bind[i], types[i], &ints[i], s) == -1)
			return NULL;
	}
	return db_exec_bound(db, sql, n, bind);
}

/* Copy every row of an executed statement into res (cells in arena). */
static int
db_fetch_all(struct db *db, struct arena *a, struct db_res *res,
    MYSQL_STMT *st, const char *sql)
{
	MYSQL_RES *meta = NULL;
	MYSQL_FIELD *fields;
	MYSQL_BIND *bind = NULL;
	unsigned long *lens = NULL;
	my_bool *nulls = NULL, *errs = NULL, on = 1;
	char **bufs = NULL;
	unsigned ncols = 0, c;
	size_t nrows, r;
	int rc = -1, frc;

	memset(res, 0, sizeof(*res));
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		db_fail(db, "no result set", sql, CR_NO_STMT_METADATA,
		    "db_query on a statement without rows");
		return -1;
	}
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	if (mysql_stmt_store_result(st) != 0) {
		db_fail_stmt(db, st, "store", sql);
		goto out;
	}
	ncols = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	nrows = (size_t)mysql_stmt_num_rows(st);
	bind = xcalloc(ncols, sizeof(*bind));
	lens = xcalloc(ncols, sizeof(*lens));
	nulls = xcalloc(ncols, sizeof(*nulls));
	errs = xcalloc(ncols, sizeof(*errs));
	bufs = xcalloc(ncols, sizeof(*bufs));
	for (c = 0; c < ncols; c++) {
		/* max_length is exact for strings; numbers and dates get at
		 * least DB_MIN_BUF, and truncation is handled below anyway. */
		size_t sz = fields[c].max_length + 1;

		if (sz < DB_MIN_BUF)
			sz = DB_MIN_BUF;
		bufs[c] = xmalloc(sz);
		bind[c].buffer_type = MYSQL_TYPE_STRING;
		bind[c].buffer = bufs[c];
		bind[c].buffer_length = sz;
		bind[c].length = &lens[c];
		bind[c].is_null = &nulls[c];
		bind[c].error = &errs[c];
	}
	if (mysql_stmt_bind_result(st, bind) != 0) {
		db_fail_stmt(db, st, "bind result", sql);
		goto out;
	}
	res->ncols = ncols;
	res->cells = arena_calloc(a, nrows * ncols + 1, sizeof(char *));
	for (r = 0; r < nrows; r++) {
		frc = mysql_stmt_fetch(st);
		if (frc == MYSQL_NO_DATA)
			break;
		if (frc == 1) {
			db_fail_stmt(db, st, "fetch", sql);
			goto out;
		}
		for (c = 0; c < ncols; c++) {
			char *cell;

			if (nulls[c]) {
				res->cells[r * ncols + c] = NULL;
				continue;
			}
			cell = arena_alloc(a, lens[c] + 1);
			if (lens[c] < bind[c].buffer_length) {
				memcpy(cell, bufs[c], lens[c]);
			} else {
				/* Truncated: fetch the whole value again. */
				MYSQL_BIND one;

				memset(&one, 0, sizeof(one));
				one.buffer_type = MYSQL_TYPE_STRING;
				one.buffer = cell;
				one.buffer_length = lens[c] + 1;
				if (mysql_stmt_fetch_column(st, &one, c, 0) != 0) {
					db_fail_stmt(db, st, "fetch column", sql);
					goto out;
				}
			}
			cell[lens[c]] = '\0';
			res->cells[r * ncols + c] = cell;
		}
	}
	res->nrows = r;
	rc = 0;
out:
	mysql_stmt_free_result(st);
	if (meta != NULL)
		mysql_free_result(meta);
	if (bufs != NULL)
		for (c = 0; c < ncols; c++)
			free(bufs[c]);
	free(bufs);
	free(bind);
	free(lens);
	free(nulls);
	free(errs);
	if (rc == -1)
		memset(res, 0, sizeof(*res));
	return rc;
}

/*
 * Bind the parameters in arrays (see db_queryv()) and execute.  bind and
 * slots must hold DB_PARAMS_MAX entries (the ints live in slots during
 * the call).  Returns the statement or NULL after logging.
 */
static MYSQL_STMT *
db_runv(struct db *db, const char *sql, const char *types,
    const char *const *strs, const long long *ints, MYSQL_BIND *bind,
    long long *slots)
{
	size_t n = strlen(types), i;

	if (n > DB_PARAMS_MAX) {
		db_fail(db, "parameter count", sql, CR_PARAMS_NOT_BOUND,
		    "too many parameters");
		return NULL;
	}
	memset(bind, 0, n * sizeof(*bind));
	for (i = 0; i < n; i++) {
		slots[i] = ints[i];
		if (db_bind_one(db, sql, &bind[i], types[i], &slots[i], strs[i]) == -1)
			return NULL;
	}
	return db_exec_bound(db, sql, n, bind);
}

/* The affected rows of an executed statement that should return none
 * (rows it does return are drained, so the connection stays in sync,
 * and count 0); -1 if st is NULL. */
static long long
db_affected(MYSQL_STMT *st)
{
	MYSQL_RES *meta;
	my_ulonglong n;

	if (st == NULL)
		return -1;
	if ((meta = mysql_stmt_result_metadata(st)) != NULL) {
		mysql_stmt_store_result(st);
		mysql_stmt_free_result(st);
		mysql_free_result(meta);
		return 0;
	}
	n = mysql_stmt_affected_rows(st);
	return n == (my_ulonglong)-1 ? 0 : (long long)n;
}

int
db_queryv(struct db *db, struct arena *a, struct db_res *res, const char *sql,
    const char *types, const char *const *strs, const long long *ints)
{
	MYSQL_BIND bind[DB_PARAMS_MAX];
	long long slots[DB_PARAMS_MAX];
	MYSQL_STMT *st;
	long long t0 = util_now_us();
	int rc;

	memset(res, 0, sizeof(*res));
	rc = (st = db_runv(db, sql, types, strs, ints, bind, slots)) == NULL ? -1 :
	    db_fetch_all(db, a, res, st, sql);
	db->time_us += util_now_us() - t0;
	return rc;
}

int
db_query(struct db *db, struct arena *a, struct db_res *res,
    const char *sql, const char *types, ...)
{
	MYSQL_BIND bind[DB_PARAMS_MAX];
	long long ints[DB_PARAMS_MAX];
	MYSQL_STMT *st;
	va_list ap;
	long long t0 = util_now_us();
	int rc;

	memset(res, 0, sizeof(*res));
	va_start(ap, types);
	st = db_run(db, sql, types, ap, bind, ints);
	va_end(ap);
	rc = st == NULL ? -1 : db_fetch_all(db, a, res, st, sql);
	db->time_us += util_now_us() - t0;
	return rc;
}

long long
db_exec(struct db *db, const char *sql, const char *types, ...)
{
	MYSQL_BIND bind[DB_PARAMS_MAX];
	long long ints[DB_PARAMS_MAX];
	MYSQL_STMT *st;
	va_list ap;
	long long t0 = util_now_us(), rc;

	va_start(ap, types);
	st = db_run(db, sql, types, ap, bind, ints);
	va_end(ap);
	rc = db_affected(st);
	db->time_us += util_now_us() - t0;
	return rc;
}

long long
db_time_us(const struct db *db)
{
	return db != NULL ? db->time_us : 0;
}

long long
db_last_id(struct db *db)
{
	return db->my != NULL ? (long long)mysql_insert_id(db->my) : 0;
}

unsigned
db_errno(struct db *db)
{
	return db->err;
}

const char *
db_val(const struct db_res *res, size_t row, unsigned col)
{
	if (res == NULL || res->cells == NULL || row >= res->nrows ||
	    col >= res->ncols)
		return NULL;
	return res->cells[row * res->ncols + col];
}

long long
db_int(const struct db_res *res, size_t row, unsigned col)
{
	const char *v = db_val(res, row, col);

	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

/* Sleep 5-50 ms times the attempt number, so that two retrying
 * transactions do not collide again in lockstep. */
static void
db_backoff(int attempt)
{
	struct timespec ts;
	static _Thread_local unsigned seed;	/* generate has two threads */

	if (seed == 0)
		seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(5 + rand_r(&seed) % 46) * attempt * 1000000L;
	nanosleep(&ts, NULL);
}

int
db_lost(struct db *db)
{
	return db->err == CR_SERVER_GONE_ERROR || db->err == CR_SERVER_LOST ||
	    db->err == ER_SERVER_SHUTDOWN || db->err == ER_CONNECTION_KILLED;
}

int
db_txn(struct db *db, int (*fn)(struct db *, void *), void *arg)
{
	int attempt, rc;
	unsigned e;
	long long t0;

	if (db->in_txn) {
		log_warn("db: nested db_txn refused");
		return -1;
	}
	for (attempt = 1; attempt <= DB_TXN_TRIES; attempt++) {
		if (db->my == NULL) {
			db_fail(db, "begin", "", CR_SERVER_GONE_ERROR,
			    "no connection");
			return -1;
		}
		t0 = util_now_us();
		if (mysql_query(db->my, "START TRANSACTION") != 0) {
			db_fail_my(db, "begin", "START TRANSACTION");
			return -1;
		}
		db->time_us += util_now_us() - t0;
		db->in_txn = 1;
		db->txn_retry = 0;
		rc = fn(db, arg);
		t0 = util_now_us();
		if (rc >= 0 && db->my != NULL && mysql_commit(db->my) == 0) {
			db->time_us += util_now_us() - t0;
			db->in_txn = 0;
			return rc;
		}
		db->time_us += util_now_us() - t0;
		if (rc >= 0) {
			if (db->my != NULL)
				db_fail_my(db, "commit", "COMMIT");
			rc = -1;
		}
		e = db->err;
		if (db->my != NULL)
			mysql_rollback(db->my);
		db->in_txn = 0;
		if (!db->txn_retry && !db_is_retry(e))
			return rc;
		if (attempt < DB_TXN_TRIES) {
			log_warn("db: transaction attempt %d failed (%u), retrying",
			    attempt, e);
			db_backoff(attempt);
		}
	}
	log_warn("db: transaction gave up after %d attempts", DB_TXN_TRIES);
	return -1;
}

/* A migration file name: three digits, '_', something, ".sql". */
static int
db_migration_name(const struct dirent *de)
{
	const char *n = de->d_name;
	size_t len = strlen(n);

	return len > 8 && isdigit((unsigned char)n[0]) &&
	    isdigit((unsigned char)n[1]) && isdigit((unsigned char)n[2]) &&
	    n[3] == '_' && strcmp(n + len - 4, ".sql") == 0;
}

/* Read a whole file into a new NUL-terminated string; NULL on error. */
static char *
db_read_file(const char *path, size_t *lenp)
{
	FILE *f;
	char *text = NULL;
	long sz;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 &&
	    sz <= DB_MAX_SQL_FILE && fseek(f, 0, SEEK_SET) == 0) {
		text = xmalloc((size_t)sz + 1);
		if (fread(text, 1, (size_t)sz, f) != (size_t)sz) {
			free(text);
			text = NULL;
		} else {
			text[sz] = '\0';
			*lenp = (size_t)sz;
		}
	}
	fclose(f);
	return text;
}

/* Run a file's text as one multi-statement query, draining every result. */
static int
db_run_script(struct db *db, const char *file, const char *text, size_t len)
{
	MYSQL_RES *r;
	int st, rc = 0;

	if (mysql_set_server_option(db->my, MYSQL_OPTION_MULTI_STATEMENTS_ON)) {
		db_fail_my(db, "multi statements on", file);
		return -1;
	}
	/* The text of a migration file shipped with refportal. */
	if (mysql_real_query(db->my, text, len) != 0) { /* lint-ok */
		db_fail_my(db, "migration", file);
		rc = -1;
	} else {
		do {
			if ((r = mysql_store_result(db->my)) != NULL)
				mysql_free_result(r);
			else if (mysql_field_count(db->my) != 0) {
				db_fail_my(db, "migration result", file);
				rc = -1;
				break;
			}
			st = mysql_next_result(db->my);
			if (st > 0) {
				db_fail_my(db, "migration", file);
				rc = -1;
			}
		} while (st == 0);
	}
	if (db->my != NULL &&
	    mysql_set_server_option(db->my, MYSQL_OPTION_MULTI_STATEMENTS_OFF)) {
		db_fail_my(db, "multi statements off", file);
		rc = -1;
	}
	return rc;
}

int
db_migrate(struct db *db, const char *sql_dir, FILE *log)
{
	struct dirent **list = NULL;
	struct arena a = { NULL };
	struct db_res res;
	int n, i, applied = 0;
	char *path, *text, *version;
	size_t len = 0;

	if (db->my == NULL && db_ensure(db) == -1)
		return -1;
	if (mysql_query(db->my, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version VARCHAR(64) NOT NULL PRIMARY KEY,"
	    " applied_at DATETIME NOT NULL"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci") != 0) {
		db_fail_my(db, "create schema_migrations", "");
		return -1;
	}
	if ((n = scandir(sql_dir, &list, db_migration_name, alphasort)) < 0) {
		log_warn("db: %s: %s", sql_dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		version = arena_strndup(&a, list[i]->d_name,
		    strlen(list[i]->d_name) - 4);
		if (db_query(db, &a, &res,
		    "SELECT 1 FROM schema_migrations WHERE version = ?",
		    "s", version) == -1)
			goto fail;
		if (res.nrows > 0)
			continue;
		path = arena_printf(&a, "%s/%s", sql_dir, list[i]->d_name);
		if ((text = db_read_file(path, &len)) == NULL) {
			log_warn("db: %s: cannot read: %s", path, strerror(errno));
			goto fail;
		}
		if (log != NULL)
			fprintf(log, "applying %s\n", list[i]->d_name);
		if (db_run_script(db, list[i]->d_name, text, len) == -1) {
			/* DDL is not transactional: the file may be half
			 * applied and needs a look by hand. */
			free(text);
			goto fail;
		}
		free(text);
		if (db_exec(db, "INSERT INTO schema_migrations (version, applied_at)"
		    " VALUES (?, UTC_TIMESTAMP())", "s", version) == -1)
			goto fail;
		applied++;
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	arena_free(&a);
	if (log != NULL)
		fprintf(log, "%d migration%s applied\n", applied,
		    applied == 1 ? "" : "s");
	return applied;
fail:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	arena_free(&a);
	return -1;
}

void
db_param_int(struct db_params *p, long long v)
{
	if (p->n == DB_PARAMS_MAX) {
		p->dropped = 1;
		return;
	}
	p->types[p->n] = 'i';
	p->ints[p->n] = v;
	p->strs[p->n++] = NULL;
	p->types[p->n] = '\0';
}

void
db_param_str(struct db_params *p, const char *v)
{
	if (p->n == DB_PARAMS_MAX) {
		p->dropped = 1;
		return;
	}
	p->types[p->n] = 's';
	p->ints[p->n] = 0;
	p->strs[p->n++] = v;
	p->types[p->n] = '\0';
}

int
db_param_in(struct buf *sql, struct db_params *p, const long long *ids, int n)
{
	int	 k;

	if (n > DB_PARAMS_MAX - DB_PARAMS_RESERVE - p->n)
		return -1;
	buf_puts(sql, " IN (?");
	db_param_int(p, ids[0]);
	for (k = 1; k < n; k++) {
		buf_puts(sql, ", ?");
		db_param_int(p, ids[k]);
	}
	buf_puts(sql, ")");
	return 0;
}

char *
db_like_prefix(struct arena *a, const char *s)
{
	return arena_printf(a, "%s%%", db_like_escape(a, s));
}

/* 0 (logged) when p dropped a parameter, so that its query fails. */
static int
db_params_ok(const struct db_params *p, const char *sql)
{
	if (!p->dropped)
		return 1;
	log_warn("too many parameters for: %.60s", sql);
	return 0;
}

int
db_queryp(struct db *db, struct arena *a, struct db_res *res, const char *sql,
    const struct db_params *p)
{
	if (!db_params_ok(p, sql)) {
		memset(res, 0, sizeof(*res));
		return -1;
	}
	return db_queryv(db, a, res, sql, p->types, p->strs, p->ints);
}

long long
db_execp(struct db *db, const char *sql, const struct db_params *p)
{
	MYSQL_BIND bind[DB_PARAMS_MAX];
	long long slots[DB_PARAMS_MAX], t0, rc;

	if (!db_params_ok(p, sql))
		return -1;
	t0 = util_now_us();
	rc = db_affected(db_runv(db, sql, p->types, p->strs, p->ints, bind, slots));
	db->time_us += util_now_us() - t0;
	return rc;
}

char *
db_like_escape(struct arena *a, const char *s)
{
	char *out, *p;

	p = out = arena_alloc(a, strlen(s) * 2 + 1);
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p = '\0';
	return out;
}
