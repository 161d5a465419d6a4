/* lang.c: picking the user's language and looking up catalogue strings */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lang.h"
#include "util.h"

/* The languages refportal has; the first is the fallback. */
static const char *const langs[] = { "en", "nl" };
#define NLANGS	(sizeof(langs) / sizeof(langs[0]))

struct entry {
	char	*key;
	char	*val;
};

/* One catalogue, xslt_dir/core/l10n/LANG.xml, as last loaded. */
struct cat {
	struct entry	*v;
	size_t		 n;
	int		 loaded;
	int		 used;		/* asked for since lang_load() set the folder */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
};

static char		*cat_dir;
static struct cat	 cats[NLANGS];

/* Index of a supported language, matched case-insensitively on len bytes; -1 if none. */
static int
lang_index(const char *s, size_t len)
{
	size_t	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < NLANGS; i++)
		if (len == strlen(langs[i]) && strncasecmp(s, langs[i], len) == 0)
			return (int)i;
	return -1;
}

int
lang_valid(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < NLANGS; i++)
		if (strcmp(s, langs[i]) == 0)
			return 1;
	return 0;
}

/* A locale such as "nl", "nl_NL", "nl-NL.UTF-8": its primary subtag, or -1. */
static int
locale_index(const char *s)
{
	if (s == NULL)
		return -1;
	return lang_index(s, strcspn(s, "-_.@"));
}

/*
 * q-value of an Accept-Language parameter list (";q=0.5"); 1000 times the
 * value, 1000 when absent, -1 when malformed (the entry is then ignored).
 */
static int
parse_q(const char *p, const char *end)
{
	int	 q = 1000, scale = 100;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
			p++;
		if (p >= end)
			break;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			if (p < end && *p == '0')
				q = 0;
			else if (p < end && *p == '1')
				q = 1000;
			else
				return -1;
			p++;
			if (p < end && *p == '.') {
				p++;
				while (p < end && isdigit((unsigned char)*p) && scale > 0) {
					if (q == 1000 && *p != '0')
						return -1;
					q += (*p - '0') * scale;
					scale /= 10;
					p++;
				}
			}
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p < end && *p != ';')
				return -1;
		} else
			/* Another parameter: skip it. */
			while (p < end && *p != ';')
				p++;
	}
	return q;
}

/* The best supported language in an Accept-Language header, or -1. */
static int
accept_index(const char *h)
{
	const char	*p, *end, *tag, *semi;
	size_t		 taglen, prim;
	int		 best = -1, bestq = 0, q, i;

	for (p = h; p != NULL && *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			semi = end;
		tag = p;
		taglen = (size_t)(semi - tag);
		while (taglen > 0 && (tag[taglen - 1] == ' ' || tag[taglen - 1] == '\t'))
			taglen--;
		if (taglen == 0 || taglen > 35)
			continue;
		q = parse_q(semi, end);
		if (q <= 0)
			continue;
		prim = strcspn(tag, "-");
		if (prim > taglen)
			prim = taglen;
		if (taglen == 1 && tag[0] == '*')
			i = 0;		/* any language: the fallback */
		else
			i = lang_index(tag, prim);
		if (i < 0)
			continue;
		/* Strictly greater: on equal q the earlier entry wins. */
		if (q > bestq) {
			best = i;
			bestq = q;
		}
	}
	return best;
}

const char *
lang_pick(const char *user, const char *org, const char *accept_language)
{
	int	 i;

	if (lang_valid(user))
		return langs[lang_index(user, strlen(user))];
	if ((i = locale_index(org)) >= 0)
		return langs[i];
	if ((i = accept_index(accept_language)) >= 0)
		return langs[i];
	return langs[0];
}

static void
cat_clear(struct cat *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].val);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
	c->loaded = 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
	    ((const struct entry *)b)->key);
}

/* Parse a catalogue file into c (replacing it only on success).  Returns 0 or -1. */
static int
cat_read(struct cat *c, const char *path, const struct stat *st)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*k, *v;
	struct entry	*ev = NULL;
	size_t		 en = 0, ecap = 0, i, j;

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL) {
		log_warn("%s: cannot parse catalogue", path);
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	for (n = root != NULL ? root->children : NULL; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, (const xmlChar *)"s"))
			continue;
		if ((k = xmlGetProp(n, (const xmlChar *)"k")) == NULL)
			continue;
		v = xmlNodeGetContent(n);
		if (en == ecap) {
			ecap = ecap == 0 ? 512 : 2 * ecap;
			ev = xrealloc(ev, ecap * sizeof(*ev));
		}
		ev[en].key = xstrdup((const char *)k);
		ev[en].val = xstrdup(v != NULL ? (const char *)v : "");
		en++;
		xmlFree(k);
		xmlFree(v);
	}
	xmlFreeDoc(doc);

	/* Sort; on duplicate keys the first one in the file wins. */
	qsort(ev, en, sizeof(*ev), entry_cmp);
	for (i = j = 0; i < en; i++) {
		if (j > 0 && strcmp(ev[j - 1].key, ev[i].key) == 0) {
			free(ev[i].key);
			free(ev[i].val);
			continue;
		}
		ev[j++] = ev[i];
	}

	cat_clear(c);
	c->v = ev;
	c->n = j;
	c->loaded = 1;
	c->dev = st->st_dev;
	c->ino = st->st_ino;
	c->size = st->st_size;
	c->mtime = st->st_mtim;
	return 0;
}

/*
 * Read catalogue i again when it is not loaded or its file changed (a
 * broken edit keeps the previous strings).  Returns 0, or -1 when the
 * file is missing or there are no strings at all.
 */
static int
cat_fresh(size_t i)
{
	struct stat	 st;
	char		*path;
	int		 rc = 0;

	path = xasprintf("%s/core/l10n/%s.xml", cat_dir, langs[i]);
	if (stat(path, &st) == -1) {
		log_warn("%s: missing catalogue", path);
		cat_clear(&cats[i]);
		rc = -1;
	} else if (!cats[i].loaded || cats[i].dev != st.st_dev ||
	    cats[i].ino != st.st_ino || cats[i].size != st.st_size ||
	    cats[i].mtime.tv_sec != st.st_mtim.tv_sec ||
	    cats[i].mtime.tv_nsec != st.st_mtim.tv_nsec) {
		if (cat_read(&cats[i], path, &st) == -1 && !cats[i].loaded)
			rc = -1;
	}
	free(path);
	return rc;
}

/* Catalogue i, read on its first use (a plain CGI request that shows
 * English never parses the Dutch one). */
static const struct cat *
cat_use(size_t i)
{
	if (!cats[i].used && cat_dir != NULL) {
		cats[i].used = 1;
		(void)cat_fresh(i);
	}
	return &cats[i];
}

int
lang_load(const char *xslt_dir)
{
	struct stat	 st;
	char		*path;
	size_t		 i;
	int		 rc = 0;

	if (xslt_dir == NULL)
		return -1;
	/* A new folder: every catalogue has to exist there. */
	if (cat_dir == NULL || strcmp(cat_dir, xslt_dir) != 0) {
		free(cat_dir);
		cat_dir = xstrdup(xslt_dir);
		for (i = 0; i < NLANGS; i++) {
			cat_clear(&cats[i]);
			cats[i].used = 0;
			path = xasprintf("%s/core/l10n/%s.xml", cat_dir, langs[i]);
			if (stat(path, &st) == -1) {
				log_warn("%s: missing catalogue", path);
				rc = -1;
			}
			free(path);
		}
	}
	/* On every call (every transform): the ones in use, read again
	 * when their file changed. */
	for (i = 0; i < NLANGS; i++)
		if (cats[i].used && cat_fresh(i) == -1)
			rc = -1;
	return rc;
}

/* The string for key in catalogue i, or NULL. */
static const char *
cat_find(const struct cat *c, const char *key)
{
	struct entry	 k, *e;

	if (c->n == 0)
		return NULL;
	k.key = (char *)key;
	e = bsearch(&k, c->v, c->n, sizeof(*c->v), entry_cmp);
	return e != NULL ? e->val : NULL;
}

const char *
lang_get(const char *lang, const char *key)
{
	const char	*s;
	int		 i;

	if (key == NULL)
		return "";
	if (lang != NULL && (i = lang_index(lang, strlen(lang))) >= 0 &&
	    (s = cat_find(cat_use((size_t)i), key)) != NULL)
		return s;
	if ((s = cat_find(cat_use(0), key)) != NULL)
		return s;
	return key;
}

/* The catalogue keys of the months' names, January first. */
static const char *const month_keys[12] = {
	"month.1", "month.2", "month.3", "month.4", "month.5", "month.6",
	"month.7", "month.8", "month.9", "month.10", "month.11", "month.12",
};

/* Append n bytes of p to out[*len], as far as outsz leaves room for
 * the NUL. */
static void
date_put(char *out, size_t outsz, size_t *len, const char *p, size_t n)
{
	if (n > outsz - 1 - *len)
		n = outsz - 1 - *len;
	memcpy(out + *len, p, n);
	*len += n;
}

void
lang_date(const char *lang, const char *s, char *out, size_t outsz)
{
	static const char form[] = "dddd-dd-dd dd:dd";
	const char	*mon;
	char		 dd[3];
	size_t		 n, i, len = 0;
	int		 month, day;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (s == NULL)
		return;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	for (n = strlen(s); n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'); n--)
		continue;
	if (n != 10 && n != 16)
		return;
	for (i = 0; i < n; i++)
		if (form[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != form[i])
			return;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (month < 1 || month > 12 || day < 1 || day > 31 ||
	    (n == 16 && ((s[11] - '0') * 10 + (s[12] - '0') > 23 || s[14] > '5')))
		return;
	/* "24 Nov 2026" and ", 09:15": put together by hand, as a list
	 * page shows a hundred (snprintf() was most of the cost). */
	mon = lang_get(lang, month_keys[month - 1]);
	dd[0] = s[8];
	dd[1] = s[9];
	dd[2] = ' ';
	date_put(out, outsz, &len, day < 10 ? dd + 1 : dd, day < 10 ? 2 : 3);
	date_put(out, outsz, &len, mon, strlen(mon));
	date_put(out, outsz, &len, " ", 1);
	date_put(out, outsz, &len, s, 4);
	if (n == 16) {
		date_put(out, outsz, &len, ", ", 2);
		date_put(out, outsz, &len, s + 11, 5);
	}
	out[len] = '\0';
}

void
lang_fill(const char *text, const char *const *names,
    const char *const *values, size_t n, struct buf *out)
{
	const char	*open, *close;
	size_t		 i, len;

	while ((open = strchr(text, '{')) != NULL &&
	    (close = strchr(open + 1, '}')) != NULL) {
		buf_append(out, text, (size_t)(open - text));
		len = (size_t)(close - open - 1);
		for (i = 0; i < n; i++)
			if (strncmp(names[i], open + 1, len) == 0 &&
			    names[i][len] == '\0')
				break;
		if (i == n)
			buf_append(out, open, len + 2);
		else if (values[i] != NULL)
			buf_puts(out, values[i]);
		text = close + 1;
	}
	buf_puts(out, text);
}
