/* unit.h: what every unit test shares: a table's case count, and main's run */
#ifndef RP_UNIT_H
#define RP_UNIT_H

#include <check.h>
#include <stdlib.h>

/* The number of cases of a table, for tcase_add_loop_test(). */
#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Run suite s (which it frees) and say how it went, as main's result. */
static inline int
unit_run(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
