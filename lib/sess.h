/* sess.h: sessions (cookie token, hash stored), CSRF and sign-in throttling */
#ifndef RP_SESS_H
#define RP_SESS_H

struct buf;
struct ctx;
struct db_params;

#define SESS_COOKIE	"rp_session"
#define SESS_PRE_COOKIE	"rp_pre"	/* pre-session CSRF cookie of the login form */

/* The signed-in user, loaded by sess_lookup() into the request arena. */
struct sess {
	long long	 id;
	long long	 user_id;
	long long	 org_id;
	char		*user_name;
	char		*email;
	char		*role;		/* "admin" or "recruiter" */
	char		*user_lang;	/* "" when the user has no setting */
	char		*org_name;
	char		*org_locale;	/* "nl" or "en" */
	char		*org_tz;	/* "Europe/Amsterdam" */
	int		 contact_target_hours;	/* first-contact target, 24 */
	int		 has_sites;	/* the organisation has sites (choices.h) */
	long long	 choices_version; /* of its milestones, sites, vacancies (choices.h) */
	long long	*site_ids;	/* sites the user is limited to */
	int		 nsites;	/* 0: all sites */
	char		*csrf;		/* the session's CSRF token */
};

/*
 * Find the session of the request's cookie, enforcing idle and absolute
 * expiry and a disabled user, and refresh its last-seen time.  Returns
 * <0 on a database error, 0 when there is none (ctx->sess NULL), >0 when
 * found (ctx->sess set, arena memory).
 */
int	sess_lookup(struct ctx *);

/* Start a session for user_id: new token, row, cookie.  Returns 1, 0
 * (no session, no cookie) when the user is disabled or gone by then, or
 * -1 on a database error. */
int	sess_create(struct ctx *, long long user_id);

/* End the request's session on the server and clear the cookie. */
int	sess_destroy(struct ctx *);

/* 1 if the request's "csrf" field matches the session (or, for
 * pre-session forms, the pre-session cookie), 0 if not. */
int	sess_csrf_ok(struct ctx *, int presession);

/* The pre-session CSRF token, setting its cookie if the request had none. Arena. */
const char *sess_pre_token(struct ctx *);

/*
 * Sign-in throttling: 1 when the email or the remote address had
 * conf.login_max_failures failures within conf.login_window seconds,
 * 0 when not, -1 on error.  sess_fail() records a failure.
 */
int	sess_throttled(struct ctx *, const char *email);
int	sess_fail(struct ctx *, const char *email);

/*
 * Site limits.  sess_site_in(): 1 if site_id (0: no site) is one of the
 * nsites ids of sites, or nsites is 0 (not limited: every site and no
 * site); 0 if not, so a limited user never sees what has no site.
 * sess_site_allowed(): the same for the signed-in user's sites.  Pure;
 * the caller keeps ownership of everything.
 */
int	sess_site_in(const long long *sites, int nsites, long long site_id);

/*
 * Append " AND col IN (...)" to w for the n sites ids that user user_id
 * is limited to, and their values to p: bound one by one when they fit
 * in the statement's parameters, else read from user_sites (the same
 * rows the session query read).  col is a constant fragment; n >= 1.
 */
void	sess_sites_where(struct buf *w, struct db_params *p, const char *col,
	    long long user_id, const long long *ids, int n);
int	sess_site_allowed(const struct sess *, long long site_id);

#endif
