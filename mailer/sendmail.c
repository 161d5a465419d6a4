/* sendmail.c: the transport through a sendmail-compatible program (-t -i) */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "transport.h"
#include "util.h"

/* Write all of p to fd, LF line ends (the program's convention, not
 * SMTP's CRLF).  Returns 0 or -1 (errno set). */
static int
write_lf(int fd, const char *p, size_t len)
{
	const char	*e = p + len, *q;
	size_t		 n;
	ssize_t		 w;

	while (p < e) {
		/* Up to the next CR of a CRLF, which is dropped. */
		for (q = p; q < e && !(*q == '\r' && q + 1 < e && q[1] == '\n'); q++)
			;
		n = (size_t)(q - p);
		while (n > 0) {
			if ((w = write(fd, p, n)) == -1) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			p += w;
			n -= (size_t)w;
		}
		if (q < e)
			p = q + 1;	/* skip the CR; the LF is written next */
	}
	return 0;
}

/* Wait for pid up to the deadline, then kill it.  The wait status, or -1. */
static int
wait_deadline(pid_t pid, time_t deadline)
{
	int			 st;
	pid_t			 r;
	struct timespec		 ts = { 0, 20 * 1000000L };

	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r == -1 && errno != EINTR)
			return -1;
		if (time(NULL) >= deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
				;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
}

enum send_rc
sendmail_send(char *const *argv, const char *from, const char *msg, size_t len,
    char *err, size_t errsz)
{
	char	**args;
	int	  fds[2], st, wrote;
	size_t	  n, i;
	pid_t	  pid;

	for (n = 0; argv[n] != NULL; n++)
		;
	args = xcalloc(n + 5, sizeof(*args));
	for (i = 0; i < n; i++)
		args[i] = argv[i];
	args[n++] = (char *)"-t";
	args[n++] = (char *)"-i";
	args[n++] = (char *)"-f";
	args[n++] = (char *)from;
	if (pipe(fds) == -1) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		free(args);
		return SEND_TEMP;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(args);
		return SEND_TEMP;
	}
	if (pid == 0) {
		/* The child: the message on stdin, stdout to stderr (the log). */
		signal(SIGPIPE, SIG_DFL);
		dup2(fds[0], 0);
		dup2(2, 1);
		close(fds[0]);
		close(fds[1]);
		execv(args[0], args);
		fprintf(stderr, "refportal-mailer: exec %s: %s\n", args[0],
		    strerror(errno));
		_exit(EX_OSERR);
	}
	free(args);
	close(fds[0]);
	wrote = write_lf(fds[1], msg, len);
	close(fds[1]);
	st = wait_deadline(pid, time(NULL) + SENDMAIL_TIMEOUT);
	if (st == -1) {
		snprintf(err, errsz, "%s did not finish within %d s", argv[0],
		    SENDMAIL_TIMEOUT);
		return SEND_TEMP;
	}
	if (WIFSIGNALED(st)) {
		snprintf(err, errsz, "%s killed by signal %d", argv[0], WTERMSIG(st));
		return SEND_TEMP;
	}
	switch (WEXITSTATUS(st)) {
	case 0:
		if (wrote == -1) {
			snprintf(err, errsz, "%s exited 0 without reading the message",
			    argv[0]);
			return SEND_TEMP;
		}
		return SEND_OK;
	case EX_DATAERR:
	case EX_NOUSER:
	case EX_NOHOST:
		/* The message or its address is refused for good. */
		snprintf(err, errsz, "%s refused the message (exit status %d)",
		    argv[0], WEXITSTATUS(st));
		return SEND_PERM;
	default:
		snprintf(err, errsz, "%s failed (exit status %d)", argv[0],
		    WEXITSTATUS(st));
		return SEND_TEMP;
	}
}
