/* mailer.c: refportal-mailer, which turns due outbox rows into mail */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "mime.h"
#include "queue.h"
#include "render.h"
#include "template.h"
#include "transport.h"
#include "util.h"

/* Rows claimed per transaction. */
#define MAILER_BATCH	25
/* Seconds between polls when nothing is due. */
#define MAILER_IDLE	1

static volatile sig_atomic_t stopping;

/* Everything the loop needs, made once before it. */
struct mailer {
	struct conf		 cf;
	struct db		*db;
	struct render		*render;
	struct transport	*tr;
	char			*from_addr;	/* envelope sender */
	char			*host;		/* Message-ID right-hand side */
	unsigned		 seed;
	long			 sent, retried, failed;
};

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: refportal-mailer [--config FILE] [--once]\n");
	exit(2);
}

/* The host of public_url ("http://host:port/path" -> "host"). */
static char *
url_host(const char *url)
{
	const char	*p = strstr(url, "://");
	size_t		 n;

	p = p != NULL ? p + 3 : url;
	if (strchr(p, '@') != NULL && strchr(p, '@') < p + strcspn(p, "/"))
		p = strchr(p, '@') + 1;
	n = strcspn(p, ":/?#");
	if (n == 0 || n > 200)
		return xstrdup("localhost");
	return xstrndup(p, n);
}

/* Sleep up to secs seconds, less when a signal arrives. */
static void
nap(int secs)
{
	struct timespec	 ts = { secs, 0 };

	if (!stopping)
		nanosleep(&ts, NULL);
}

/* Record a temporary failure: retry later, or give up once the message
 * has waited mail_give_up seconds. */
static void
temp_failure(struct mailer *m, const struct mail_row *row, const char *err)
{
	int	 delay;
	char	*why;

	delay = queue_delay(row->attempts, m->cf.mail_retry_first,
	    m->cf.mail_retry_max, &m->seed);
	if (row->age + delay > m->cf.mail_give_up) {
		why = xasprintf("gave up after %d attempts: %s", row->attempts, err);
		queue_fail(m->db, row->id, why);
		log_info("failed id=%lld kind=%s to=%s attempt=%d: %s", row->id,
		    row->kind, row->recipient, row->attempts, why);
		free(why);
		m->failed++;
		return;
	}
	queue_retry(m->db, row->id, delay, err);
	log_info("retry id=%lld kind=%s to=%s attempt=%d in=%ds: %s", row->id,
	    row->kind, row->recipient, row->attempts, delay, err);
	m->retried++;
}

static void
perm_failure(struct mailer *m, const struct mail_row *row, const char *err)
{
	queue_fail(m->db, row->id, err);
	log_info("failed id=%lld kind=%s to=%s attempt=%d: %s", row->id,
	    row->kind, row->recipient, row->attempts, err);
	m->failed++;
}

/*
 * Render, build and send one claimed row, and record the result (the
 * reason of a failure also in err, the caller's).  Returns the
 * transport's verdict (SEND_DOWN: the server is unreachable or refuses
 * every message).
 */
static enum send_rc
deliver(struct mailer *m, const struct mail_row *row, char *err, size_t errsz)
{
	struct tmpl_in		 in;
	struct tmpl_out		 out;
	struct mime_msg		 mm;
	struct buf		 msg = { NULL, 0, 0 };
	char			 msgid[300];
	enum tmpl_rc		 trc;
	enum send_rc		 src = SEND_PERM;
	long long		 t0 = util_now_us();

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	err[0] = '\0';
	in.kind = row->kind;
	in.payload = row->payload != NULL ? row->payload : "";
	in.lang = row->lang != NULL ? row->lang : "en";
	in.to_name = row->recipient_name;
	in.url = m->cf.public_url;
	if ((trc = tmpl_render(m->render, &in, &out, err, errsz)) != TMPL_OK) {
		if (trc == TMPL_TEMP) {
			temp_failure(m, row, err);
			src = SEND_TEMP;
		} else
			perm_failure(m, row, err);
		goto out;
	}
	memset(&mm, 0, sizeof(mm));
	snprintf(msgid, sizeof(msgid), "<outbox-%lld.%lld@%s>", row->id,
	    row->created, m->host);
	mm.from = m->cf.mail_from;
	mm.to_addr = row->recipient;
	mm.to_name = row->recipient_name;
	mm.subject = out.subject;
	mm.text = out.text;
	mm.html = out.html;
	mm.message_id = msgid;
	mm.date = time(NULL);
	if (mime_build(&mm, &msg, err, errsz) == -1) {
		perm_failure(m, row, err);
		goto out;
	}
	src = transport_send(m->tr, m->from_addr, row->recipient, msg.data,
	    msg.len, err, errsz);
	switch (src) {
	case SEND_OK:
		if (queue_sent(m->db, row->id) == -1)
			log_warn("id=%lld was sent but could not be marked sent "
			    "(it may go out again, with the same Message-ID)", row->id);
		log_info("sent id=%lld kind=%s to=%s attempt=%d bytes=%zu ms=%lld",
		    row->id, row->kind, row->recipient, row->attempts, msg.len,
		    (util_now_us() - t0) / 1000);
		m->sent++;
		break;
	case SEND_PERM:
		perm_failure(m, row, err);
		break;
	default:
		temp_failure(m, row, err);
		break;
	}
out:
	tmpl_clear(&out);
	buf_free(&msg);
	return src;
}

/*
 * One batch: claim, then deliver each row in turn.  Rows not tried
 * (a stop was asked for, the lease is running out) are given back; when
 * the server is unreachable the rest wait for their retry without
 * trying.  Returns the number claimed, or -1 on a database error.
 */
static int
batch(struct mailer *m, struct arena *a)
{
	struct mail_row	*rows;
	size_t		 n, i;
	long long	 claimed = util_now_us();
	char		*down = NULL, err[512], downmsg[600];

	if (queue_claim(m->db, a, m->cf.mail_lease, MAILER_BATCH, &rows, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		/* Stop early enough that no other mailer takes it meanwhile. */
		if (stopping || util_now_us() - claimed >
		    (long long)m->cf.mail_lease * 1000000 / 2) {
			queue_release(m->db, rows[i].id);
			continue;
		}
		if (down != NULL) {
			temp_failure(m, &rows[i], down);
			continue;
		}
		if (deliver(m, &rows[i], err, sizeof(err)) == SEND_DOWN) {
			/* deliver() logged it; the others get the same answer. */
			snprintf(downmsg, sizeof(downmsg), "not tried, as the server "
			    "was unreachable or refused: %s", err);
			down = downmsg;
		}
	}
	return (int)n;
}

/* Connect, retrying every few seconds unless once. */
static struct db *
connect_db(struct mailer *m, int once)
{
	struct db	*db;
	char		 err[512];

	while ((db = db_open(&m->cf, err, sizeof(err))) == NULL) {
		if (once || stopping)
			log_die("%s", err);
		log_warn("%s (retrying in 5 s)", err);
		nap(5);
		if (stopping)
			exit(0);
	}
	return db;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "once", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct mailer		 m;
	struct arena		 a = { NULL };
	struct sigaction	 sa;
	const char		*config = NULL;
	char			 err[512], *fname = NULL;
	int			 ch, once = 0, n, rc = 0;

	log_init("refportal-mailer");
	while ((ch = getopt_long(argc, argv, "c:1h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case '1':
			once = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	memset(&m, 0, sizeof(m));
	conf_defaults(&m.cf);
	if (conf_load(&m.cf, conf_path(config), err, sizeof(err)) == -1)
		log_die("%s", err);
	if (mime_mailbox(m.cf.mail_from, &fname, &m.from_addr) == -1)
		log_die("mail_from: no usable address in \"%s\"", m.cf.mail_from);
	free(fname);
	m.host = url_host(m.cf.public_url);
	m.seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);

	/* SIGTERM and SIGINT end the loop after the message in hand; no
	 * SA_RESTART, so that a nap ends at once. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		log_die("curl_global_init failed");
	if ((m.tr = transport_new(&m.cf, err, sizeof(err))) == NULL)
		log_die("%s", err);
	/* A batch starts no message after half the lease: the one in hand
	 * must end within the other half, or another mailer could claim its
	 * row meanwhile and send it again. */
	if (2 * transport_seconds(m.tr) >= m.cf.mail_lease)
		log_die("mail_lease (%d s) must be more than twice the time one "
		    "message may take (%d s, %s)", m.cf.mail_lease,
		    transport_seconds(m.tr), m.cf.sendmail[0] != '\0' ?
		    "a sendmail program" : "smtp_timeout");
	m.render = render_new(m.cf.xslt_dir);
	m.db = connect_db(&m, once);
	log_info("started%s: %s, lease %d s", once ? " (--once)" : "",
	    m.cf.sendmail[0] != '\0' ? m.cf.sendmail : m.cf.smtp_url,
	    m.cf.mail_lease);

	while (!stopping) {
		if (db_ensure(m.db) == -1) {
			if (once) {
				rc = 1;
				break;
			}
			nap(MAILER_IDLE * 5);
			continue;
		}
		n = batch(&m, &a);
		arena_reset(&a);
		if (n == -1) {
			if (once) {
				rc = 1;
				break;
			}
			nap(MAILER_IDLE);
		} else if (n == 0) {
			if (once)
				break;
			nap(MAILER_IDLE);
		}
	}
	log_info("stopping: %ld sent, %ld to retry, %ld failed", m.sent,
	    m.retried, m.failed);
	arena_free(&a);
	db_close(m.db);
	render_free(m.render);
	transport_free(m.tr);
	curl_global_cleanup();
	xsltCleanupGlobals();
	xmlCleanupParser();
	free(m.from_addr);
	free(m.host);
	conf_clear(&m.cf);
	return rc;
}
