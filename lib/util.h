/* util.h: allocation that cannot fail, logging, small string helpers */
#ifndef RP_UTIL_H
#define RP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/*
 * Allocation failure is fatal: these print a message and abort, so that
 * call sites need no error path.  The caller owns the result and frees it
 * with free().
 */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* printf into a new string; the caller frees it. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * Log one line to stderr (which FastCGI servers and the scripts collect),
 * prefixed with the program name set by log_init().  log_die() exits 1.
 */
void	 log_init(const char *progname);
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_die(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Monotonic clock in microseconds, for the timing log. */
long long util_now_us(void);

/*
 * Convert a UTC time "YYYY-MM-DD HH:MM:SS" to local time in the time zone
 * tz ("Europe/Amsterdam") as "YYYY-MM-DD HH:MM" into out (>= 17 bytes).
 * Returns 0, or -1 (out gets the input's first 16 characters) when the
 * input does not parse.
 */
int	 util_utc_to_local(const char *tz, const char *utc, char *out, size_t outsz);

/* 1 if the NUL-terminated string is valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF, no C0 controls but tab, CR, LF, and
 * no U+FFFE or U+FFFF, which XML cannot hold), 0 if not. */
int	 utf8_valid(const char *, size_t);

/* 1 if addr is a plain local@domain address that is safe in a header and
 * an SMTP envelope: printable ASCII, one '@' with something on both
 * sides, none of < > ( ) [ ] , ; : \ " and at most 254 bytes.  Pure. */
int	 util_addr_ok(const char *addr);

/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_len(const char *);

/*
 * Growable byte buffer.  buf_free() releases it; buf->data is always
 * NUL-terminated after any append.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* buf_append() out of room: grows the buffer, then appends. */
void	 buf_append_grow(struct buf *, const void *, size_t);

/* Append n bytes of p (buf_puts: a string): inline while there is room,
 * as a page is written in thousands of short pieces. */
static inline void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		buf_append_grow(b, p, n);
}

static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void	 buf_printf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void	 buf_free(struct buf *);

#endif
