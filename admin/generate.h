/* generate.h: bulk data for benchmarks (refportal-admin generate) */
#ifndef RP_GENERATE_H
#define RP_GENERATE_H

#include <stdio.h>

struct conf;
struct db;

/* The user generate_data() creates in the large organisation. */
#define GEN_USER_EMAIL		"bench@generated.test"
#define GEN_USER_PASSWORD	"refportal-bench"

/*
 * Add about ncand candidates (at least 1,000) in many organisations: one
 * large one ("Generated Care Group", with 50,000 live candidates when
 * ncand allows, else 70% of ncand) and the rest in organisations of
 * 500 to 3,500, each with sites, vacancies and referrers; every candidate
 * with the events that give its cached state (org_state_derive), the
 * points ledger of its green outcomes and its name_words.  The same seed
 * gives the same data.  The rows are made by the database server from
 * small tables of profiles and names (INSERT ... SELECT over a sequence),
 * one statement per table for up to 2,000,000 candidates (per batch of
 * about that many above), on two connections at once: db, and one of
 * its own opened with cf by a worker thread (closed before the return);
 * into a fresh database of 100,000 to 2,000,000 candidates the secondary
 * indexes are built after the load.  The list's counters are counted at
 * the end.  A summary goes to out; with verbose, when each phase ended
 * and how long it took go to stderr.  Returns 0, or -1 (logged).
 */
int	generate_data(struct db *, const struct conf *, long long ncand,
	    unsigned seed, int verbose, FILE *out);

#endif
