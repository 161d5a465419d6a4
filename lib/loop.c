/* loop.c: the request loop shared by every cgi-bin program (FastCGI or CGI) */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "db.h"
#include "fcgiout.h"
#include "lang.h"
#include "loop.h"
#include "pass.h"
#include "render.h"
#include "sess.h"
#include "util.h"

#define FLASH_COOKIE	"rp_flash"

/* Process-wide state: set up once before the accept loop. */
static struct conf	 loop_conf;
static struct db	*loop_db;
static struct render	*loop_render_cache;
static struct arena	 loop_arena;
static FILE		*loop_timing;
static int		 loop_oneshot;	/* plain CGI: one request, then _exit */
static volatile sig_atomic_t loop_stop;

/* Where the request comes from and goes to: FastCGI streams or stdio. */
struct io {
	FCGX_Request	*fr;	/* NULL: plain CGI */
};

static const char *
io_env(const struct io *io, const char *name)
{
	return io->fr != NULL ? FCGX_GetParam(name, io->fr->envp) : getenv(name);
}

static size_t
io_read(const struct io *io, char *p, size_t n)
{
	if (io->fr != NULL) {
		int got = FCGX_GetStr(p, (int)n, io->fr->in);

		return got < 0 ? 0 : (size_t)got;
	}
	return fread(p, 1, n, stdin);
}

/* The response, parts[0 .. n-1] in order: on FastCGI in records of our
 * own (lib/fcgiout.c: one write where libfcgi's stream made one per 8
 * KB), after whatever the stream holds; a peer gone is not reported. */
static void
io_write(const struct io *io, const char *const *parts, const size_t *lens,
    size_t n)
{
	size_t	 i;

	if (io->fr != NULL) {
		FCGX_FFlush(io->fr->out);
		(void)fcgiout_write(io->fr->ipcFd, (unsigned int)io->fr->requestId,
		    parts, lens, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (lens[i] > 0)
			fwrite(parts[i], 1, lens[i], stdout);
}

static void
on_term(int sig)
{
	(void)sig;
	loop_stop = 1;
	FCGX_ShutdownPending();
}

/* --- request reading --- */

static const char *
src_env(void *arg, const char *name)
{
	return io_env(arg, name);
}

static size_t
src_read(void *arg, char *p, size_t n)
{
	return io_read(arg, p, n);
}

/* The request through the shared parser (lib/http.c), which the fuzz
 * harness tests/fuzz/fuzz_request.c runs on in-memory requests. */
static void
req_read(struct ctx *c, const struct io *io)
{
	struct http_src	 src;

	src.env = src_env;
	src.read = src_read;
	src.arg = (void *)io;
	http_req_parse(&c->req, c->arena, &src, c->conf->base_path,
	    c->conf->max_body);
}

/* --- routing --- */

/* A character of a %s segment: a public code such as a vacancy's. */
static int
seg_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

/* Match path against pattern ("%d" = one positive number, "%s" = one
 * segment of 1..64 letters, digits, '-' or '_'), capturing ids and strs. */
static int
route_match(struct http_req *r, const char *pat)
{
	const char	*p = r->path, *start;
	long long	 n;

	r->nids = 0;
	r->nstrs = 0;
	while (*pat != '\0') {
		if (pat[0] == '%' && pat[1] == 's') {
			for (start = p; seg_char(*p); p++)
				if (p - start >= 64)
					return 0;
			if (p == start || r->nstrs == 2)
				return 0;
			r->strs[r->nstrs++] = arena_strndup(r->arena, start,
			    (size_t)(p - start));
			pat += 2;
			continue;
		}
		if (pat[0] == '%' && pat[1] == 'd') {
			if (*p < '1' || *p > '9')
				return 0;
			for (n = 0; *p >= '0' && *p <= '9'; p++) {
				if (n > 900719925474099LL)
					return 0;
				n = n * 10 + (*p - '0');
			}
			if (r->nids == 4)
				return 0;
			r->ids[r->nids++] = n;
			pat += 2;
			continue;
		}
		if (*pat++ != *p++)
			return 0;
	}
	return *p == '\0';
}

/* --- responses --- */

/* 1 when the host the browser named is loopback: exactly localhost,
 * 127.x.y.z or [::1], with or without a port (not "localhost.example.com"
 * nor "127.0.0.1.nip.io", which are names like any other). */
static int
host_loopback(const char *h)
{
	size_t	 n;

	if (strncmp(h, "[::1]", 5) == 0)
		n = 5;
	else if (strncmp(h, "localhost", 9) == 0)
		n = 9;
	else if (strncmp(h, "127.", 4) == 0)
		n = 4 + strspn(h + 4, "0123456789.");
	else
		return 0;
	if (h[n] == ':' && h[n + 1] != '\0')
		n += 1 + strspn(h + n + 1, "0123456789");
	return h[n] == '\0';
}

int
loop_cookie_secure(const struct ctx *c)
{
	const char	*h = c->req.host;

	if (strcmp(c->conf->secure_cookies, "on") == 0)
		return 1;
	if (strcmp(c->conf->secure_cookies, "off") == 0)
		return 0;
	if (c->req.https)
		return 1;
	/* Plain http is accepted only on loopback. */
	if (h == NULL)
		return 0;
	return !host_loopback(h);
}

const char *
loop_cookie_path(const struct ctx *c)
{
	return *c->conf->base_path == '\0' ? "/" : c->conf->base_path;
}

static void
resp_write(struct ctx *c, const struct io *io)
{
	struct buf	 h = { NULL, 0, 0 };
	const char	*parts[2];
	size_t		 lens[2];
	int		 status = c->resp.status;

	buf_printf(&h, "Status: %d %s\r\n", status, http_reason(status));
	buf_puts(&h, "Content-Security-Policy: default-src 'self'; object-src 'none'; "
	    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'\r\n");
	buf_puts(&h, "X-Content-Type-Options: nosniff\r\n");
	buf_puts(&h, "X-Frame-Options: DENY\r\n");
	buf_puts(&h, "Referrer-Policy: same-origin\r\n");
	buf_puts(&h, "Cache-Control: no-store\r\n");
	if (c->req.https)
		buf_puts(&h, "Strict-Transport-Security: max-age=31536000\r\n");
	if (c->resp.body.len > 0 || status >= 200) {
		buf_printf(&h, "Content-Type: %s\r\n", c->resp.content_type != NULL ?
		    c->resp.content_type : "text/html; charset=utf-8");
		buf_printf(&h, "Content-Length: %zu\r\n", c->resp.body.len);
	}
	if (c->resp.headers.len > 0)
		buf_append(&h, c->resp.headers.data, c->resp.headers.len);
	buf_puts(&h, "\r\n");
	parts[0] = h.data;
	lens[0] = h.len;
	parts[1] = c->resp.body.data;
	lens[1] = c->req.method != HTTP_HEAD ? c->resp.body.len : 0;
	io_write(io, parts, lens, 2);
	buf_free(&h);
}

/* The last-resort page, when even the error stylesheet fails. */
static void
error_plain(struct ctx *c, int status, const char *msg, const char *detail)
{
	struct buf	*b = &c->resp.body;

	b->len = 0;
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	http_escape(b, c->lang != NULL ? c->lang : "en");
	buf_puts(b, "\"><head><meta charset=\"utf-8\"><title>");
	http_escape(b, msg);
	buf_puts(b, "</title></head><body data-page=\"error\"><main><h1>");
	http_escape(b, msg);
	buf_puts(b, "</h1>");
	if (detail != NULL) {
		buf_puts(b, "<p>");
		http_escape(b, detail);
		buf_puts(b, "</p>");
	}
	buf_puts(b, "</main></body></html>\n");
	c->resp.status = status;
	c->resp.content_type = "text/html; charset=utf-8";
}

void
loop_error(struct ctx *c, int status, const char *msgkey, const char *detail)
{
	xmlNodePtr	 root, e;

	c->resp.body.len = 0;
	if (c->resp.body.data != NULL)
		c->resp.body.data[0] = '\0';
	root = loop_page(c, "error");
	e = xml_text(root, "error", detail);
	xml_attr_int(e, "status", status);
	xml_attr(e, "key", msgkey);
	loop_render(c, root);
	if (c->resp.status == 200)
		c->resp.status = status;
	else
		error_plain(c, status, lang_get(c->lang, msgkey), detail);
}

char *
loop_url(struct ctx *c, const char *path)
{
	return arena_printf(c->arena, "%s%s", c->conf->base_path, path);
}

/* The placeholder names a flash message may carry. */
static const char *const flash_names[] = { "name", "referrer", "points", "date",
    "count", NULL };

static int
flash_name_ok(const char *n)
{
	size_t	 i;

	for (i = 0; flash_names[i] != NULL; i++)
		if (strcmp(flash_names[i], n) == 0)
			return 1;
	return 0;
}

void
loop_flash_args(struct ctx *c, const char *kind, const char *msgkey,
    const char *const *args)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	buf_printf(&b, "%s.%s", kind, msgkey);
	for (i = 0; args != NULL && args[i] != NULL && i < 6; i += 2) {
		if (args[i + 1] == NULL || !flash_name_ok(args[i]))
			continue;
		buf_printf(&b, "&%s=", args[i]);
		http_url_encode(&b, args[i + 1]);
	}
	http_resp_cookie(&c->resp, FLASH_COOKIE, b.data, loop_cookie_path(c), 60,
	    loop_cookie_secure(c));
	buf_free(&b);
}

void
loop_flash(struct ctx *c, const char *kind, const char *msgkey)
{
	loop_flash_args(c, kind, msgkey, NULL);
}

/* Read and clear the flash cookie: "ok.key" or "error.key", then
 * "&name=value" pairs percent-encoded. */
static void
flash_take(struct ctx *c)
{
	const char		*v = http_cookie(&c->req, FLASH_COOKIE), *s, *amp;
	struct http_pair	*pairs = NULL;
	size_t			 n = 0, i, k = 0;
	char			*head;

	if (v == NULL)
		return;
	http_resp_cookie(&c->resp, FLASH_COOKIE, "", loop_cookie_path(c), 0,
	    loop_cookie_secure(c));
	amp = strchr(v, '&');
	head = arena_strndup(c->arena, v, amp == NULL ? strlen(v) : (size_t)(amp - v));
	for (s = head; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '.' || *s == '_'))
			return;
	if (amp != NULL && http_parse_urlencoded(c->arena, amp + 1, strlen(amp + 1),
	    &pairs, &n) != HTTP_BAD_NONE)
		return;
	if (strncmp(head, "ok.", 3) == 0) {
		c->flash_kind = "ok";
		c->flash = head + 3;
	} else if (strncmp(head, "error.", 6) == 0) {
		c->flash_kind = "error";
		c->flash = head + 6;
	} else
		return;
	for (i = 0; i < n && k + 2 < sizeof(c->flash_args) / sizeof(c->flash_args[0]); i++)
		if (flash_name_ok(pairs[i].key) && utf8_len(pairs[i].val) <= 200) {
			c->flash_args[k++] = pairs[i].key;
			c->flash_args[k++] = pairs[i].val;
		}
}

xmlNodePtr
loop_page(struct ctx *c, const char *name)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	const char	*broken;
	struct sess	*s = c->sess;

	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(doc, root);
	xml_attr(root, "name", name);
	xml_attr(root, "lang", c->lang);
	xml_attr(root, "base", c->conf->base_path);
	xml_attr(root, "static", arena_printf(c->arena, "%s%s",
	    c->conf->base_path, c->conf->static_path));
	xml_attr(root, "path", c->req.path);
	if (s != NULL) {
		xml_attr(root, "csrf", s->csrf);
		n = xml_node(root, "user");
		xml_attr_int(n, "id", s->user_id);
		xml_attr(n, "name", s->user_name);
		xml_attr(n, "email", s->email);
		xml_attr(n, "role", s->role);
		n = xml_node(root, "org");
		xml_attr_int(n, "id", s->org_id);
		xml_attr(n, "name", s->org_name);
		xml_attr(n, "has-sites", s->has_sites ? "1" : "0");
		if (strcmp(s->role, "admin") == 0 &&
		    (broken = render_broken(c->render, name)) != NULL) {
			n = xml_text(root, "broken", broken);
		}
	}
	if (c->flash != NULL) {
		size_t i;

		n = xml_node(root, "flash");
		xml_attr(n, "kind", c->flash_kind);
		xml_attr(n, "key", c->flash);
		for (i = 0; i + 1 < sizeof(c->flash_args) / sizeof(c->flash_args[0]) &&
		    c->flash_args[i] != NULL; i += 2)
			xml_attr(n, c->flash_args[i], c->flash_args[i + 1]);
	}
	return root;
}

static int
want_debug_xml(struct ctx *c)
{
	size_t	 i;

	if (c->sess == NULL || strcmp(c->sess->role, "admin") != 0)
		return 0;
	for (i = 0; i < c->req.npairs; i++)
		if (strcmp(c->req.pairs[i].key, "debug") == 0 &&
		    strcmp(c->req.pairs[i].val, "xml") == 0)
			return 1;
	return 0;
}

void
loop_render(struct ctx *c, xmlNodePtr root)
{
	xmlDocPtr	 doc = root->doc;
	const char	*name;
	char		 err[512];
	long long	 t0 = util_now_us();
	xmlChar		*mem = NULL;
	int		 memlen = 0;

	name = (const char *)xmlGetProp(root, BAD_CAST "name");
	c->t_xml = t0 - c->t_start;
	c->resp.body.len = 0;
	if (want_debug_xml(c)) {
		xmlDocDumpFormatMemoryEnc(doc, &mem, &memlen, "UTF-8", 1);
		buf_append(&c->resp.body, mem, (size_t)memlen);
		xmlFree(mem);
		c->resp.content_type = "text/xml; charset=utf-8";
		c->resp.status = 200;
	} else if (render_apply(c->render, name, doc, NULL, &c->resp.body,
	    err, sizeof(err)) == -1) {
		log_warn("render %s: %s", name, err);
		c->resp.status = 500;
	} else {
		c->resp.content_type = "text/html; charset=utf-8";
		c->resp.status = 200;
	}
	xmlFree((xmlChar *)name);
	if (!loop_oneshot)
		xmlFreeDoc(doc);
	c->t_xslt = util_now_us() - t0;
	c->t_save = render_save_us(c->render);
}

void
loop_render_status(struct ctx *c, xmlNodePtr root, int status)
{
	loop_render(c, root);
	if (c->resp.status == 200)
		c->resp.status = status;
}

void
loop_fail(struct ctx *c, xmlNodePtr root)
{
	if (root != NULL)
		xmlFreeDoc(root->doc);
	loop_error(c, 500, "error.server", NULL);
}

int
loop_found(struct ctx *c, int rc)
{
	if (rc < 0)
		loop_error(c, 500, "error.server", NULL);
	else if (rc == 0)
		loop_error(c, 404, "error.not_found", NULL);
	return rc > 0;
}

/* --- one request --- */

static void
bad_request(struct ctx *c)
{
	static const struct {
		enum http_bad	 bad;
		int		 status;
		const char	*key;
	} map[] = {
		{ HTTP_BAD_UTF8, 400, "error.bad_utf8" },
		{ HTTP_BAD_SYNTAX, 400, "error.bad_request" },
		{ HTTP_BAD_SHORT, 400, "error.bad_request" },
		{ HTTP_BAD_TOO_LARGE, 413, "error.too_large" },
		{ HTTP_BAD_TOO_MANY, 400, "error.bad_request" },
		{ HTTP_BAD_TYPE, 415, "error.bad_request" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].bad == c->req.bad) {
			loop_error(c, map[i].status, map[i].key, NULL);
			return;
		}
	loop_error(c, 400, "error.bad_request", NULL);
}

/* Validated input before handlers: an unknown key, a repeated one or a
 * value that fails its validator is a 400 naming the field. */
static int
fields_ok(struct ctx *c)
{
	struct http_req	*r = &c->req;
	size_t		 i;

	for (i = 0; i < r->npairs; i++)
		if (r->pairs[i].field < 0 && strcmp(r->pairs[i].key, "csrf") != 0) {
			loop_error(c, 400, "error.bad_field", arena_printf(c->arena,
			    "%.60s", r->pairs[i].key));
			return 0;
		}
	for (i = 0; i < r->nfields; i++)
		if ((r->fieldcount[i] > 1 && !r->fields[i].multi) ||
		    r->fieldnmap[i] != NULL) {
			loop_error(c, 400, "error.bad_field", r->fields[i].name);
			return 0;
		}
	return 1;
}

static void
timing_write(struct ctx *c, const struct program *prog)
{
	if (loop_timing == NULL)
		return;
	/* total: the whole request; xml: until the transform began (the
	 * queries included); query: time in the database; xslt: the
	 * transform with its serialising, save; write: the response out. */
	fprintf(loop_timing, "%s %s %d total=%lld xml=%lld xslt=%lld query=%lld"
	    " save=%lld write=%lld\n", prog->name, c->req.path, c->resp.status,
	    util_now_us() - c->t_start, c->t_xml, c->t_xslt, c->t_query,
	    c->t_save, c->t_write);
	fflush(loop_timing);
}

static void
serve(const struct program *prog, const struct io *io)
{
	struct ctx		 c;
	const struct route	*rt = NULL;
	size_t			 i;
	unsigned		 allowed = 0, m;
	char			 err[256];
	int			 rc;
	long long		 q0, t0;

	memset(&c, 0, sizeof(c));
	c.t_start = util_now_us();
	q0 = db_time_us(loop_db);
	c.arena = &loop_arena;
	c.conf = &loop_conf;
	c.render = loop_render_cache;
	render_request(c.render);
	c.lang = "en";
	req_read(&c, io);
	c.lang = lang_pick(NULL, NULL, c.req.accept_language);
	c.req.fields = prog->fields;
	c.req.nfields = prog->nfields;

	if (c.req.bad != HTTP_BAD_NONE) {
		bad_request(&c);
		goto out;
	}
	m = c.req.method == HTTP_HEAD ? HTTP_GET : c.req.method;
	for (i = 0; i < prog->nroutes; i++) {
		if (!route_match(&c.req, prog->routes[i].pattern))
			continue;
		allowed |= prog->routes[i].methods;
		if (prog->routes[i].methods & m) {
			rt = &prog->routes[i];
			break;
		}
	}
	if (rt == NULL) {
		if (allowed != 0) {
			http_resp_header(&c.resp, "Allow",
			    (allowed & HTTP_POST) && (allowed & HTTP_GET) ? "GET, HEAD, POST" :
			    (allowed & HTTP_POST) ? "POST" : "GET, HEAD");
			loop_error(&c, 405, "error.method", NULL);
		} else
			loop_error(&c, 404, "error.not_found", NULL);
		goto out;
	}

	/* The database: reconnect explicitly between requests. */
	if (loop_db == NULL)
		loop_db = db_open(&loop_conf, err, sizeof(err));
	if (loop_db == NULL || db_ensure(loop_db) == -1) {
		http_resp_header(&c.resp, "Retry-After", "5");
		loop_error(&c, 503, "error.unavailable", NULL);
		goto out;
	}
	c.db = loop_db;

	if ((rc = sess_lookup(&c)) < 0) {
		loop_error(&c, 500, "error.server", NULL);
		goto out;
	}
	if (c.sess != NULL)
		c.lang = lang_pick(c.sess->user_lang, c.sess->org_locale, c.req.accept_language);
	flash_take(&c);

	if (!(rt->flags & ROUTE_PUBLIC) && c.sess == NULL) {
		char *next = arena_printf(c.arena, "%s%s%s", c.req.path,
		    *c.req.query != '\0' ? "?" : "", c.req.query);
		struct buf loc = { NULL, 0, 0 };

		/* Only the path and query travel in next=, percent-encoded. */
		buf_printf(&loc, "%s/login?next=", c.conf->base_path);
		http_url_encode(&loc, next);
		http_resp_redirect(&c.resp, loc.data);
		buf_free(&loc);
		goto out;
	}
	http_validate(&c.req);
	if (!fields_ok(&c))
		goto out;
	if (c.req.method == HTTP_POST &&
	    !sess_csrf_ok(&c, (rt->flags & ROUTE_PRECSRF) != 0)) {
		loop_error(&c, 403, "error.csrf", NULL);
		goto out;
	}
	rt->fn(&c);
	if (c.resp.status == 0) {
		log_warn("%s %s: handler set no response", prog->name, c.req.path);
		loop_error(&c, 500, "error.server", NULL);
	}
out:
	/* A database that went away during the request: 503, as before it. */
	if (c.resp.status == 500 && c.db != NULL && db_lost(c.db)) {
		loop_error(&c, 503, "error.unavailable", NULL);
		http_resp_header(&c.resp, "Retry-After", "5");
	}
	c.t_query = db_time_us(loop_db) - (c.db == loop_db ? q0 : 0);
	t0 = util_now_us();
	resp_write(&c, io);
	c.t_write = util_now_us() - t0;
	timing_write(&c, prog);
	buf_free(&c.resp.headers);
	buf_free(&c.resp.body);
	arena_reset(&loop_arena);
}

/* --- process set-up --- */

static void
setup_worker(void)
{
	char	 err[512];

	if ((loop_render_cache = render_new(loop_conf.xslt_dir)) == NULL)
		log_die("cannot set up rendering from %s", loop_conf.xslt_dir);
	if (lang_load(loop_conf.xslt_dir) == -1)
		log_warn("cannot load the catalogues under %s", loop_conf.xslt_dir);
	if ((loop_db = db_open(&loop_conf, err, sizeof(err))) == NULL)
		log_warn("database: %s (will retry per request)", err);
	if (*loop_conf.timing_log != '\0' &&
	    (loop_timing = fopen(loop_conf.timing_log, "a")) == NULL)
		log_warn("%s: %s", loop_conf.timing_log, strerror(errno));
}

static void
teardown_worker(void)
{
	if (loop_db != NULL)
		db_close(loop_db);
	loop_db = NULL;
	if (loop_render_cache != NULL)
		render_free(loop_render_cache);
	loop_render_cache = NULL;
	if (loop_timing != NULL)
		fclose(loop_timing);
	arena_free(&loop_arena);
}

static void
serve_fcgi(const struct program *prog, int sock)
{
	FCGX_Request	 fr;
	struct io	 io;

	setup_worker();
	/* A long-lived worker compiles its pages up front: a broken edit by
	 * an admin then always has a last good version to fall back on. */
	render_prepare_all(loop_render_cache);
	FCGX_InitRequest(&fr, sock, 0);
	io.fr = &fr;
	while (!loop_stop && FCGX_Accept_r(&fr) >= 0) {
		serve(prog, &io);
		FCGX_Finish_r(&fr);
	}
	teardown_worker();
}

static pid_t
spawn(const struct program *prog, int sock)
{
	pid_t	 pid;

	if ((pid = fork()) == -1)
		log_die("fork: %s", strerror(errno));
	if (pid == 0) {
		serve_fcgi(prog, sock);
		_exit(0);
	}
	return pid;
}

/* Listen on a unix socket that only the owner and group may open; fork
 * the workers and replace any that dies, until SIGTERM. */
static int
serve_socket(const struct program *prog, const char *path)
{
	pid_t		*kids;
	int		 sock, i, n = loop_conf.workers, status;
	mode_t		 old;
	pid_t		 pid;

	unlink(path);
	old = umask(0117);
	sock = FCGX_OpenSocket(path, 128);
	umask(old);
	if (sock < 0)
		log_die("%s: cannot listen", path);
	chmod(path, 0660);
	kids = xcalloc((size_t)n, sizeof(*kids));
	for (i = 0; i < n; i++)
		kids[i] = spawn(prog, sock);
	log_info("listening on %s with %d workers", path, n);
	while (!loop_stop) {
		if ((pid = wait(&status)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < n; i++)
			if (kids[i] == pid) {
				kids[i] = 0;
				if (!loop_stop) {
					log_warn("worker %d ended (status %d), restarting",
					    (int)pid, status);
					sleep(1);
					kids[i] = spawn(prog, sock);
				}
			}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			waitpid(kids[i], NULL, 0);
	unlink(path);
	free(kids);
	return 0;
}

int
loop_main(int argc, char **argv, const struct program *prog)
{
	const char		*cfgarg = NULL, *sockpath = NULL;
	char			 err[512];
	int			 i, check = 0;
	struct sigaction	 sa;
	struct io		 io;

	log_init(prog->name);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			cfgarg = argv[++i];
		else if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			sockpath = argv[++i];
		else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else {
			fprintf(stderr, "usage: %s [--config FILE] [--socket PATH] [--check]\n",
			    argv[0]);
			return 2;
		}
	}
	conf_defaults(&loop_conf);
	if (conf_load(&loop_conf, conf_path(cfgarg), err, sizeof(err)) == -1)
		log_die("%s", err);
	if (pass_init() == -1)
		log_die("libsodium does not initialise");
	xmlInitParser();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (FCGX_Init() != 0)
		log_die("FCGX_Init failed");
	if (check) {
		setup_worker();
		teardown_worker();
		return 0;
	}
	if (sockpath != NULL)
		return serve_socket(prog, sockpath);
	if (!FCGX_IsCGI()) {
		serve_fcgi(prog, 0);	/* started by a FastCGI server */
		return 0;
	}
	/* Plain CGI: one request on stdin/stdout.  The process ends with
	 * it: the database hears goodbye, the memory goes with the process
	 * (freeing the compiled stylesheets cost a tenth of the request). */
	setup_worker();
	loop_oneshot = 1;
	render_oneshot(loop_render_cache);
	io.fr = NULL;
	serve(prog, &io);
	fflush(stdout);
	if (loop_db != NULL)
		db_close(loop_db);
	if (loop_timing != NULL)
		fclose(loop_timing);
	_exit(0);
}
