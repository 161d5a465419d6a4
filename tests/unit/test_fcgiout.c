/* test_fcgiout.c: table-driven tests of the FCGI_STDOUT records of a response */
#include "config.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "fcgiout.h"
#include "util.h"
#include "unit.h"

#define R	FCGIOUT_RECORD
#define NPARTS	300

/*
 * Each case: the sizes of the parts (0 ends the list, so an empty part
 * is -1), and the content length of each record that must come out, in
 * order (0 ends it).
 */
static const struct {
	const char	*name;
	long		 parts[8];
	long		 want[48];
} cases[] = {
	{ "nothing", { 0 }, { 0 } },
	{ "empty parts", { -1, -1 }, { 0 } },
	{ "one byte", { 1 }, { 1 } },
	{ "header and body", { 200, 68000 }, { R, 68200 - R } },
	{ "empty header", { -1, 5 }, { 5 } },
	{ "empty body", { 7, -1 }, { 7 } },
	{ "one record exactly", { R }, { R } },
	{ "one byte over", { R + 1 }, { R, 1 } },
	{ "split across parts", { R - 1, 2 }, { R, 1 } },
	{ "three parts, empty between", { 10, -1, R }, { R, 10 } },
	/* Over a batch of 32 records: two writev()s. */
	{ "two batches", { 3, R * 33 },
	  { R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R,
	    R, R, R, R, R, R, R, R, R, R, R, R, R, 3 } },
};

/* The bytes of part p at i: they differ, so that a piece out of order shows. */
static char
byte_at(size_t p, size_t i)
{
	return (char)('a' + (p * 7 + i * 13 + i / 251) % 26);
}

/* Read all fd gives until EOF into a malloc'd buffer; its length in *len. */
static unsigned char *
read_all(int fd, size_t *len)
{
	unsigned char	*b = NULL;
	size_t		 cap = 0;
	ssize_t		 got;

	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			b = realloc(b, cap);
			ck_assert_ptr_nonnull(b);
		}
		got = read(fd, b + *len, cap - *len);
		if (got == -1 && errno == EINTR)
			continue;
		ck_assert_int_ge(got, 0);
		if (got == 0)
			return b;
		*len += (size_t)got;
	}
}

/*
 * writev() as a busy socket or a signal may answer, when the_short is
 * set: at most a few bytes at a time, across iovecs or within one, and
 * every third call EINTR.  lib/fcgiout.c's calls come here (the test is
 * linked with --wrap=writev); fcgiout_write() must go on where each
 * left off.
 */
static int	 the_short;

ssize_t	__real_writev(int, const struct iovec *, int);
ssize_t	__wrap_writev(int, const struct iovec *, int);

ssize_t
__wrap_writev(int fd, const struct iovec *iov, int n)
{
	static unsigned	 calls;
	struct iovec	 cut[64];
	size_t		 cap;
	int		 k;

	if (!the_short)
		return __real_writev(fd, iov, n);
	if (++calls % 3 == 0) {
		errno = EINTR;
		return -1;
	}
	cap = 1 + (calls * 977) % 20011;
	for (k = 0; k < n && k < 64 && cap > 0; k++) {
		cut[k] = iov[k];
		if (cut[k].iov_len > cap)
			cut[k].iov_len = cap;
		cap -= cut[k].iov_len;
	}
	return __real_writev(fd, cut, k);
}

/*
 * Write the parts from a child (the socket holds less than the largest
 * case) and read the records here: each is version 1, FCGI_STDOUT, our
 * id, no padding, reserved byte 0, of the wanted length, and their
 * contents together are the parts in order.
 */
static void
check_records(const char *name, const char *const *parts, const size_t *lens,
    size_t nparts, const long *want)
{
	unsigned char	*b, *h;
	char		*all;
	size_t		 total = 0, len, at, pos, p, k;
	int		 sv[2], status;
	pid_t		 pid;

	for (p = 0; p < nparts; p++)
		total += lens[p];
	all = xmalloc(total + 1);
	for (p = 0, pos = 0; p < nparts; pos += lens[p], p++)
		memcpy(all + pos, parts[p], lens[p]);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		_exit(fcgiout_write(sv[1], 0x1234, parts, lens, nparts) == 0 ? 0 : 1);
	}
	ck_assert_int_gt(pid, 0);
	close(sv[1]);
	b = read_all(sv[0], &len);
	close(sv[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "%s: fcgiout_write failed", name);

	at = 0;
	pos = 0;
	for (k = 0; want[k] != 0; k++) {
		ck_assert_msg(at + 8 <= len, "%s: record %zu missing", name, k);
		h = b + at;
		ck_assert_msg(h[0] == 1 && h[1] == 6 && ((h[2] << 8) | h[3]) == 0x1234 &&
		    h[6] == 0 && h[7] == 0, "%s: record %zu: header %02x %02x %02x %02x"
		    " .. %02x %02x", name, k, h[0], h[1], h[2], h[3], h[6], h[7]);
		ck_assert_msg((long)((h[4] << 8) | h[5]) == want[k],
		    "%s: record %zu holds %d bytes, want %ld", name, k,
		    (h[4] << 8) | h[5], want[k]);
		at += 8;
		ck_assert_msg(at + (size_t)want[k] <= len, "%s: record %zu short", name, k);
		/* Its content: the next bytes of the parts. */
		ck_assert_msg(memcmp(b + at, all + pos, (size_t)want[k]) == 0,
		    "%s: record %zu is not bytes %zu.. of the parts", name, k, pos);
		at += (size_t)want[k];
		pos += (size_t)want[k];
	}
	ck_assert_msg(at == len, "%s: %zu bytes after the records", name, len - at);
	ck_assert_msg(pos == total, "%s: %zu bytes of the parts not written", name, total - pos);
	free(b);
	free(all);
}

/* Each case, written as the socket takes it (_i even) and in short
 * writes with EINTR between (_i odd). */
START_TEST(test_records)
{
	const char	*parts[8];
	char		*own[8];
	size_t		 lens[8], n, p, i, c = (size_t)_i / 2;

	the_short = _i % 2;
	for (n = 0; n < 8 && cases[c].parts[n] != 0; n++) {
		lens[n] = cases[c].parts[n] < 0 ? 0 : (size_t)cases[c].parts[n];
		own[n] = xmalloc(lens[n] + 1);
		for (i = 0; i < lens[n]; i++)
			own[n][i] = byte_at(n, i);
		parts[n] = own[n];
	}
	check_records(cases[c].name, parts, lens, n, cases[c].want);
	for (p = 0; p < n; p++)
		free(own[p]);
}
END_TEST

/* Many small parts: more pieces than a writev() takes at once (_i: in
 * short writes). */
START_TEST(test_many_parts)
{
	static char	 data[NPARTS][3];
	const char	*parts[NPARTS];
	size_t		 lens[NPARTS], p;
	long		 want[2] = { 0, 0 };

	for (p = 0; p < NPARTS; p++) {
		lens[p] = p % 4;	/* some empty */
		data[p][0] = byte_at(p, 0);
		data[p][1] = byte_at(p, 1);
		data[p][2] = byte_at(p, 2);
		parts[p] = data[p];
		want[0] += (long)lens[p];
	}
	the_short = _i;
	check_records(the_short ? "many parts, short writes" : "many parts",
	    parts, lens, NPARTS, want);
}
END_TEST

/* The peer gone: -1 and EPIPE (SIGPIPE ignored, as lib/loop.c has it). */
START_TEST(test_peer_gone)
{
	static char	 body[200000];
	const char	*parts[1] = { body };
	size_t		 lens[1] = { sizeof(body) };
	int		 sv[2];

	the_short = 0;
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[0]);
	errno = 0;
	ck_assert_int_eq(fcgiout_write(sv[1], 1, parts, lens, 1), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(sv[1]);
}
END_TEST


int
main(void)
{
	Suite	*s = suite_create("fcgiout");
	TCase	*tc = tcase_create("records");

	tcase_add_loop_test(tc, test_records, 0, 2 * NCASES(cases));
	tcase_add_loop_test(tc, test_many_parts, 0, 2);
	tcase_add_test(tc, test_peer_gone);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
