/* conf.h: the refportal.conf reader (key = value), with every default */
#ifndef RP_CONF_H
#define RP_CONF_H

#include <stddef.h>

/*
 * Every key of refportal.conf.  conf/refportal.conf.example and
 * man/refportal.conf.5 document each one; conf_defaults() sets them.
 * Strings are owned by the struct and freed by conf_clear().
 */
struct conf {
	char	*db_host;		/* "localhost" */
	int	 db_port;		/* 3306 */
	char	*db_socket;		/* "" = TCP, else a unix socket path */
	char	*db_user;		/* "refportal" */
	char	*db_password;		/* "" */
	char	*db_name;		/* "refportal" */
	char	*base_path;		/* "" (site root), else "/portal" */
	char	*xslt_dir;		/* DATADIR/xslt: holds core/ and site/ */
	char	*sql_dir;		/* DATADIR/sql: numbered migrations */
	char	*static_path;		/* "/static": URL of xslt/static */
	size_t	 max_body;		/* 1048576 bytes */
	int	 page_size;		/* 50 rows */
	int	 session_idle;		/* 3600 s */
	int	 session_absolute;	/* 36000 s */
	char	*secure_cookies;	/* "auto": Secure unless http on loopback; "on"; "off" */
	int	 login_max_failures;	/* 10 */
	int	 login_window;		/* 900 s */
	char	*timing_log;		/* "" = off, else a file that gets one line per request */
	int	 workers;		/* 2: FastCGI processes forked per program with --socket */
	/* mail (used by refportal-mailer and the queueing functions) */
	char	*mail_from;		/* "refportal <noreply@localhost>" */
	char	*smtp_url;		/* "smtp://127.0.0.1:25" */
	char	*smtp_starttls;		/* "auto": "required", "auto", "off" */
	char	*smtp_user;		/* "" */
	char	*smtp_password;		/* "" */
	char	*sendmail;		/* "" = use SMTP, else a sendmail program */
	int	 grace_delay;		/* 120 s before a referrer notification is due */
	char	*public_url;		/* "http://127.0.0.1:8080": absolute links in mail */
	int	 mail_retry_first;	/* 60 s: first retry delay after a temporary failure */
	int	 mail_retry_max;	/* 3600 s: the doubling delay's cap */
	int	 mail_give_up;		/* 432000 s (5 days) after queueing: failed */
	int	 mail_lease;		/* 300 s a claimed message stays with one mailer */
	int	 smtp_timeout;		/* 120 s for one message over SMTP, connecting included */
};

/* Fill every field with its default (freeing nothing: call on a zeroed struct). */
void	conf_defaults(struct conf *);

/*
 * Parse the text of a configuration file into cf (which holds the defaults
 * already).  Lines are "key = value", '#' starts a comment line, blank
 * lines are ignored, a value may be wrapped in double quotes.  Returns 0,
 * or -1 with a message "line N: ..." in err (errsz bytes) for an unknown
 * key, a missing '=', a bad number or broken UTF-8; cf may then be half
 * filled and must be cleared by the caller.
 */
int	conf_parse(struct conf *cf, const char *text, size_t len, char *err, size_t errsz);

/* Read and parse a file; as conf_parse(), and -1 with a message if the
 * file cannot be read. */
int	conf_load(struct conf *cf, const char *path, char *err, size_t errsz);

/* The path to use: the argument if not NULL, else $REFPORTAL_CONF, else
 * SYSCONFDIR/refportal.conf.  Static or environment storage: copy it. */
const char *conf_path(const char *arg);

/* Free the strings of cf. */
void	conf_clear(struct conf *);

#endif
