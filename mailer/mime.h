/* mime.h: a UTF-8 multipart/alternative message (RFC 5322, 2045-2047) */
#ifndef RP_MIME_H
#define RP_MIME_H

#include <time.h>

#include "util.h"

/* What a message is made of; every string is UTF-8 and owned by the caller. */
struct mime_msg {
	const char	*from;		/* "Name <addr>" or "addr" (conf mail_from) */
	const char	*to_addr;
	const char	*to_name;	/* may be NULL or "" */
	const char	*subject;
	const char	*text;		/* the text/plain part, '\n' line ends */
	const char	*html;		/* the text/html part */
	const char	*message_id;	/* "<id@host>" */
	time_t		 date;
};

/*
 * Append the whole message (headers and body, CRLF line ends, 7-bit:
 * headers RFC 2047-encoded where not ASCII, both parts quoted-printable)
 * to out.  Control characters in header values become spaces.  Returns
 * 0, or -1 with a message in err when an address is unusable.
 */
int	mime_build(const struct mime_msg *, struct buf *out, char *err, size_t errsz);

/*
 * Split a mailbox "Name <addr>", "\"Name\" <addr>" or "addr" into a new
 * display name (possibly "") and a new address; the caller frees both.
 * Returns 0, or -1 (nothing allocated) when the address is unusable.
 */
int	mime_mailbox(const char *in, char **name, char **addr);

/*
 * Append text as a header value starting at column col: as it is when it
 * is printable ASCII, else as RFC 2047 "B" encoded-words of whole UTF-8
 * characters, folded with CRLF SP so no line passes 78 columns.  With
 * phrase set, ASCII text that needs it is written as a quoted string (a
 * display name).
 */
void	mime_header_text(struct buf *, const char *text, size_t col, int phrase);

/* Append text quoted-printable (RFC 2045) with CRLF line ends; a lone
 * '\n' or "\r\n" in text is a line end. */
void	mime_qp(struct buf *, const char *text);

#endif
