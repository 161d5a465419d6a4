/* refportal-admin.c: the operator's command line (migrate, organisations, users, demo data) */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "org.h"
#include "pass.h"
#include "util.h"
#include "seed.h"
#include "generate.h"

#define EX_OK		0
#define EX_FAIL		1
#define EX_USAGE	2
#define MAX_SITES	32
#define PASSWORD_MAX	1024

enum cmd {
	CMD_MIGRATE,
	CMD_CREATE_ORG,
	CMD_CREATE_USER,
	CMD_SEED_DEMO,
	CMD_GENERATE,
	CMD__MAX
};

struct admin {
	const char	*conf_arg;	/* --config, or NULL */
	struct conf	 cf;
	struct db	*db;
	struct arena	 a;
};

typedef int (*cmd_fn)(struct admin *, int, char **);

static int	cmd_migrate(struct admin *, int, char **);
static int	cmd_create_org(struct admin *, int, char **);
static int	cmd_create_user(struct admin *, int, char **);
static int	cmd_seed_demo(struct admin *, int, char **);
static int	cmd_generate(struct admin *, int, char **);

static const struct cmd_def {
	enum cmd	 cmd;
	const char	*name;
	cmd_fn		 fn;
	const char	*usage;
	const char	*help;
} cmds[CMD__MAX] = {
	{ CMD_MIGRATE, "migrate", cmd_migrate,
	    "migrate [--sql-dir DIR]",
	    "apply the database migrations not yet applied" },
	{ CMD_CREATE_ORG, "create-org", cmd_create_org,
	    "create-org NAME --locale nl|en --tz ZONE",
	    "create an organisation with the default milestones; prints its id" },
	{ CMD_CREATE_USER, "create-user", cmd_create_user,
	    "create-user --org ID --email EMAIL --name NAME --role admin|recruiter\n"
	    "        [--lang nl|en] [--site ID ...]",
	    "create a portal user; the password is asked for (or read as one\n"
	    "        line from standard input when it is not a terminal)" },
	{ CMD_SEED_DEMO, "seed-demo", cmd_seed_demo,
	    "seed-demo [--reset]",
	    "load the demo organisations; refuses when they exist, unless\n"
	    "        --reset, which deletes them and everything of theirs first" },
	{ CMD_GENERATE, "generate", cmd_generate,
	    "generate [--candidates N] [--seed S] [--verbose]",
	    "add bulk data for benchmarks: N candidates (default 10000, at least\n"
	    "        1000) in many organisations, one large one (\"Generated Care\n"
	    "        Group\", 50,000 live candidates when N allows, admin\n"
	    "        " GEN_USER_EMAIL " / " GEN_USER_PASSWORD "); refuses when it\n"
	    "        exists already; --verbose: each phase's time to stderr" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: refportal-admin [--config FILE] COMMAND [ARGS]\n"
	    "       refportal-admin COMMAND --help\n\ncommands:\n");
	for (i = 0; i < CMD__MAX; i++)
		fprintf(f, "  %s\n        %s\n", cmds[i].usage, cmds[i].help);
	fprintf(f, "\nThe configuration is FILE, else $REFPORTAL_CONF, else the"
	    " installed refportal.conf.\nExit status: 0 done, 1 failed,"
	    " 2 bad usage.\n");
}

static int
cmd_usage(const struct cmd_def *c)
{
	fprintf(stderr, "usage: refportal-admin %s\n", c->usage);
	return EX_USAGE;
}

/* 1 if any argument is --help or -h. */
static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* Parse a positive id; 0 if it is not one. */
static long long
parse_id(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v <= 0)
		return 0;
	return v;
}

/* Load the configuration and connect; prints why not. */
static int
admin_connect(struct admin *ad)
{
	char err[512];
	conf_defaults(&ad->cf);
	if (conf_load(&ad->cf, conf_path(ad->conf_arg), err, sizeof(err)) == -1) {
		/* err names the file already */
		fprintf(stderr, "refportal-admin: %s\n", err);
		return -1;
	}
	/* A migration's ALTER TABLE or generate's loads on a large
	 * database may take minutes, not the web's ten seconds. */
	db_set_timeout(3600);
	if ((ad->db = db_open(&ad->cf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "refportal-admin: %s\n", err);
		return -1;
	}
	return 0;
}

static int
cmd_migrate(struct admin *ad, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sql-dir", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL;
	int ch, n;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'd':
			dir = optarg;
			break;
		default:
			return cmd_usage(&cmds[CMD_MIGRATE]);
		}
	if (optind != argc)
		return cmd_usage(&cmds[CMD_MIGRATE]);
	if (admin_connect(ad) == -1)
		return EX_FAIL;
	if ((n = db_migrate(ad->db, dir != NULL ? dir : ad->cf.sql_dir,
	    stdout)) < 0) {
		fprintf(stderr, "refportal-admin: migration failed (see the"
		    " messages above)\n");
		return EX_FAIL;
	}
	return EX_OK;
}

struct org_args {
	const char	*name;
	const char	*locale;
	const char	*tz;
	struct arena	*a;
	long long	 id;
};

static int
create_org_txn(struct db *db, void *arg)
{
	struct org_args *o = arg;
	int rc;

	rc = org_create(db, o->a, o->name, o->locale, o->tz, &o->id);
	return rc == 0 ? 0 : (rc < -1 ? rc : -1);
}

static int
cmd_create_org(struct admin *ad, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "locale", required_argument, NULL, 'l' },
		{ "tz", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct org_args o;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'l':
			o.locale = optarg;
			break;
		case 't':
			o.tz = optarg;
			break;
		default:
			return cmd_usage(&cmds[CMD_CREATE_ORG]);
		}
	if (optind != argc - 1 || o.locale == NULL || o.tz == NULL ||
	    (strcmp(o.locale, "nl") != 0 && strcmp(o.locale, "en") != 0) ||
	    argv[optind][0] == '\0')
		return cmd_usage(&cmds[CMD_CREATE_ORG]);
	o.name = argv[optind];
	o.a = &ad->a;
	if (admin_connect(ad) == -1)
		return EX_FAIL;
	rc = db_txn(ad->db, create_org_txn, &o);
	if (rc == ORG_EINVAL) {
		fprintf(stderr, "refportal-admin: bad name, locale or time zone\n");
		return EX_USAGE;
	}
	if (rc < 0) {
		fprintf(stderr, "refportal-admin: creating the organisation failed\n");
		return EX_FAIL;
	}
	printf("%lld\n", o.id);
	return EX_OK;
}

/*
 * Read a password: on a terminal twice without echo, else one line of
 * standard input.  Returns 0, or -1 after saying why.
 */
static int
read_password(char *pw, size_t pwsz)
{
	struct termios old, noecho;
	char again[PASSWORD_MAX];
	int tty = isatty(STDIN_FILENO), ok = 1;
	size_t len;

	if (tty) {
		if (tcgetattr(STDIN_FILENO, &old) == -1) {
			perror("refportal-admin: tcgetattr");
			return -1;
		}
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		noecho.c_lflag |= ECHONL;
		fputs("Password: ", stderr);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
		ok = fgets(pw, (int)pwsz, stdin) != NULL;
		if (ok) {
			fputs("Password again: ", stderr);
			ok = fgets(again, sizeof(again), stdin) != NULL;
		}
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	} else
		ok = fgets(pw, (int)pwsz, stdin) != NULL;
	if (!ok) {
		fprintf(stderr, "refportal-admin: no password given\n");
		return -1;
	}
	len = strcspn(pw, "\r\n");
	if (pw[len] == '\0' && len == pwsz - 1) {
		fprintf(stderr, "refportal-admin: password too long\n");
		return -1;
	}
	pw[len] = '\0';
	if (tty) {
		again[strcspn(again, "\r\n")] = '\0';
		ok = strcmp(pw, again) == 0;
		memset(again, 0, sizeof(again));
		if (!ok) {
			fprintf(stderr, "refportal-admin: the passwords differ\n");
			return -1;
		}
	}
	return 0;
}

/* Why pass_policy() refused, for people. */
static const char *
policy_text(const char *key)
{
	static const struct {
		const char *key, *text;
	} texts[] = {
		{ "password.short", "it needs at least 8 characters" },
		{ "password.long", "it may have at most 256 characters" },
		{ "password.common", "it is one of the most common passwords" },
		{ "password.invalid", "it is not valid UTF-8 text" },
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (key != NULL && strcmp(key, texts[i].key) == 0)
			return texts[i].text;
	return "it is not acceptable";
}

struct user_args {
	long long	 org;
	const char	*email;
	const char	*name;
	const char	*role;
	const char	*lang;
	const char	*password;
	long long	 sites[MAX_SITES];
	size_t		 nsites;
	struct arena	*a;
	long long	 id;
	long long	 bad_site;
};

static int
create_user_txn(struct db *db, void *arg)
{
	struct user_args *u = arg;
	size_t i;
	int rc;

	rc = org_user_create(db, u->org, u->email, u->name, u->role, u->lang,
	    u->password, &u->id);
	if (rc != 0)
		return rc;
	for (i = 0; i < u->nsites; i++)
		if ((rc = org_user_site_add(db, u->a, u->org, u->id,
		    u->sites[i])) != 0) {
			u->bad_site = u->sites[i];
			return rc;
		}
	return 0;
}

static int
cmd_create_user(struct admin *ad, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "email", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'l' },
		{ "site", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct user_args u;
	char pw[PASSWORD_MAX];
	const char *why;
	int ch, rc;

	memset(&u, 0, sizeof(u));
	u.lang = "";
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'o':
			if ((u.org = parse_id(optarg)) == 0)
				return cmd_usage(&cmds[CMD_CREATE_USER]);
			break;
		case 'e':
			u.email = optarg;
			break;
		case 'n':
			u.name = optarg;
			break;
		case 'r':
			u.role = optarg;
			break;
		case 'l':
			u.lang = optarg;
			break;
		case 's':
			if (u.nsites == MAX_SITES ||
			    (u.sites[u.nsites++] = parse_id(optarg)) == 0)
				return cmd_usage(&cmds[CMD_CREATE_USER]);
			break;
		default:
			return cmd_usage(&cmds[CMD_CREATE_USER]);
		}
	if (optind != argc || u.org == 0 || u.email == NULL ||
	    strchr(u.email, '@') == NULL || u.name == NULL ||
	    u.name[0] == '\0' || u.role == NULL ||
	    (strcmp(u.role, "admin") != 0 && strcmp(u.role, "recruiter") != 0) ||
	    (u.lang[0] != '\0' && strcmp(u.lang, "nl") != 0 &&
	    strcmp(u.lang, "en") != 0))
		return cmd_usage(&cmds[CMD_CREATE_USER]);
	if (read_password(pw, sizeof(pw)) == -1)
		return EX_FAIL;
	if ((why = pass_policy(pw)) != NULL) {
		fprintf(stderr, "refportal-admin: password refused: %s\n",
		    policy_text(why));
		memset(pw, 0, sizeof(pw));
		return EX_FAIL;
	}
	u.password = pw;
	u.a = &ad->a;
	if (admin_connect(ad) == -1) {
		memset(pw, 0, sizeof(pw));
		return EX_FAIL;
	}
	rc = db_txn(ad->db, create_user_txn, &u);
	memset(pw, 0, sizeof(pw));
	switch (rc) {
	case 0:
		printf("%lld\n", u.id);
		return EX_OK;
	case ORG_EDUPLICATE:
		fprintf(stderr, "refportal-admin: a user with email %s exists"
		    " already\n", u.email);
		break;
	case ORG_ENOTFOUND:
		if (u.bad_site != 0)
			fprintf(stderr, "refportal-admin: site %lld is not a site"
			    " of organisation %lld\n", u.bad_site, u.org);
		else
			fprintf(stderr, "refportal-admin: no organisation %lld\n",
			    u.org);
		break;
	case ORG_EINVAL:
		fprintf(stderr, "refportal-admin: bad email, name, role or"
		    " language\n");
		return EX_USAGE;
	default:
		fprintf(stderr, "refportal-admin: creating the user failed\n");
		break;
	}
	return EX_FAIL;
}

static int
cmd_seed_demo(struct admin *ad, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reset", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, reset = 0, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'r':
			reset = 1;
			break;
		default:
			return cmd_usage(&cmds[CMD_SEED_DEMO]);
		}
	if (optind != argc)
		return cmd_usage(&cmds[CMD_SEED_DEMO]);
	if (admin_connect(ad) == -1)
		return EX_FAIL;
	rc = seed_demo(ad->db, reset, stdout);
	if (rc == SEED_EXISTS) {
		fprintf(stderr, "refportal-admin: the demo organisations exist"
		    " already; nothing done (seed-demo --reset deletes and"
		    " reloads them)\n");
		return EX_FAIL;
	}
	if (rc != 0) {
		fprintf(stderr, "refportal-admin: loading the demo data failed\n");
		return EX_FAIL;
	}
	return EX_OK;
}

static int
cmd_generate(struct admin *ad, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "candidates", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	long long n = 10000, seed = 1;
	int ch, verbose = 0;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'n':
			if ((n = parse_id(optarg)) < 1000 || n > 100000000)
				return cmd_usage(&cmds[CMD_GENERATE]);
			break;
		case 's':
			if ((seed = parse_id(optarg)) == 0 || seed > 0xffffffffLL)
				return cmd_usage(&cmds[CMD_GENERATE]);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			return cmd_usage(&cmds[CMD_GENERATE]);
		}
	if (optind != argc)
		return cmd_usage(&cmds[CMD_GENERATE]);
	if (admin_connect(ad) == -1)
		return EX_FAIL;
	if (generate_data(ad->db, &ad->cf, n, (unsigned)seed, verbose,
	    stdout) != 0) {
		fprintf(stderr, "refportal-admin: generating the data failed\n");
		return EX_FAIL;
	}
	return EX_OK;
}

int
main(int argc, char *argv[])
{
	struct admin ad;
	const struct cmd_def *c = NULL;
	int i = 1, rc;
	size_t k;

	memset(&ad, 0, sizeof(ad));
	log_init("refportal-admin");
	/* Global options come before the command. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EX_OK;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			ad.conf_arg = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			ad.conf_arg = argv[i] + 9;
			i++;
		} else {
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	for (k = 0; k < CMD__MAX; k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			c = &cmds[k];
	if (c == NULL) {
		fprintf(stderr, "refportal-admin: unknown command %s\n", argv[i]);
		usage(stderr);
		return EX_USAGE;
	}
	if (wants_help(argc - i, argv + i)) {
		printf("usage: refportal-admin %s\n        %s\n", c->usage, c->help);
		return EX_OK;
	}
	if (pass_init() == -1) {
		fprintf(stderr, "refportal-admin: libsodium does not start\n");
		return EX_FAIL;
	}
	/* The command sees argv from its own name on, as getopt expects. */
	optind = 1;
	rc = c->fn(&ad, argc - i, argv + i);
	db_close(ad.db);
	conf_clear(&ad.cf);
	arena_free(&ad.a);
	return rc;
}
