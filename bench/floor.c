/* floor.c: the FastCGI floor of scripts/bench: a bare libfcgi responder */
/*
 * floor --socket PATH --workers N FILE
 *
 * Answers every request with FILE (read once; the bench gives it a copy
 * of the list page, so that the bytes match) and the headers the portal
 * sends, from N forked workers on one unix socket, as the portal's
 * programs do.  What it costs is what nginx, FastCGI and the process
 * model cost before any refportal work: the floor of every page.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

static void
serve(int sock, const char *body, size_t len)
{
	FCGX_Request	 r;
	char		 head[512];
	int		 n;

	FCGX_InitRequest(&r, sock, 0);
	n = snprintf(head, sizeof(head), "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\nCache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n\r\n", len);
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(head, n, r.out);
		FCGX_PutStr(body, (int)len, r.out);
		FCGX_Finish_r(&r);
	}
}

int
main(int argc, char *argv[])
{
	const char	*path = NULL, *file = NULL;
	int		 workers = 2, sock, i;
	char		*body;
	size_t		 len;
	FILE		*f;
	long		 sz;
	pid_t		*kids;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc)
			workers = atoi(argv[++i]);
		else
			file = argv[i];
	}
	if (path == NULL || file == NULL || workers < 1 || workers > 64) {
		fprintf(stderr, "usage: floor --socket PATH [--workers N] FILE\n");
		return 2;
	}
	if ((f = fopen(file, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(file);
		return 1;
	}
	len = (size_t)sz;
	if ((body = malloc(len + 1)) == NULL || fread(body, 1, len, f) != len) {
		perror(file);
		return 1;
	}
	fclose(f);
	/* SIGTERM keeps its default action: the bench stops the whole
	 * process group. */
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0)
		return 1;
	unlink(path);
	umask(0117);
	if ((sock = FCGX_OpenSocket(path, 128)) < 0) {
		fprintf(stderr, "%s: cannot listen\n", path);
		return 1;
	}
	if ((kids = calloc((size_t)workers, sizeof(*kids))) == NULL)
		return 1;
	for (i = 0; i < workers; i++)
		if ((kids[i] = fork()) == 0) {
			serve(sock, body, len);
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	unlink(path);
	free(kids);
	return 0;
}
