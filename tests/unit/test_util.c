/* test_util.c: util_utc_to_local(), a DATETIME in an organisation's time zone */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "unit.h"

static const struct utc_case {
	const char	*tz;
	const char	*in;
	size_t		 outsz;		/* 0: 64 */
	int		 rc;
	const char	*want;
} utcs[] = {
	/* Winter (+1), summer (+2), the change to summer time and back. */
	{ "Europe/Amsterdam", "2026-11-24 08:15:59", 0, 0, "2026-11-24 09:15" },
	{ "Europe/Amsterdam", "2026-07-01 22:30:00", 0, 0, "2026-07-02 00:30" },
	{ "Europe/Amsterdam", "2026-03-29 00:59:59", 0, 0, "2026-03-29 01:59" },
	{ "Europe/Amsterdam", "2026-03-29 01:00:00", 0, 0, "2026-03-29 03:00" },
	{ "Europe/Amsterdam", "2026-10-25 00:59:00", 0, 0, "2026-10-25 02:59" },
	{ "Europe/Amsterdam", "2026-10-25 01:00:00", 0, 0, "2026-10-25 02:00" },
	{ "Europe/London", "2026-12-31 23:59:59", 0, 0, "2026-12-31 23:59" },
	{ "Europe/London", "2026-06-30 23:00:00", 0, 0, "2026-07-01 00:00" },
	{ "UTC", "0999-01-02 03:04:05", 0, 0, "0999-01-02 03:04" },
	{ "Europe/Amsterdam", "2028-02-28 23:30:00", 0, 0, "2028-02-29 00:30" },
	{ "Europe/Amsterdam", "2026-11-24 08:15:59.123456", 0, 0, "2026-11-24 09:15" },
	/* Cut to fit. */
	{ "Europe/Amsterdam", "2026-11-24 08:15:59", 11, 0, "2026-11-24" },
	{ "Europe/Amsterdam", "2026-11-24 08:15:59", 1, 0, "" },
	/* Not a DATETIME: -1, and its first 16 characters. */
	{ "Europe/Amsterdam", NULL, 0, -1, "" },
	{ "Europe/Amsterdam", "", 0, -1, "" },
	{ "Europe/Amsterdam", "2026-11-24", 0, -1, "2026-11-24" },
	{ "Europe/Amsterdam", "2026-11-24 08:15", 0, -1, "2026-11-24 08:15" },
	{ "Europe/Amsterdam", "2026-11-24T08:15:59", 0, -1, "2026-11-24T08:15" },
	{ "Europe/Amsterdam", "2026-11-24 08:15:59 ", 0, -1, "2026-11-24 08:15" },
	{ "Europe/Amsterdam", "2026-11-24 08:15:59.", 0, 0, "2026-11-24 09:15" },
	{ "Europe/Amsterdam", "2026-11-24 08:15:59.x", 0, -1, "2026-11-24 08:15" },
	{ "Europe/Amsterdam", " 2026-11-24 08:15:59", 0, -1, " 2026-11-24 08:1" },
	{ "Europe/Amsterdam", "2026-1-24 08:15:59", 0, -1, "2026-1-24 08:15:" },
	{ "Europe/Amsterdam", "2026-11-24 8:15:59", 0, -1, "2026-11-24 8:15:" },
	{ "Europe/Amsterdam", "20a6-11-24 08:15:59", 0, -1, "20a6-11-24 08:15" },
	{ "Europe/Amsterdam", "<b>2026-11-24 08:15:59", 0, -1, "<b>2026-11-24 08" },
};

START_TEST(test_utc_to_local)
{
	const struct utc_case	*c = &utcs[_i];
	char			 out[64];

	memset(out, 'x', sizeof(out));
	ck_assert_int_eq(util_utc_to_local(c->tz, c->in, out,
	    c->outsz != 0 ? c->outsz : sizeof(out)), c->rc);
	ck_assert_str_eq(out, c->want);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_utc_to_local, 0, NCASES(utcs));
	suite_add_tcase(s, tc);
	return unit_run(s);
}
