/* mime.c: a UTF-8 multipart/alternative message (RFC 5322, 2045-2047) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "util.h"

/* Header lines stay within this many columns where they can. */
#define MIME_LINE	76

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64(struct buf *b, const unsigned char *p, size_t n)
{
	char	 q[4];
	size_t	 i;

	for (i = 0; i + 2 < n; i += 3) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		q[3] = b64[p[i + 2] & 63];
		buf_append(b, q, 4);
	}
	if (n - i == 1) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[(p[i] & 3) << 4];
		q[2] = q[3] = '=';
		buf_append(b, q, 4);
	} else if (n - i == 2) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = b64[(p[i + 1] & 15) << 2];
		q[3] = '=';
		buf_append(b, q, 4);
	}
}

/* A copy with control characters as spaces, runs of spaces as one,
 * trimmed: a header value cannot smuggle in a line break. */
static char *
header_clean(const char *s)
{
	char	*out = xmalloc(strlen(s) + 1), *o = out;
	int	 space = 1;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == ' ') {
			if (!space)
				*o++ = ' ';
			space = 1;
			continue;
		}
		*o++ = (char)c;
		space = 0;
	}
	if (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

static int
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* RFC 5322 atext and space: a display name made of these needs no quotes. */
static int
phrase_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr("()<>[]:;@\\,.\"", *s) != NULL)
			return 0;
	return 1;
}

/* Plain ASCII folded at spaces so lines stay within MIME_LINE columns. */
static void
ascii_folded(struct buf *b, const char *s, size_t col)
{
	const char	*sp;
	size_t		 w;

	while (*s != '\0') {
		sp = strchr(s + 1, ' ');
		w = sp != NULL ? (size_t)(sp - s) : strlen(s);
		if (col + w > MIME_LINE && col > 1 && *s == ' ') {
			buf_puts(b, "\r\n");
			col = 0;
		}
		buf_append(b, s, w);
		col += w;
		s += w;
	}
}

void
mime_header_text(struct buf *b, const char *text, size_t col, int phrase)
{
	char		*s = header_clean(text);
	const char	*p;
	size_t		 room, n, i;

	/* ASCII as it is, but for what a reader would take for an
	 * encoded-word ("=?UTF-8?B?...?="): that is encoded itself. */
	if (is_ascii(s) && strstr(s, "=?") == NULL) {
		if (phrase && !phrase_plain(s)) {
			buf_puts(b, "\"");
			for (p = s; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_puts(b, "\\");
				buf_append(b, p, 1);
			}
			buf_puts(b, "\"");
		} else
			ascii_folded(b, s, col);
		free(s);
		return;
	}
	/* Encoded-words "=?UTF-8?B?...?=" (12 characters around the
	 * base64), each of whole characters, one per line after the first. */
	for (p = s; *p != '\0'; p += n) {
		room = col + 12 < MIME_LINE ? (MIME_LINE - col - 12) / 4 * 3 : 0;
		if (room < 4) {		/* no room left on this line */
			buf_puts(b, "\r\n ");
			col = 1;
			n = 0;
			continue;
		}
		n = strlen(p);
		if (n > room) {
			n = room;
			/* Back up to the start of a character. */
			while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
				n--;
			if (n == 0)
				n = room;
		}
		if (p != s && col > 1) {	/* not just folded */
			buf_puts(b, "\r\n ");
			col = 1;
		}
		i = b->len;
		buf_puts(b, "=?UTF-8?B?");
		base64(b, (const unsigned char *)p, n);
		buf_puts(b, "?=");
		col += b->len - i;
	}
	free(s);
}

int
mime_mailbox(const char *in, char **name, char **addr)
{
	char		*s = header_clean(in), *lt, *gt, *n, *o;
	const char	*p;

	if ((lt = strrchr(s, '<')) != NULL) {
		if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0') {
			free(s);
			return -1;
		}
		*gt = '\0';
		*addr = xstrdup(lt + 1);
		while (lt > s && lt[-1] == ' ')
			lt--;
		*lt = '\0';
		/* Unquote "Name" (a backslash escapes the next character). */
		n = s;
		if (*n == '"' && lt > n + 1 && lt[-1] == '"') {
			lt[-1] = '\0';
			for (o = n, p = n + 1; *p != '\0'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*o++ = *p;
			}
			*o = '\0';
		}
		*name = xstrdup(n);
	} else {
		*addr = xstrdup(s);
		*name = xstrdup("");
	}
	free(s);
	if (!util_addr_ok(*addr)) {
		free(*addr);
		free(*name);
		*addr = *name = NULL;
		return -1;
	}
	return 0;
}

void
mime_qp(struct buf *b, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	char			 tok[4];
	size_t			 col = 0, tl;
	int			 eol;

	for (; *p != '\0'; p++) {
		if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
			if (*p == '\r')
				p++;
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		eol = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		if ((*p >= 33 && *p <= 126 && *p != '=') ||
		    ((*p == ' ' || *p == '\t') && !eol)) {
			tok[0] = (char)*p;
			tl = 1;
			/* A dot (SMTP) or "From " (mbox) that would start a line,
			 * after a soft break too, is encoded. */
			if ((col == 0 || col + 1 > MIME_LINE - 1) && (*p == '.' ||
			    (*p == 'F' && strncmp((const char *)p, "From ", 5) == 0)))
				tl = 0;
		} else
			tl = 0;
		if (tl == 0) {
			snprintf(tok, sizeof(tok), "=%02X", *p);
			tl = 3;
		}
		if (col + tl > MIME_LINE - 1) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		buf_append(b, tok, tl);
		col += tl;
	}
}

/* "Tue, 14 Nov 2023 09:05:00 +0000", English whatever the locale. */
static void
rfc5322_date(struct buf *b, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;

	gmtime_r(&t, &tm);
	buf_printf(b, "%s, %d %s %d %02d:%02d:%02d +0000", days[tm.tm_wday],
	    tm.tm_mday, mons[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/* "Name <addr>" as a header value after a field name of col columns. */
static void
mailbox(struct buf *b, const char *name, const char *addr, size_t col)
{
	size_t	 start;

	if (name != NULL && *name != '\0') {
		start = b->len;
		mime_header_text(b, name, col, 1);
		/* The column after the name: count from the last line break. */
		col += b->len - start;
		{
			const char *nl = strstr(b->data + start, "\r\n");
			const char *last = nl;

			while (nl != NULL) {
				last = nl;
				nl = strstr(nl + 2, "\r\n");
			}
			if (last != NULL)
				col = (size_t)(b->data + b->len - last - 2);
		}
		if (col + strlen(addr) + 3 > MIME_LINE)
			buf_puts(b, "\r\n");
		buf_puts(b, " ");
	}
	buf_printf(b, "<%s>", addr);
}

/* The header block of one part. */
static void
part(struct buf *b, const char *boundary, const char *type, const char *body)
{
	buf_printf(b, "--%s\r\n", boundary);
	buf_printf(b, "Content-Type: %s; charset=UTF-8\r\n", type);
	buf_puts(b, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	mime_qp(b, body);
	buf_puts(b, "\r\n");
}

int
mime_build(const struct mime_msg *m, struct buf *b, char *err, size_t errsz)
{
	char		*fname = NULL, *faddr = NULL, boundary[64];
	unsigned long	 h = 5381;
	const char	*p;

	if (mime_mailbox(m->from, &fname, &faddr) == -1) {
		snprintf(err, errsz, "unusable sender address in mail_from");
		return -1;
	}
	if (!util_addr_ok(m->to_addr)) {
		snprintf(err, errsz, "unusable recipient address");
		free(fname);
		free(faddr);
		return -1;
	}
	/* "=_" cannot occur in quoted-printable text: a safe boundary. */
	for (p = m->message_id; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	snprintf(boundary, sizeof(boundary), "=_rp_%08lx_%lld", h & 0xffffffffUL,
	    (long long)m->date);

	buf_puts(b, "Date: ");
	rfc5322_date(b, m->date);
	buf_puts(b, "\r\nFrom: ");
	mailbox(b, fname, faddr, 6);
	buf_puts(b, "\r\nTo: ");
	mailbox(b, m->to_name, m->to_addr, 4);
	buf_puts(b, "\r\nSubject: ");
	mime_header_text(b, m->subject, 9, 0);
	buf_puts(b, "\r\nMessage-ID: ");
	mime_header_text(b, m->message_id, 12, 0);
	buf_puts(b, "\r\nMIME-Version: 1.0\r\n");
	buf_puts(b, "Auto-Submitted: auto-generated\r\n");
	buf_puts(b, "X-Auto-Response-Suppress: All\r\n");
	buf_printf(b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n",
	    boundary);
	buf_puts(b, "\r\nThis is a message in MIME format.\r\n\r\n");
	part(b, boundary, "text/plain", m->text);
	part(b, boundary, "text/html", m->html);
	buf_printf(b, "--%s--\r\n", boundary);
	free(fname);
	free(faddr);
	return 0;
}
