/* names.c: word index for name search (table name_words) */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "names.h"
#include "util.h"

/* Separators between the words of a name. */
static int
names_sep(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f' || c == '-' || c == '\'' || c == '.' ||
	    c == ',' || c == '/';
}

size_t
names_split(struct arena *a, const char *name, char **words, size_t max)
{
	const unsigned char *p = (const unsigned char *)name, *start;
	size_t n = 0, len, i, j;
	char *w;

	if (max > NAMES_MAX_WORDS)
		max = NAMES_MAX_WORDS;
	while (*p != '\0' && n < max) {
		while (*p != '\0' && names_sep(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !names_sep(*p))
			p++;
		len = (size_t)(p - start);
		if (len > NAMES_WORD_MAX) {
			/* Cut at a character boundary: start[len] must not be a continuation byte. */
			len = NAMES_WORD_MAX;
			while (len > 0 && (start[len] & 0xC0) == 0x80)
				len--;
		}
		w = arena_strndup(a, (const char *)start, len);
		for (i = 0; i < len; i++)
			if (w[i] >= 'A' && w[i] <= 'Z')
				w[i] = (char)(w[i] - 'A' + 'a');
		/* A word twice in one name is indexed once. */
		for (j = 0; j < n; j++)
			if (strcmp(words[j], w) == 0)
				break;
		if (j == n && len > 0)
			words[n++] = w;
	}
	return n;
}

void
names_match_referrer(struct arena *a, struct buf *sql, struct db_params *p,
    long long org_id, const char *column, const char *q)
{
	char	*words[NAMES_MAX_WORDS];
	size_t	 n, i;

	n = q != NULL ? names_split(a, q, words, NAMES_MAX_WORDS) : 0;
	for (i = 0; i < n; i++) {
		buf_puts(sql, " AND ");
		buf_puts(sql, column);
		/* listed leads word in the key (sql/008): a referrer's words
		 * all hold 'l'. */
		buf_puts(sql, " IN (SELECT nw.ref_id FROM name_words nw WHERE nw.org_id = ?"
		    " AND nw.kind = 'r' AND nw.listed = 'l' AND nw.word LIKE ?)");
		db_param_int(p, org_id);
		db_param_str(p, db_like_prefix(a, words[i]));
	}
}

int
names_index(struct db *db, struct arena *a, long long org_id, char kind,
    long long id, const char *name)
{
	char *words[NAMES_MAX_WORDS];
	char k[2] = { kind, '\0' };
	size_t n, i;
	long long rc;

	if (db_exec(db, "DELETE FROM name_words"
	    " WHERE kind = ? AND ref_id = ? AND org_id = ?",
	    "sii", k, id, org_id) == -1)
		return -1;
	n = names_split(a, name != NULL ? name : "", words, NAMES_MAX_WORDS);
	for (i = 0; i < n; i++) {
		/* The collation folds case and accents, so two words that
		 * differ only in those are one key: keep the first.  A
		 * candidate's words take its list from its row (written
		 * before, in this transaction: sql/008); a referrer's hold 'l'. */
		if (kind == 'c') {
			/* 1 row, new or found (CLIENT_FOUND_ROWS); 0: no such
			 * candidate in org_id, which the caller wrote. */
			rc = db_exec(db, "INSERT INTO name_words"
			    " (org_id, kind, listed, word, ref_id)"
			    " SELECT c.org_id, 'c', c.listed, ?, c.id FROM candidates c"
			    " WHERE c.id = ? AND c.org_id = ?"
			    " ON DUPLICATE KEY UPDATE ref_id = name_words.ref_id",
			    "sii", words[i], id, org_id);
			if (rc == 0)
				log_warn("names_index: no candidate %lld in"
				    " organisation %lld", id, org_id);
		} else
			rc = db_exec(db, "INSERT INTO name_words"
			    " (org_id, kind, listed, word, ref_id)"
			    " VALUES (?, ?, 'l', ?, ?) ON DUPLICATE KEY UPDATE ref_id = ref_id",
			    "issi", org_id, k, words[i], id);
		if (rc < 1)
			return -1;
	}
	return 0;
}

int
names_relist(struct db *db, long long org_id, long long cand_id, const char *listed)
{
	return db_exec(db, "UPDATE name_words SET listed = ?"
	    " WHERE kind = 'c' AND ref_id = ? AND org_id = ?",
	    "sii", listed, cand_id, org_id) == -1 ? -1 : 0;
}
