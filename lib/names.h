/* names.h: word index for name search (start of any word, through an index) */
#ifndef RP_NAMES_H
#define RP_NAMES_H

#include <stddef.h>
#include "arena.h"

struct db;

#define NAMES_MAX_WORDS	8
#define NAMES_WORD_MAX	40	/* bytes kept of a word */

/*
 * Split a name into lowercase search words: separators are white space,
 * '-', '\'', '.', ',' and '/'; ASCII is lowercased (the column's
 * collation folds the rest); words longer than NAMES_WORD_MAX bytes are
 * cut at a character boundary.  At most NAMES_MAX_WORDS words go into
 * words[] (arena strings).  Returns the number of words.  Pure.
 */
size_t	names_split(struct arena *, const char *name, char **words, size_t max);

/*
 * Replace the words indexed for one candidate (kind 'c') or referrer
 * (kind 'r') in table name_words.  Run inside the caller's transaction,
 * for a candidate after its row is written: its words take the row's
 * listed (sql/008_search_listed.sql).  Returns 0 or -1.
 */
int	names_index(struct db *, struct arena *, long long org_id, char kind,
	    long long id, const char *name);

/*
 * A candidate of org_id moved to another list (listed "l" or "a", as
 * candidates.listed): its words follow, in the transaction of the write
 * that moved it (a deleted candidate's words are removed instead).
 * Returns 0 or -1.
 */
int	names_relist(struct db *, long long org_id, long long cand_id,
	    const char *listed);

/*
 * Append to a WHERE clause being built, for every word of q, the
 * condition that the referrer in column (a constant SQL fragment such as
 * "r.id") has a word of its name starting with it; the values go into p.
 * Index ranges on name_words, no scan.  Nothing for a NULL q.  (The
 * candidate list's search has its own, lib/cand.c.)
 */
struct db_params;
struct buf;
void	names_match_referrer(struct arena *, struct buf *sql, struct db_params *p,
	    long long org_id, const char *column, const char *q);

#endif
