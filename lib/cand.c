/* cand.c: candidates: the list query (filters, search, paging) and lookups */
#include "config.h"

#include <string.h>

#include "cand.h"
#include "names.h"
#include "util.h"

const char *const cand_sort_keys[CAND_SORT__MAX] = {
	[CAND_SORT_UPDATED] = "updated",
	[CAND_SORT_NAME] = "name",
	[CAND_SORT_EOI] = "eoi",
};

/* ORDER BY clauses from a fixed list, indexed by enum cand_sort. */
static const char *const cand_orders[CAND_SORT__MAX] = {
	[CAND_SORT_UPDATED] = " ORDER BY c.updated_at DESC, c.id DESC",
	[CAND_SORT_NAME] = " ORDER BY c.name ASC, c.id ASC",
	[CAND_SORT_EOI] = " ORDER BY c.eoi_at DESC, c.id DESC",
};

static void
where_build(struct arena *a, const struct cand_filter *f, struct buf *w,
    struct db_params *p)
{
	char	*words[NAMES_MAX_WORDS];
	size_t	 nw, i;

	/* listed (sql/004_list_paging.sql): l live, a archived, d deleted;
	 * with org_id it leads the list's indexes, which give a page in
	 * order and the count without touching the rows. */
	buf_puts(w, f->view == CAND_ARCHIVE ? " WHERE c.org_id = ? AND c.listed = 'a'" :
	    " WHERE c.org_id = ? AND c.listed = 'l'");
	db_param_int(p, f->org_id);
	if (f->status != NULL) {
		buf_puts(w, " AND c.status = ?");
		db_param_str(p, f->status);
	}
	if (f->nuser_sites > 0) {
		buf_puts(w, " AND c.site_id");
		db_param_in(w, p, f->user_sites, f->nuser_sites);
	}
	if (f->site > 0) {
		buf_puts(w, " AND c.site_id = ?");
		db_param_int(p, f->site);
	}
	if (f->stage_pos > 0) {
		buf_puts(w, " AND c.stage_pos = ?");
		db_param_int(p, f->stage_pos);
	}
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
	if (f->q == NULL)
		return;
	/* Every word of the search starts a word of the candidate's or the
	 * referrer's name: index ranges on name_words, no scan. */
	nw = names_split(a, f->q, words, NAMES_MAX_WORDS);
	for (i = 0; i < nw; i++) {
		char *pat = db_like_prefix(a, words[i]);

		buf_puts(w, " AND (c.id IN (SELECT nw.ref_id FROM name_words nw "
		    "WHERE nw.org_id = ? AND nw.kind = 'c' AND nw.word LIKE ?) "
		    "OR c.referrer_id IN (SELECT nr.ref_id FROM name_words nr "
		    "WHERE nr.org_id = ? AND nr.kind = 'r' AND nr.word LIKE ?))");
		db_param_int(p, f->org_id);
		db_param_str(p, pat);
		db_param_int(p, f->org_id);
		db_param_str(p, pat);
	}
}

int
cand_list(struct db *db, struct arena *a, const struct cand_filter *f,
    long long *total, struct db_res *rows)
{
	struct buf	 w = { NULL, 0, 0 }, sql = { NULL, 0, 0 };
	struct db_params p;
	struct db_res	 cnt;
	int		 rc = -1;

	memset(&p, 0, sizeof(p));
	where_build(a, f, &w, &p);

	buf_puts(&sql, "SELECT COUNT(*) FROM candidates c");
	buf_puts(&sql, w.data);
	if (db_queryp(db, a, &cnt, sql.data, &p) == -1)
		goto out;
	*total = db_int(&cnt, 0, 0);

	/* Page the ids over the index first, then join the page's rows. */
	sql.len = 0;
	buf_puts(&sql, "SELECT " CAND_COLUMNS "FROM (SELECT c.id FROM candidates c");
	buf_puts(&sql, w.data);
	buf_puts(&sql, cand_orders[f->sort]);
	buf_puts(&sql, " LIMIT ? OFFSET ?) k JOIN candidates c ON c.id = k.id" CAND_JOINS);
	buf_puts(&sql, cand_orders[f->sort]);
	db_param_int(&p, f->page_size);
	db_param_int(&p, (f->page - 1) * f->page_size);
	if (db_queryp(db, a, rows, sql.data, &p) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&w);
	buf_free(&sql);
	return rc;
}
