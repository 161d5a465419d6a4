/* smtp.c: the SMTP transport through libcurl (a sendmail program: sendmail.c) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "conf.h"
#include "transport.h"
#include "util.h"

/* Seconds to wait for a connection, and for one whole message. */
#define SMTP_CONNECT_TIMEOUT	20

struct transport {
	const struct conf	*cf;
	CURL			*curl;
	char			**argv;		/* sendmail program and its words */
	char			 curl_err[CURL_ERROR_SIZE];
	char			 reply[256];	/* the first refusal, else the last answer */
	int			 refused;	/* reply is a 4xx or 5xx */
	char			 cmd[8];	/* the verb of the last command sent */
	char			 refused_cmd[8]; /* the command reply answered ("": the greeting) */
	/* The message being uploaded. */
	const char		*data;
	size_t			 len, off;
};

static size_t
read_cb(char *out, size_t size, size_t nmemb, void *arg)
{
	struct transport	*t = arg;
	size_t			 n = size * nmemb;

	if (n > t->len - t->off)
		n = t->len - t->off;
	memcpy(out, t->data + t->off, n);
	t->off += n;
	return n;
}

/*
 * Follow the dialogue of one message: the verb of each command sent (never
 * its arguments: AUTH carries the password), and the server's answer for
 * last_error and the log: the first refusal (4xx, 5xx) and the command it
 * answered, else the last line (the QUIT that follows a refusal must not
 * hide it).
 */
static int
debug_cb(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	struct transport	*t = arg;
	size_t			 n = 0;

	(void)c;
	if (type == CURLINFO_HEADER_OUT) {
		while (n < size && n < sizeof(t->cmd) - 1 && data[n] >= 'A' &&
		    data[n] <= 'Z')
			n++;
		memcpy(t->cmd, data, n);
		t->cmd[n] = '\0';
		return 0;
	}
	if (type != CURLINFO_HEADER_IN || t->refused)
		return 0;
	n = size;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n >= sizeof(t->reply))
		n = sizeof(t->reply) - 1;
	memcpy(t->reply, data, n);
	t->reply[n] = '\0';
	if (n > 0 && (data[0] == '4' || data[0] == '5')) {
		t->refused = 1;
		memcpy(t->refused_cmd, t->cmd, sizeof(t->cmd));
	}
	return 0;
}

/* Split a command line at spaces (no quoting: a path with spaces
 * belongs in a wrapper script). */
static char **
split_words(const char *s)
{
	char	**v = NULL, *copy = xstrdup(s), *w, *save = NULL;
	size_t	  n = 0;

	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = xstrdup(w);
		v[n] = NULL;
	}
	free(copy);
	return v;
}

struct transport *
transport_new(const struct conf *cf, char *err, size_t errsz)
{
	struct transport	*t = xcalloc(1, sizeof(*t));
	long			 ssl;

	t->cf = cf;
	if (cf->sendmail[0] != '\0') {
		if ((t->argv = split_words(cf->sendmail)) == NULL) {
			snprintf(err, errsz, "sendmail: empty command");
			free(t);
			return NULL;
		}
		return t;
	}
	if (strncmp(cf->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(cf->smtp_url, "smtps://", 8) != 0) {
		snprintf(err, errsz, "smtp_url must start with smtp:// or smtps://");
		free(t);
		return NULL;
	}
	if ((t->curl = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "curl_easy_init failed");
		free(t);
		return NULL;
	}
	if (strcmp(cf->smtp_starttls, "required") == 0)
		ssl = CURLUSESSL_ALL;
	else if (strcmp(cf->smtp_starttls, "off") == 0)
		ssl = CURLUSESSL_NONE;
	else
		ssl = CURLUSESSL_TRY;
	curl_easy_setopt(t->curl, CURLOPT_URL, cf->smtp_url);
	curl_easy_setopt(t->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(t->curl, CURLOPT_USE_SSL, ssl);
	if (cf->smtp_user[0] != '\0') {
		curl_easy_setopt(t->curl, CURLOPT_USERNAME, cf->smtp_user);
		curl_easy_setopt(t->curl, CURLOPT_PASSWORD, cf->smtp_password);
	}
	curl_easy_setopt(t->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(t->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(t->curl, CURLOPT_READDATA, t);
	curl_easy_setopt(t->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->curl, CURLOPT_CONNECTTIMEOUT, (long)(cf->smtp_timeout <
	    SMTP_CONNECT_TIMEOUT ? cf->smtp_timeout : SMTP_CONNECT_TIMEOUT));
	curl_easy_setopt(t->curl, CURLOPT_TIMEOUT, (long)cf->smtp_timeout);
	curl_easy_setopt(t->curl, CURLOPT_ERRORBUFFER, t->curl_err);
	curl_easy_setopt(t->curl, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(t->curl, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(t->curl, CURLOPT_DEBUGDATA, t);
	return t;
}

void
transport_free(struct transport *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	if (t->curl != NULL)
		curl_easy_cleanup(t->curl);
	for (i = 0; t->argv != NULL && t->argv[i] != NULL; i++)
		free(t->argv[i]);
	free(t->argv);
	free(t);
}

int
transport_seconds(const struct transport *t)
{
	return t->argv != NULL ? SENDMAIL_TIMEOUT : t->cf->smtp_timeout;
}

/* What a libcurl failure means for the message; code and cmd: the
 * server's refusal and the command it answered, if any. */
static enum send_rc
smtp_classify(CURLcode rc, long code, const char *cmd)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_USE_SSL_FAILED:
	case CURLE_LOGIN_DENIED:
	case CURLE_PEER_FAILED_VERIFICATION:
		/* The server or our settings, not this message. */
		return SEND_DOWN;
	default:
		break;
	}
	/* A refusal of the greeting, EHLO, STARTTLS, AUTH or MAIL (with our
	 * own address) refuses every message alike: the server or the
	 * settings, to be tried again later.  A 5xx to RCPT, DATA or the
	 * data refuses this message; so does a 552 (its size) to MAIL. */
	if (code >= 400 && code <= 599 && strcmp(cmd, "RCPT") != 0 &&
	    strcmp(cmd, "DATA") != 0 && code != 552)
		return SEND_DOWN;
	if (code >= 500 && code <= 599)
		return SEND_PERM;
	if (code == 0 && (rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
	    rc == CURLE_GOT_NOTHING))
		return SEND_DOWN;
	return SEND_TEMP;
}

enum send_rc
transport_send(struct transport *t, const char *from, const char *to,
    const char *msg, size_t len, char *err, size_t errsz)
{
	struct curl_slist	*rcpt = NULL;
	char			*mfrom, *mto;
	CURLcode		 rc;
	long			 code = 0;
	enum send_rc		 r;

	if (t->argv != NULL)
		return sendmail_send(t->argv, from, msg, len, err, errsz);
	mfrom = xasprintf("<%s>", from);
	mto = xasprintf("<%s>", to);
	rcpt = curl_slist_append(NULL, mto);
	if (rcpt == NULL)
		log_die("curl_slist_append");
	curl_easy_setopt(t->curl, CURLOPT_MAIL_FROM, mfrom);
	curl_easy_setopt(t->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(t->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	t->data = msg;
	t->len = len;
	t->off = 0;
	t->curl_err[0] = '\0';
	t->reply[0] = '\0';
	t->refused = 0;
	t->cmd[0] = t->refused_cmd[0] = '\0';
	rc = curl_easy_perform(t->curl);
	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
	if (t->refused)
		code = strtol(t->reply, NULL, 10);
	if (rc == CURLE_OK)
		r = SEND_OK;
	else {
		r = smtp_classify(rc, code, t->refused ? t->refused_cmd : "");
		snprintf(err, errsz, "%s%s%s", t->curl_err[0] != '\0' ?
		    t->curl_err : curl_easy_strerror(rc),
		    t->reply[0] != '\0' ? ": " : "", t->reply);
	}
	curl_easy_setopt(t->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	free(mfrom);
	free(mto);
	t->data = NULL;
	return r;
}
