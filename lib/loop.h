/* loop.h: the request loop every cgi-bin program hands its route table to */
#ifndef RP_LOOP_H
#define RP_LOOP_H

#include <libxml/tree.h>
#include "arena.h"
#include "conf.h"
#include "http.h"

struct db;
struct render;
struct sess;

/* Everything a handler sees; valid for one request. */
struct ctx {
	struct http_req		 req;
	struct http_resp	 resp;
	struct arena		*arena;		/* request memory */
	const struct conf	*conf;
	struct db		*db;
	struct render		*render;
	struct sess		*sess;		/* NULL when not signed in */
	const char		*lang;		/* "nl" or "en" */
	const char		*flash;		/* catalogue key of a message to show, or NULL */
	const char		*flash_kind;	/* "ok" or "error" */
	const char		*flash_args[8];	/* name/value pairs for the message's {placeholders} */
	long long		 t_start, t_query, t_xml, t_xslt;	/* microseconds */
	long long		 t_save, t_write;	/* of t_xslt: serialising; writing out */
};

/* Route flags. */
#define ROUTE_PUBLIC	0x01	/* no session needed */
#define ROUTE_PRECSRF	0x02	/* POST checked against the pre-session cookie (login) */

typedef void (*route_fn)(struct ctx *);

/*
 * A route: methods (HTTP_GET | HTTP_POST ...), a path pattern where "%d"
 * matches one positive decimal segment (captured into req.ids) and "%s"
 * one segment of 1..64 letters, digits, '-' and '_' (into req.strs), the
 * handler and flags.  Unless ROUTE_PUBLIC, the loop sends a visitor
 * without a session to /login; every POST must carry the field "csrf"
 * matching the session (or the pre-session cookie for ROUTE_PRECSRF),
 * else 403 before the handler runs.  HEAD runs the GET handler.
 */
struct route {
	unsigned	 methods;
	const char	*pattern;
	route_fn	 fn;
	unsigned	 flags;
};

struct program {
	const char		*name;		/* for logs */
	const struct route	*routes;
	size_t			 nroutes;
	const struct http_field	*fields;	/* the program's field table */
	size_t			 nfields;
};

/*
 * main() of every cgi-bin program.  Options: --config FILE, --socket PATH
 * (listen on a unix socket, mode 0660, forking conf.workers processes),
 * --check (load everything and exit 0, for scripts).  Without --socket it
 * serves FastCGI on stdin when started by a FastCGI server, or one
 * request as plain CGI.  Returns the process exit code.
 */
int	loop_main(int argc, char **argv, const struct program *);

/*
 * Answer with an error page: status, a catalogue key for the message,
 * and optional detail text (shown escaped).  Renders error.xsl, or a
 * plain last-resort page when that fails.
 */
void	loop_error(struct ctx *, int status, const char *msgkey, const char *detail);

/*
 * Start the XML of a page: <page name= lang= base= static= csrf=> with
 * <user>, <org> and <sites> when signed in, and <flash> if set.
 * Returns the root element; the document is freed by loop_render().
 */
xmlNodePtr loop_page(struct ctx *, const char *name);

/*
 * Render the page document through xslt core/NAME.xsl (NAME = the page
 * name) into a 200 text/html response (or the XML itself for an admin's
 * ?debug=xml), and free the document.  On stylesheet failure: 500.
 */
void	loop_render(struct ctx *, xmlNodePtr root);
/* As loop_render(), then status instead of 200 when the page rendered
 * (a form shown again with its mistakes: 400, 409 ...); a failed
 * render stays a 500. */
void	loop_render_status(struct ctx *, xmlNodePtr root, int status);

/* Give up on a page being built: free the document of root (from
 * loop_page(), or NULL when none was started) and answer a 500. */
void	loop_fail(struct ctx *, xmlNodePtr root);

/*
 * Answer a three-way lookup's result (STYLE.md 4): <0 a 500, 0 a 404.
 * Returns 1 when rc says found (nothing answered: the handler goes
 * on), else 0 (answered: the handler returns).
 */
int	loop_found(struct ctx *, int rc);

/* URL of a path inside the portal ("/candidates" -> base_path + it), arena. */
char	*loop_url(struct ctx *, const char *path);

/* Whether cookies get the Secure flag (conf.secure_cookies; "auto":
 * unless plain http on loopback), and the cookie Path (the base path). */
int	loop_cookie_secure(const struct ctx *);
const char *loop_cookie_path(const struct ctx *);

/* Set the flash message shown after the next redirect (cookie). */
void	loop_flash(struct ctx *, const char *kind, const char *msgkey);

/*
 * As loop_flash(), with values for the message's placeholders: args is a
 * NULL-terminated list of name, value pairs (names: name, referrer,
 * points, date, count; at most 3 pairs; a NULL value skips the pair).
 */
void	loop_flash_args(struct ctx *, const char *kind, const char *msgkey,
	    const char *const *args);

#endif
