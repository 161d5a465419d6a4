/* cand.c: candidates: the list query (filters, search, paging) and its counters */
#include "config.h"

#include <string.h>

#include "cand.h"
#include "names.h"
#include "sess.h"
#include "util.h"

const char *const cand_sort_keys[CAND_SORT__MAX] = {
	[CAND_SORT_UPDATED] = "updated",
	[CAND_SORT_NAME] = "name",
	[CAND_SORT_EOI] = "eoi",
};

/*
 * Each order, indexed by enum cand_sort: a column of candidates c and a
 * direction, the id breaking ties.  The page's ids (k) come with that
 * column as k.sk, so that the page is put in order before its rows are
 * joined (no temporary table of joined rows to sort).
 */
struct cand_order {
	const char	*col;
	const char	*dir;
};

static const struct cand_order cand_orders[CAND_SORT__MAX] = {
	[CAND_SORT_UPDATED] = { "c.updated_at", "DESC" },
	[CAND_SORT_NAME] = { "c.name", "ASC" },
	[CAND_SORT_EOI] = { "c.eoi_at", "DESC" },
};

/* The words of a search; the longest (likely the fewest matches) leads
 * when the matches drive the query. */
struct cand_words {
	char	*w[NAMES_MAX_WORDS];
	size_t	 n;
	size_t	 lead;
};

static void
words_split(struct arena *a, const char *q, struct cand_words *cw)
{
	size_t	 i;

	cw->n = q != NULL ? names_split(a, q, cw->w, NAMES_MAX_WORDS) : 0;
	cw->lead = 0;
	for (i = 1; i < cw->n; i++)
		if (strlen(cw->w[i]) > strlen(cw->w[cw->lead]))
			cw->lead = i;
}

/* The list of the view, as candidates.listed and name_words.listed. */
static const char *
view_listed(const struct cand_filter *f)
{
	return f->view == CAND_ARCHIVE ? "a" : "l";
}

/*
 * The ids of the candidates of the view's list that one word matches,
 * from the word index, so the cost follows the matches, not the size of
 * the list.  The candidate's own name: its words carry its list
 * (name_words.listed, sql/008), so a range of that key, never the rows.
 * The referrer's name: the referrer's words (all 'l'), then its
 * candidates of the list through cand_referrer_listed (index only; a
 * referrer's candidates are of its organisation, lib/eoi.c).  Their
 * parameters: word_params().
 */
#define CAND_OWN_WORD "SELECT nw.ref_id AS id FROM name_words nw " \
	"WHERE nw.org_id = ? AND nw.kind = 'c' AND nw.listed = ? AND nw.word LIKE ?"
#define CAND_REF_WORD "SELECT cr.id FROM name_words nr " \
	"JOIN candidates cr ON cr.referrer_id = nr.ref_id AND cr.listed = ? " \
	"WHERE nr.org_id = ? AND nr.kind = 'r' AND nr.listed = 'l' AND nr.word LIKE ?"

static void
word_params(struct arena *a, const struct cand_filter *f, const char *word,
    struct db_params *p)
{
	char	*pat = db_like_prefix(a, word);

	db_param_int(p, f->org_id);
	db_param_str(p, view_listed(f));
	db_param_str(p, pat);
	db_param_str(p, view_listed(f));
	db_param_int(p, f->org_id);
	db_param_str(p, pat);
}

/* The most parameters a statement of cand_list() binds after the site
 * list (where_list's site and stage, where_rows' job, location and words,
 * the page's size and offset): db_param_in() leaves room for them. */
typedef char cand_params_fit[2 + 3 + 6 * NAMES_MAX_WORDS + 2 <=
    DB_PARAMS_RESERVE ? 1 : -1];

/*
 * The filters the counters answer too: the list, status, sites, stage.
 * The columns are named alike in candidates and cand_counts, both
 * aliased c (a site is never 0 and never NULL in a filter).
 */
static void
where_list(const struct cand_filter *f, struct buf *w, struct db_params *p)
{
	/* listed (sql/004_list_paging.sql): l live, a archived, d deleted;
	 * with org_id it leads the list's indexes, which give a page in
	 * order without touching the rows. */
	buf_puts(w, " WHERE c.org_id = ? AND c.listed = ?");
	db_param_int(p, f->org_id);
	db_param_str(p, view_listed(f));
	if (f->status != NULL) {
		buf_puts(w, " AND c.status = ?");
		db_param_str(p, f->status);
	}
	if (f->nuser_sites > 0)
		sess_sites_where(w, p, "c.site_id", f->user_id, f->user_sites,
		    f->nuser_sites);
	if (f->site > 0) {
		buf_puts(w, " AND c.site_id = ?");
		db_param_int(p, f->site);
	}
	if (f->stage_pos > 0) {
		buf_puts(w, " AND c.stage_pos = ?");
		db_param_int(p, f->stage_pos);
	}
}

/* The filters only the rows answer: job, location, and every word of
 * the search but skip (cw->n: none skipped). */
static void
where_rows(struct arena *a, const struct cand_filter *f,
    const struct cand_words *cw, size_t skip, struct buf *w, struct db_params *p)
{
	size_t	 i;

	if (f->job > 0) {
		buf_puts(w, " AND c.vacancy_id = ?");
		db_param_int(p, f->job);
	}
	if (f->location != NULL) {
		buf_puts(w, " AND c.vacancy_id IN (SELECT v2.id FROM vacancies v2 "
		    "WHERE v2.org_id = ? AND v2.location = ?)");
		db_param_int(p, f->org_id);
		db_param_str(p, f->location);
	}
	/* Every word of the search starts a word of the candidate's or the
	 * referrer's name: two sets of ids, each made once, so that a walk
	 * down the list's index checks its entries without reading the rows
	 * (a referrer_id from each row made a walk at 1M three times slower). */
	for (i = 0; i < cw->n; i++) {
		if (i == skip)
			continue;
		buf_puts(w, " AND (c.id IN (" CAND_OWN_WORD ") OR c.id IN ("
		    CAND_REF_WORD "))");
		word_params(a, f, cw->w[i], p);
	}
}

/* FROM the ids (m.id) of the candidates of the view's list that one word
 * matches, each once: UNION drops a candidate matched both ways, or by
 * two words of its name. */
static void
from_matches(struct arena *a, const struct cand_filter *f, const char *word,
    struct buf *w, struct db_params *p)
{
	buf_puts(w, " FROM (" CAND_OWN_WORD " UNION " CAND_REF_WORD ") m");
	word_params(a, f, word, p);
}

/*
 * How the total is counted: from the counters when they can answer; a
 * search of one word and no other filter than the list, over its matches
 * alone (the word index and cand_referrer_listed: 1 ms for 2,600 matches
 * among 1,000,000 candidates, where joining each to its row took 4);
 * any other search over its matches joined to their rows, for the other
 * filters (both with the size of the whole list, for choosing how to
 * read the page); else over the rows (a job or a location: a few).
 */
enum cand_count {
	CAND_COUNT_COUNTERS,
	CAND_COUNT_WORD,
	CAND_COUNT_MATCHES,
	CAND_COUNT_ROWS,
	CAND_COUNT__MAX
};

/* A search's count, with the size of the whole list. */
#define CAND_COUNT_SEARCH "SELECT COUNT(*), (SELECT SUM(k.n) FROM cand_counts k " \
	"WHERE k.org_id = ? AND k.listed = ?)"

static const char *const cand_count_heads[CAND_COUNT__MAX] = {
	[CAND_COUNT_COUNTERS] = "SELECT SUM(c.n) FROM cand_counts c",
	[CAND_COUNT_WORD] = CAND_COUNT_SEARCH,
	[CAND_COUNT_MATCHES] = CAND_COUNT_SEARCH,
	[CAND_COUNT_ROWS] = "SELECT COUNT(*) FROM candidates c",
};

/* Only the list filters f: no status, site, stage, job or location, and
 * the user sees every site. */
static int
list_only(const struct cand_filter *f)
{
	return f->status == NULL && f->nuser_sites == 0 && f->site <= 0 &&
	    f->stage_pos <= 0 && f->job <= 0 && f->location == NULL;
}

/* The total of f counted as how, into total (listn: the size of the
 * whole list for a search, else 0); sql and p are the caller's, empty.
 * Returns 0 or -1. */
static int
count_total(struct db *db, struct arena *a, const struct cand_filter *f,
    enum cand_count how, const struct cand_words *cw, struct buf *sql,
    struct db_params *p, long long *total, long long *listn)
{
	struct db_res	 cnt;

	buf_puts(sql, cand_count_heads[how]);
	if (how == CAND_COUNT_WORD || how == CAND_COUNT_MATCHES) {
		db_param_int(p, f->org_id);
		db_param_str(p, view_listed(f));
		from_matches(a, f, cw->w[cw->lead], sql, p);
	}
	if (how == CAND_COUNT_MATCHES)
		buf_puts(sql, " JOIN candidates c ON c.id = m.id");
	if (how != CAND_COUNT_WORD)
		where_list(f, sql, p);
	if (how == CAND_COUNT_MATCHES || how == CAND_COUNT_ROWS)
		where_rows(a, f, cw, how == CAND_COUNT_MATCHES ? cw->lead : cw->n,
		    sql, p);
	if (db_queryp(db, a, &cnt, sql->data, p) == -1)
		return -1;
	*total = db_int(&cnt, 0, 0);
	*listn = cnt.ncols > 1 ? db_int(&cnt, 0, 1) : 0;
	return 0;
}

int
cand_list(struct db *db, struct arena *a, const struct cand_filter *f,
    long long *total, struct db_res *rows)
{
	const struct cand_order	*o = &cand_orders[f->sort];
	struct buf		 sql = { NULL, 0, 0 };
	struct db_params	 p;
	struct cand_words	 cw;
	enum cand_count		 how;
	long long		 offset = (f->page - 1) * f->page_size, listn = 0;
	int			 rc = -1, drive, inpage;

	words_split(a, f->q, &cw);
	if (cw.n > 0)
		how = cw.n == 1 && list_only(f) ? CAND_COUNT_WORD : CAND_COUNT_MATCHES;
	else
		how = f->job > 0 || f->location != NULL ? CAND_COUNT_ROWS :
		    CAND_COUNT_COUNTERS;

	/* The total: from the counters, in the page's own query (one round
	 * trip fewer for the list as it opens); else first, as a search
	 * needs it to choose how to read its page.  Not in the page's query
	 * for a user limited to sites, whose list would be bound twice. */
	inpage = how == CAND_COUNT_COUNTERS && f->nuser_sites == 0;
	memset(&p, 0, sizeof(p));
	if (!inpage) {
		if (count_total(db, a, f, how, &cw, &sql, &p, total, &listn) == -1)
			goto out;
		memset(&p, 0, sizeof(p));
		sql.len = 0;
	}

	/*
	 * The page's ids, then their rows.  Walking the list's index in
	 * order reads about (offset + page) * list / total entries; reading
	 * the search's matches and sorting them reads about total: walk
	 * unless the matches are fewer.
	 */
	drive = cw.n > 0 && (double)*total * (double)*total <
	    (double)(offset + f->page_size) * (double)listn;
	buf_puts(&sql, "SELECT " CAND_COLUMNS);
	if (inpage) {
		/* Column CC__MAX, the same on every row (MariaDB works it
		 * out once); its c is cand_counts. */
		buf_puts(&sql, ", (");
		buf_puts(&sql, cand_count_heads[how]);
		where_list(f, &sql, &p);
		buf_puts(&sql, ")");
	}
	/* Only a column and a direction of cand_orders are formatted in (a
	 * name cannot be bound); f->sort is an enum cand_sort, checked
	 * against cand_sort_keys before the handler.  Values are bound. */
	buf_printf(&sql, " FROM (SELECT c.id, %s AS sk", o->col);
	if (drive) {
		from_matches(a, f, cw.w[cw.lead], &sql, &p);
		buf_puts(&sql, " JOIN candidates c ON c.id = m.id");
	} else
		buf_puts(&sql, " FROM candidates c");
	where_list(f, &sql, &p);
	where_rows(a, f, &cw, drive ? cw.lead : cw.n, &sql, &p);
	buf_printf(&sql, " ORDER BY %s %s, c.id %s", o->col, o->dir, o->dir);
	buf_puts(&sql, " LIMIT ? OFFSET ?) k JOIN candidates c ON c.id = k.id" CAND_JOINS);
	buf_printf(&sql, " ORDER BY k.sk %s, k.id %s", o->dir, o->dir);
	db_param_int(&p, f->page_size);
	db_param_int(&p, offset);
	if (db_queryp(db, a, rows, sql.data, &p) == -1)
		goto out;
	if (inpage) {
		/* No row to carry it (a page past the end): on its own. */
		if (rows->nrows > 0)
			*total = db_int(rows, 0, CC__MAX);
		else {
			memset(&p, 0, sizeof(p));
			sql.len = 0;
			if (count_total(db, a, f, how, &cw, &sql, &p, total, &listn) == -1)
				goto out;
		}
	}
	rc = 0;
out:
	buf_free(&sql);
	return rc;
}

/* --- the counters (sql/005_list_counts.sql) --- */

const char *
cand_listed(const char *status)
{
	return strcmp(status, "archived") == 0 ? "a" : "l";
}

/* The list a bucket is on. */
static const char *
bucket_listed(const struct cand_bucket *b)
{
	return cand_listed(b->status);
}

/* The order of the counter rows: every transaction touches its two in
 * this order, so that two of them never wait for each other. */
static int
bucket_cmp(const struct cand_bucket *x, const struct cand_bucket *y)
{
	int	 d;

	if ((d = strcmp(bucket_listed(x), bucket_listed(y))) != 0)
		return d;
	if (x->site_id != y->site_id)
		return x->site_id < y->site_id ? -1 : 1;
	if ((d = strcmp(x->status, y->status)) != 0)
		return d;
	return x->stage_pos - y->stage_pos;
}

/* Add delta to the counter row of bucket b (a new row when there is none). */
static int
bucket_add(struct db *db, long long org_id, const struct cand_bucket *b,
    long long delta)
{
	return db_exec(db, "INSERT INTO cand_counts (org_id, listed, site_id, "
	    "status, stage_pos, n) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE n = n + VALUES(n)", "isisii", org_id,
	    bucket_listed(b), b->site_id, b->status, (long long)b->stage_pos,
	    delta) == -1 ? -1 : 0;
}

/* Add na to bucket a's row and nb to b's, in that order, in one
 * statement (one round trip in the write's transaction). */
static int
bucket_add2(struct db *db, long long org_id, const struct cand_bucket *a,
    long long na, const struct cand_bucket *b, long long nb)
{
	return db_exec(db, "INSERT INTO cand_counts (org_id, listed, site_id, "
	    "status, stage_pos, n) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE n = n + VALUES(n)", "isisiiisisii",
	    org_id, bucket_listed(a), a->site_id, a->status, (long long)a->stage_pos, na,
	    org_id, bucket_listed(b), b->site_id, b->status, (long long)b->stage_pos,
	    nb) == -1 ? -1 : 0;
}

int
cand_count_move(struct db *db, long long org_id, const struct cand_bucket *from,
    const struct cand_bucket *to)
{
	int	 d;

	if (from == NULL && to == NULL)
		return 0;
	if (from == NULL)
		return bucket_add(db, org_id, to, 1);
	if (to == NULL)
		return bucket_add(db, org_id, from, -1);
	if ((d = bucket_cmp(from, to)) == 0)
		return 0;
	return d < 0 ? bucket_add2(db, org_id, from, -1, to, 1) :
	    bucket_add2(db, org_id, to, 1, from, -1);
}

/* The rebuild's statements: [0] one organisation (its id bound), [1] all. */
static const char *const rebuild_delete[2] = {
	"DELETE FROM cand_counts WHERE org_id = ?",
	"DELETE FROM cand_counts",
};
static const char *const rebuild_insert[2] = {
	"INSERT INTO cand_counts (org_id, listed, site_id, status, stage_pos, n) "
	    "SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*) "
	    "FROM candidates WHERE org_id = ? AND listed <> 'd' "
	    "GROUP BY org_id, listed, COALESCE(site_id, 0), status, stage_pos",
	"INSERT INTO cand_counts (org_id, listed, site_id, status, stage_pos, n) "
	    "SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*) "
	    "FROM candidates WHERE listed <> 'd' "
	    "GROUP BY org_id, listed, COALESCE(site_id, 0), status, stage_pos",
};

static int
rebuild_txn(struct db *db, void *arg)
{
	long long	 org_id = *(long long *)arg;
	int		 all = org_id == 0;

	/* INSERT ... SELECT reads the candidates with shared locks: a
	 * write that moves a counter meanwhile waits, or is retried. */
	if (db_exec(db, rebuild_delete[all], all ? "" : "i", org_id) == -1 ||
	    db_exec(db, rebuild_insert[all], all ? "" : "i", org_id) == -1)
		return -1;
	return 0;
}

int
cand_counts_rebuild(struct db *db, long long org_id)
{
	return db_txn(db, rebuild_txn, &org_id) < 0 ? -1 : 0;
}
