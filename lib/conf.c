/* conf.c: the refportal.conf reader (key = value), with every default */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"

#ifndef RP_SYSCONFDIR
#define RP_SYSCONFDIR	"/etc/refportal"
#endif
#ifndef RP_DATADIR
#define RP_DATADIR	"/usr/share/refportal"
#endif

enum conf_type {
	CONF_STR,
	CONF_INT,
	CONF_SIZE
};

/* Every key: its type, where it lives and its default (documented in
 * conf/refportal.conf.example and refportal.conf(5)). */
static const struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 off;
	const char	*def;
	long long	 min, max;
} conf_keys[] = {
	{ "db_host", CONF_STR, offsetof(struct conf, db_host), "localhost", 0, 0 },
	{ "db_port", CONF_INT, offsetof(struct conf, db_port), "3306", 1, 65535 },
	{ "db_socket", CONF_STR, offsetof(struct conf, db_socket), "", 0, 0 },
	{ "db_user", CONF_STR, offsetof(struct conf, db_user), "refportal", 0, 0 },
	{ "db_password", CONF_STR, offsetof(struct conf, db_password), "", 0, 0 },
	{ "db_name", CONF_STR, offsetof(struct conf, db_name), "refportal", 0, 0 },
	{ "base_path", CONF_STR, offsetof(struct conf, base_path), "", 0, 0 },
	{ "xslt_dir", CONF_STR, offsetof(struct conf, xslt_dir), RP_DATADIR "/xslt", 0, 0 },
	{ "sql_dir", CONF_STR, offsetof(struct conf, sql_dir), RP_DATADIR "/sql", 0, 0 },
	{ "static_path", CONF_STR, offsetof(struct conf, static_path), "/static", 0, 0 },
	{ "max_body", CONF_SIZE, offsetof(struct conf, max_body), "1048576", 1024, 64LL * 1024 * 1024 },
	{ "page_size", CONF_INT, offsetof(struct conf, page_size), "50", 5, 500 },
	{ "session_idle", CONF_INT, offsetof(struct conf, session_idle), "3600", 60, 86400 * 7 },
	{ "session_absolute", CONF_INT, offsetof(struct conf, session_absolute), "36000", 60, 86400 * 30 },
	{ "secure_cookies", CONF_STR, offsetof(struct conf, secure_cookies), "auto", 0, 0 },
	{ "login_max_failures", CONF_INT, offsetof(struct conf, login_max_failures), "10", 1, 1000 },
	{ "login_window", CONF_INT, offsetof(struct conf, login_window), "900", 1, 86400 },
	{ "timing_log", CONF_STR, offsetof(struct conf, timing_log), "", 0, 0 },
	{ "workers", CONF_INT, offsetof(struct conf, workers), "2", 1, 64 },
	{ "mail_from", CONF_STR, offsetof(struct conf, mail_from), "refportal <noreply@localhost>", 0, 0 },
	{ "smtp_url", CONF_STR, offsetof(struct conf, smtp_url), "smtp://127.0.0.1:25", 0, 0 },
	{ "smtp_starttls", CONF_STR, offsetof(struct conf, smtp_starttls), "auto", 0, 0 },
	{ "smtp_user", CONF_STR, offsetof(struct conf, smtp_user), "", 0, 0 },
	{ "smtp_password", CONF_STR, offsetof(struct conf, smtp_password), "", 0, 0 },
	{ "sendmail", CONF_STR, offsetof(struct conf, sendmail), "", 0, 0 },
	{ "grace_delay", CONF_INT, offsetof(struct conf, grace_delay), "120", 0, 86400 },
	{ "public_url", CONF_STR, offsetof(struct conf, public_url), "http://127.0.0.1:8080", 0, 0 },
	{ "mail_retry_first", CONF_INT, offsetof(struct conf, mail_retry_first), "60", 1, 86400 },
	{ "mail_retry_max", CONF_INT, offsetof(struct conf, mail_retry_max), "3600", 1, 86400 * 7 },
	{ "mail_give_up", CONF_INT, offsetof(struct conf, mail_give_up), "432000", 1, 86400 * 60 },
	{ "mail_lease", CONF_INT, offsetof(struct conf, mail_lease), "300", 2, 86400 },
	{ "smtp_timeout", CONF_INT, offsetof(struct conf, smtp_timeout), "120", 1, 3600 },
};

#define CONF_NKEYS	(sizeof(conf_keys) / sizeof(conf_keys[0]))

/* Keys whose value must be one of a fixed list. */
static const struct conf_enum {
	const char	*name;
	const char	*values[4];
} conf_enums[] = {
	{ "secure_cookies", { "auto", "on", "off", NULL } },
	{ "smtp_starttls", { "required", "auto", "off", NULL } },
};

static int
conf_set(struct conf *cf, const struct conf_key *k, const char *val)
{
	char		*end;
	long long	 n;
	size_t		 i, j;

	if (k->type == CONF_STR) {
		char **p = (char **)((char *)cf + k->off);

		for (i = 0; i < sizeof(conf_enums) / sizeof(conf_enums[0]); i++) {
			if (strcmp(conf_enums[i].name, k->name) != 0)
				continue;
			for (j = 0; conf_enums[i].values[j] != NULL; j++)
				if (strcmp(conf_enums[i].values[j], val) == 0)
					break;
			if (conf_enums[i].values[j] == NULL)
				return -1;
		}
		free(*p);
		*p = xstrdup(val);
		return 0;
	}
	errno = 0;
	n = strtoll(val, &end, 10);
	if (errno != 0 || end == val || *end != '\0' || n < k->min || n > k->max)
		return -1;
	if (k->type == CONF_INT)
		*(int *)((char *)cf + k->off) = (int)n;
	else
		*(size_t *)((char *)cf + k->off) = (size_t)n;
	return 0;
}

void
conf_defaults(struct conf *cf)
{
	size_t	 i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (conf_set(cf, &conf_keys[i], conf_keys[i].def) == -1)
			log_die("bad default for %s", conf_keys[i].name);
}

static const struct conf_key *
conf_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (strcmp(conf_keys[i].name, name) == 0)
			return &conf_keys[i];
	return NULL;
}

static char *
trim(char *s, char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

int
conf_parse(struct conf *cf, const char *text, size_t len, char *err, size_t errsz)
{
	char			*copy, *line, *next, *eq, *key, *val, *end;
	const struct conf_key	*k;
	unsigned		 lineno = 0;
	int			 rc = -1;

	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errsz, "the file contains a NUL byte");
		return -1;
	}
	copy = xstrndup(text, len);
	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		end = line + strlen(line);
		if (!utf8_valid(line, (size_t)(end - line)) &&
		    !(end > line && end[-1] == '\r' &&
		      utf8_valid(line, (size_t)(end - line - 1)))) {
			snprintf(err, errsz, "line %u: not UTF-8 text", lineno);
			goto out;
		}
		line = trim(line, end);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			snprintf(err, errsz, "line %u: expected \"key = value\"", lineno);
			goto out;
		}
		key = trim(line, eq);
		val = trim(eq + 1, eq + 1 + strlen(eq + 1));
		if ((k = conf_find(key)) == NULL) {
			snprintf(err, errsz, "line %u: unknown key \"%.64s\"", lineno, key);
			goto out;
		}
		if (*val == '"') {
			size_t vl = strlen(val);

			if (vl < 2 || val[vl - 1] != '"') {
				snprintf(err, errsz, "line %u: unterminated quote", lineno);
				goto out;
			}
			val[vl - 1] = '\0';
			val++;
		}
		if (conf_set(cf, k, val) == -1) {
			snprintf(err, errsz, "line %u: bad value for %s", lineno, k->name);
			goto out;
		}
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

int
conf_load(struct conf *cf, const char *path, char *err, size_t errsz)
{
	FILE		*f;
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[4096];
	size_t		 n;
	int		 rc;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > 1024 * 1024)
			break;
	}
	if (ferror(f) || b.len > 1024 * 1024) {
		snprintf(err, errsz, "%s: cannot read (or larger than 1 MiB)", path);
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	rc = conf_parse(cf, b.data == NULL ? "" : b.data, b.len, err, errsz);
	if (rc == -1) {
		char tmp[512];

		snprintf(tmp, sizeof(tmp), "%s: %s", path, err);
		snprintf(err, errsz, "%s", tmp);
	}
	buf_free(&b);
	return rc;
}

const char *
conf_path(const char *arg)
{
	const char	*env;

	if (arg != NULL)
		return arg;
	if ((env = getenv("REFPORTAL_CONF")) != NULL && *env != '\0')
		return env;
	return RP_SYSCONFDIR "/refportal.conf";
}

void
conf_clear(struct conf *cf)
{
	size_t	 i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (conf_keys[i].type == CONF_STR) {
			char **p = (char **)((char *)cf + conf_keys[i].off);

			free(*p);
			*p = NULL;
		}
}
