/* seed.h: the demo data of DESIGN.md 4.2 (refportal-admin seed-demo) */
#ifndef RP_SEED_H
#define RP_SEED_H

#include <stdio.h>

struct db;

/* seed_demo() returns this when the demo organisations exist and reset is 0. */
#define SEED_EXISTS	1

/*
 * Load the two demo organisations with their sites, users, vacancies,
 * referrers, candidates, events and points, one transaction per
 * organisation.  The data is the same on every run (fixed random seed;
 * times are relative to now).  If a demo organisation (by name, or a demo
 * user's email) exists: with reset 0 nothing is done and SEED_EXISTS is
 * returned; with reset 1 the demo organisations and everything of theirs
 * are deleted first.  A summary goes to out.  Returns 0, SEED_EXISTS or -1
 * (logged).
 */
int	seed_demo(struct db *, int reset, FILE *out);

#endif
