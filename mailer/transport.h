/* transport.h: handing a finished message to SMTP (libcurl) or a sendmail program */
#ifndef RP_TRANSPORT_H
#define RP_TRANSPORT_H

#include <stddef.h>

#include "conf.h"

enum send_rc {
	SEND_OK = 0,		/* accepted (250 after the data; exit 0) */
	SEND_TEMP = -1,		/* try again later (4xx, no answer, EX_TEMPFAIL) */
	SEND_DOWN = -2,		/* as SEND_TEMP, and the server is unreachable:
				 * the rest of the batch need not try now */
	SEND_PERM = -3		/* refused for good (5xx, bad address): never again */
};

struct transport;

/* Seconds a sendmail program gets before it is killed (then: try again
 * later). */
#define SENDMAIL_TIMEOUT	120

/*
 * A transport for the settings of cf: the sendmail program when cf->sendmail
 * is set, else SMTP to cf->smtp_url (STARTTLS per cf->smtp_starttls, login
 * when cf->smtp_user is set).  An SMTP connection is kept open between
 * messages.  cf must outlive the transport.  Returns NULL with a message
 * in err when the settings are unusable.  Free with transport_free().
 */
struct transport *transport_new(const struct conf *cf, char *err, size_t errsz);
void	transport_free(struct transport *);

/* The longest one message may take: smtp_timeout, or SENDMAIL_TIMEOUT
 * with a sendmail program. */
int	transport_seconds(const struct transport *);

/*
 * Send msg (len bytes, CRLF line ends) from envelope sender from to one
 * recipient.  On failure err gets the server's answer or the reason.
 */
enum send_rc transport_send(struct transport *, const char *from,
	    const char *to, const char *msg, size_t len, char *err, size_t errsz);

/* Sending through a sendmail program (sendmail.c); argv as for
 * execv, with -t -i added; same results as transport_send(). */
enum send_rc sendmail_send(char *const *argv, const char *from,
	    const char *msg, size_t len, char *err, size_t errsz);

#endif
