/* util.c: allocation that cannot fail, logging, UTF-8 checks, byte buffers */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static const char *log_prog = "refportal";

static void
oom(void)
{
	fprintf(stderr, "%s: out of memory\n", log_prog);
	abort();
}

void *
xmalloc(size_t sz)
{
	void	*p;

	if ((p = malloc(sz == 0 ? 1 : sz)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, sz == 0 ? 1 : sz)) == NULL)
		oom();
	return p;
}

void *
xrealloc(void *old, size_t sz)
{
	void	*p;

	if ((p = realloc(old, sz == 0 ? 1 : sz)) == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
log_init(const char *progname)
{
	log_prog = progname;
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char	 msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One write, so lines of several processes do not interleave. */
	fprintf(stderr, "%s: %s%s\n", log_prog, level, msg);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("warning: ", fmt, ap);
	va_end(ap);
}

void
log_die(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("fatal: ", fmt, ap);
	va_end(ap);
	exit(1);
}

long long
util_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The number of the two digits at s, or -1. */
static int
utc_2(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
util_utc_to_local(const char *tz, const char *utc, char *out, size_t outsz)
{
	static char	 cur_tz[64];
	static const char form[] = "dddd-dd-dd dd:dd:dd";
	struct tm	 tm;
	time_t		 t;
	size_t		 i;
	int		 v[6], k;
	char		 loc[17];

	if (utc == NULL)
		utc = "";
	/* As MariaDB writes a DATETIME, fractions of a second ignored: by
	 * hand, as a list page has a hundred (sscanf() was half the cost). */
	for (i = 0; i < sizeof(form) - 1; i++)
		if (form[i] == 'd' ? (utc[i] < '0' || utc[i] > '9') : utc[i] != form[i])
			goto bad;
	if (utc[i] == '.') {
		for (i++; utc[i] != '\0'; i++)
			if (utc[i] < '0' || utc[i] > '9')
				goto bad;
	} else if (utc[i] != '\0')
		goto bad;
	v[0] = utc_2(utc) * 100 + utc_2(utc + 2);
	for (k = 1; k < 6; k++)
		v[k] = utc_2(utc + 2 + 3 * k);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	t = timegm(&tm);
	/* tzset() reads the zone file: only when the zone changes. */
	if (tz != NULL && *tz != '\0' && strcmp(cur_tz, tz) != 0 &&
	    strlen(tz) < sizeof(cur_tz)) {
		snprintf(cur_tz, sizeof(cur_tz), "%s", tz);
		setenv("TZ", cur_tz, 1);
		tzset();
	}
	if (localtime_r(&t, &tm) == NULL)
		goto bad;
	if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		strftime(out, outsz, "%Y-%m-%d %H:%M", &tm);
		return 0;
	}
	v[0] = tm.tm_year + 1900;
	v[1] = tm.tm_mon + 1;
	v[2] = tm.tm_mday;
	v[3] = tm.tm_hour;
	v[4] = tm.tm_min;
	loc[0] = (char)('0' + v[0] / 1000);
	loc[1] = (char)('0' + v[0] / 100 % 10);
	for (k = 0; k < 5; k++) {
		loc[2 + 3 * k] = (char)('0' + v[k] % 100 / 10);
		loc[3 + 3 * k] = (char)('0' + v[k] % 10);
		loc[4 + 3 * k] = form[4 + 3 * k];
	}
	utc = loc;
bad:
	/* out gets the result, or the first 16 characters of what failed. */
	for (i = 0; i + 1 < outsz && i < 16 && utc[i] != '\0'; i++)
		out[i] = utc[i];
	if (outsz > 0)
		out[i] = '\0';
	return utc == loc ? 0 : -1;
}

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	unsigned		 cp;

	while (i < len) {
		unsigned char c = s[i];

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return 0;
			if (c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates, out-of-range values, and the two
		 * non-characters XML 1.0 refuses (a name with one could not
		 * go into a page or a mail). */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp == 0xfffe || cp == 0xffff)
			return 0;
		i += n + 1;
	}
	return 1;
}

int
util_addr_ok(const char *a)
{
	const char	*at, *p;
	size_t		 len = strlen(a);

	if (len < 3 || len > 254 || (at = strrchr(a, '@')) == NULL ||
	    at == a || at[1] == '\0' || strchr(a, '@') != at)
		return 0;
	for (p = a; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f || strchr("<>()[],;:\\\"", c) != NULL)
			return 0;
	}
	return 1;
}

size_t
utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
buf_grow(struct buf *b, size_t more)
{
	size_t	 need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 256;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_append_grow(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
