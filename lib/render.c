/* render.c: XML building helpers and the per-process compiled-stylesheet cache */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <libexslt/exslt.h>

#include "htmlsave.h"
#include "lang.h"
#include "render.h"
#include "util.h"

/* A file a compiled stylesheet was made from, as it was at compile time. */
struct dep {
	char		*path;
	int		 exists;
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
};

struct deps {
	struct dep	*v;
	size_t		 n;
};

/* One page stylesheet, core/NAME.xsl, and what it was compiled from. */
struct sheet {
	struct sheet		*next;
	char			*name;
	char			*path;		/* absolute */
	xsltStylesheetPtr	 xsl;		/* the last good version, or NULL */
	struct deps		 good;		/* files of the good version */
	struct deps		 tried;		/* files of the last failed attempt */
	char			*broken;	/* "file:line: message", or NULL */
	unsigned long		 seen;		/* request its files were looked at */
};

struct render {
	char			*dir;		/* absolute xslt_dir, no trailing slash */
	struct sheet		*sheets;
	xsltSecurityPrefsPtr	 sec;
	long long		 save_us;	/* serialising of the last render_apply */
	int			 oneshot;	/* render_oneshot() */
	unsigned long		 request;	/* render_request() calls; 0: none */
};

/* Error capture: libxml2 and libxslt report through global callbacks. */
static struct buf	 errbuf;		/* everything reported, in order */
static struct deps	*recording;	/* files loaded by the current compile */
static xsltDocLoaderFunc orig_loader;

static void
deps_clear(struct deps *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

static void
dep_stat(struct dep *p)
{
	struct stat	 st;

	if (stat(p->path, &st) == -1) {
		p->exists = 0;
		return;
	}
	p->exists = 1;
	p->dev = st.st_dev;
	p->ino = st.st_ino;
	p->size = st.st_size;
	p->mtime = st.st_mtim;
}

/* Record a file (once) with its current state. */
static void
deps_add(struct deps *d, const char *path)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].path, path) == 0)
			return;
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	memset(&d->v[d->n], 0, sizeof(d->v[d->n]));
	d->v[d->n].path = xstrdup(path);
	dep_stat(&d->v[d->n]);
	d->n++;
}

/* 1 if any recorded file differs from what is on disk now. */
static int
deps_changed(const struct deps *d)
{
	struct dep	 now;
	size_t		 i;

	for (i = 0; i < d->n; i++) {
		memset(&now, 0, sizeof(now));
		now.path = d->v[i].path;
		dep_stat(&now);
		if (now.exists != d->v[i].exists)
			return 1;
		if (!now.exists)
			continue;
		if (now.dev != d->v[i].dev || now.ino != d->v[i].ino ||
		    now.size != d->v[i].size ||
		    now.mtime.tv_sec != d->v[i].mtime.tv_sec ||
		    now.mtime.tv_nsec != d->v[i].mtime.tv_nsec)
			return 1;
	}
	return 0;
}

/* A file path from a URI libxslt loads ("file:///x", "/x%20y"). */
static char *
uri_path(const char *uri)
{
	char	*s;

	if (strncmp(uri, "file://", 7) == 0)
		uri += 7;
	if (strchr(uri, '%') == NULL)
		return xstrdup(uri);
	if ((s = xmlURIUnescapeString(uri, 0, NULL)) == NULL)
		return xstrdup(uri);
	return s;	/* malloc'd by libxml2 with the default allocator */
}

/* The loader during a compile: note each import/include, then load it. */
static xmlDocPtr
rec_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
    xsltLoadType type)
{
	char	*p;

	if (recording != NULL && uri != NULL && type != XSLT_LOAD_DOCUMENT) {
		p = uri_path((const char *)uri);
		deps_add(recording, p);
		free(p);
	}
	return orig_loader(uri, dict, options | XML_PARSE_NONET, ctxt, type);
}

/*
 * libxml2 parse errors carry file and line: write them in libxslt's own
 * layout ("... file F line N ...\nmessage") so that one parser reads both.
 */
static void
err_structured(void *ctx, xmlErrorPtr e)
{
	const char	*m;

	(void)ctx;
	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	m = e->message != NULL ? e->message : "error\n";
	if (e->file != NULL)
		buf_printf(&errbuf, "parser error: file %s line %d\n%s%s",
		    e->file, e->line, m, m[strlen(m) - 1] == '\n' ? "" : "\n");
	else
		buf_printf(&errbuf, "%s%s", m, m[strlen(m) - 1] == '\n' ? "" : "\n");
}

/* libxslt (and the rest) print through the generic function. */
static void
err_generic(void *ctx, const char *fmt, ...)
{
	va_list	 ap;
	char	 tmp[2048];

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	buf_puts(&errbuf, tmp);
}

static void
err_begin(void)
{
	buf_free(&errbuf);
	xmlSetGenericErrorFunc(NULL, err_generic);
	xmlSetStructuredErrorFunc(NULL, err_structured);
	xsltSetGenericErrorFunc(NULL, err_generic);
}

static void
err_end(void)
{
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	xsltSetGenericErrorFunc(NULL, NULL);
}

/*
 * The first located error in text, as "F:N: message": libxslt writes
 * "<kind> error : file F line N element E\nmessage\n" (and err_structured
 * the same).  Without any location, the first non-empty line.  The
 * leading dir/ is dropped from F.  Returns a new string.
 */
static char *
err_message(const char *text, const char *dir)
{
	const char	*p, *eol, *f, *l, *msg;
	char		*file, *m, *ret;
	size_t		 dl = strlen(dir), n;
	long		 line;

	if (text == NULL || *text == '\0')
		return xstrdup("unknown error");
	for (p = text; *p != '\0'; p = *eol == '\n' ? eol + 1 : eol) {
		eol = p + strcspn(p, "\n");
		f = strstr(p, "file ");
		if (f == NULL || f > eol)
			continue;
		l = strstr(f, " line ");
		if (l == NULL || l > eol)
			continue;
		file = xstrndup(f + 5, (size_t)(l - f - 5));
		line = strtol(l + 6, NULL, 10);
		msg = *eol == '\n' ? eol + 1 : eol;
		n = strcspn(msg, "\n");
		m = n > 0 ? xstrndup(msg, n) : xstrndup(p, (size_t)(eol - p));
		f = file;
		if (strncmp(f, "file://", 7) == 0)
			f += 7;
		if (strncmp(f, dir, dl) == 0 && f[dl] == '/')
			f += dl + 1;
		ret = line > 0 ? xasprintf("%s:%ld: %s", f, line, m) :
		    xasprintf("%s: %s", f, m);
		free(file);
		free(m);
		return ret;
	}
	while (*text == '\n')
		text++;
	return xstrndup(text, strcspn(text, "\n"));
}

/* The message for the errors captured since err_begin(). */
static char *
err_take(const char *dir)
{
	return err_message(errbuf.data, dir);
}

/*
 * Compile sh->path.  On success replace the good version; on failure keep
 * it and set sh->broken.  Returns 0 or -1.
 */
static int
sheet_compile(struct render *r, struct sheet *sh)
{
	struct deps		 d = { NULL, 0 };
	xmlDocPtr		 doc;
	xsltStylesheetPtr	 xsl = NULL;
	size_t			 i;

	err_begin();
	orig_loader = xsltDocDefaultLoader;
	xsltSetLoaderFunc(rec_loader);
	recording = &d;

	deps_add(&d, sh->path);
	if (!d.v[0].exists)
		buf_printf(&errbuf, "file %s line 0\n%s\n", sh->path, strerror(ENOENT));
	doc = d.v[0].exists ? xmlReadFile(sh->path, NULL,
	    XSLT_PARSE_OPTIONS | XML_PARSE_NONET) : NULL;
	if (doc != NULL) {
		xsl = xsltParseStylesheetDoc(doc);
		if (xsl == NULL)
			xmlFreeDoc(doc);
		else if (xsl->errors > 0) {
			xsltFreeStylesheet(xsl);
			xsl = NULL;
		}
	}

	recording = NULL;
	xsltSetLoaderFunc(orig_loader);
	err_end();

	if (xsl == NULL) {
		free(sh->broken);
		sh->broken = err_take(r->dir);
		/* Retry when any file of this attempt or of the good version changes. */
		for (i = 0; i < sh->good.n; i++)
			deps_add(&d, sh->good.v[i].path);
		deps_clear(&sh->tried);
		sh->tried = d;
		log_warn("stylesheet %s: %s", sh->name, sh->broken);
		return -1;
	}
	if (sh->xsl != NULL)
		xsltFreeStylesheet(sh->xsl);
	sh->xsl = xsl;
	deps_clear(&sh->good);
	sh->good = d;
	deps_clear(&sh->tried);
	free(sh->broken);
	sh->broken = NULL;
	return 0;
}

/*
 * 1 if a stylesheet name is a plain file name part, or two joined by one
 * '/' for a subfolder of core/ ("mail/invitation"); no dots, so no path
 * tricks.
 */
static int
name_ok(const char *name)
{
	const char	*p;
	int		 slashes = 0;

	if (name == NULL || *name == '\0' || *name == '/' || strlen(name) > 64)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (*p == '/') {
			if (++slashes > 1 || p[1] == '\0')
				return 0;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	}
	return 1;
}

static struct sheet *
sheet_find(struct render *r, const char *name)
{
	struct sheet	*sh;

	for (sh = r->sheets; sh != NULL; sh = sh->next)
		if (strcmp(sh->name, name) == 0)
			return sh;
	return NULL;
}

/*
 * The sheet for name, compiled or recompiled as needed.  A failed attempt
 * is retried only when one of the files it read changes again.
 */
static struct sheet *
sheet_get(struct render *r, const char *name)
{
	struct sheet	*sh;

	if (!name_ok(name))
		return NULL;
	if ((sh = sheet_find(r, name)) == NULL) {
		sh = xcalloc(1, sizeof(*sh));
		sh->name = xstrdup(name);
		sh->path = xasprintf("%s/core/%s.xsl", r->dir, name);
		sh->next = r->sheets;
		r->sheets = sh;
		sheet_compile(r, sh);
	} else if ((r->request == 0 || sh->seen != r->request) &&
	    deps_changed(sh->broken != NULL ? &sh->tried : &sh->good))
		/* A failed attempt is retried when a file it read changes. */
		sheet_compile(r, sh);
	sh->seen = r->request;
	return sh;
}

int
render_prepare_all(struct render *r)
{
	static const char *const skip[] = { "layout", "params", "l10n", NULL };
	DIR		*d;
	struct dirent	*de;
	struct sheet	*sh;
	char		*path, name[128];
	size_t		 len, i;
	int		 n = 0;

	path = xasprintf("%s/core", r->dir);
	d = opendir(path);
	free(path);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 4 || len - 4 >= sizeof(name) ||
		    strcmp(de->d_name + len - 4, ".xsl") != 0)
			continue;
		memcpy(name, de->d_name, len - 4);
		name[len - 4] = '\0';
		for (i = 0; skip[i] != NULL && strcmp(skip[i], name) != 0; i++)
			continue;
		if (skip[i] != NULL)
			continue;
		if ((sh = sheet_get(r, name)) != NULL && sh->xsl != NULL)
			n++;
	}
	closedir(d);
	return n;
}

/*
 * The one string argument of an rp: XPath function and the language of
 * the transform (the one render_apply() put in the transform context).
 * Returns the argument, which the caller frees with xmlFree(), or NULL
 * after setting the XPath error.
 */
static xmlChar *
fn_arg(xmlXPathParserContextPtr ctxt, int nargs, const char **lang)
{
	xsltTransformContextPtr	 tc;
	xmlChar			*v;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return NULL;
	}
	v = xmlXPathPopString(ctxt);
	if (ctxt->error != XPATH_EXPRESSION_OK) {
		xmlFree(v);
		return NULL;
	}
	tc = xsltXPathGetTransformContext(ctxt);
	*lang = tc != NULL ? tc->_private : NULL;
	return v;
}

/*
 * XPath rp:t(key) (xmlns:rp="urn:refportal"): the catalogue string of key
 * in the language of the transform (lang_get(): falling back to English,
 * then to the key), as a new XPath string.
 */
static void
render_fn_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	const char	*lang;
	xmlChar		*key;

	if ((key = fn_arg(ctxt, nargs, &lang)) == NULL)
		return;
	xmlXPathReturnString(ctxt, xmlStrdup((const xmlChar *)lang_get(lang,
	    (const char *)key)));
	xmlFree(key);
}

/*
 * XPath rp:date(value): lang_date() of value in the language of the
 * transform, as a new XPath string ("" when value is no date).
 */
static void
render_fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	const char	*lang;
	xmlChar		*v;
	char		 out[128];

	if ((v = fn_arg(ctxt, nargs, &lang)) == NULL)
		return;
	lang_date(lang, (const char *)v, out, sizeof(out));
	xmlXPathReturnString(ctxt, xmlStrdup((const xmlChar *)out));
	xmlFree(v);
}

/* Names and values rp:fill() takes at most: its pairs and vars. */
#define FILL_MAX	32

/*
 * XPath rp:fill(text, name, value, ..., vars?): lang_fill() of text with
 * the pairs, then (when the count of arguments is even) the attributes
 * of the node-set vars by their names, as a new XPath string: the
 * placeholders of a catalogue text, in one call instead of a template
 * recursing once per placeholder (l10n.xsl, template "t").
 */
static void
render_fn_fill(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar		*names[FILL_MAX], *values[FILL_MAX], *text = NULL;
	xmlNodeSetPtr	 vars = NULL;
	struct buf	 out = { NULL, 0, 0 };
	int		 n = 0, npairs = (nargs - 1) / 2, i;
	xmlNodePtr	 a;

	if (nargs < 1 || npairs > FILL_MAX) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs % 2 == 0 && (vars = xmlXPathPopNodeSet(ctxt)) == NULL) {
		xmlXPathSetTypeError(ctxt);
		return;
	}
	/* Popped last first: the pairs land in their order. */
	for (i = npairs - 1; i >= 0; i--) {
		values[i] = xmlXPathPopString(ctxt);
		names[i] = xmlXPathPopString(ctxt);
	}
	n = npairs;
	text = xmlXPathPopString(ctxt);
	for (i = 0; vars != NULL && i < vars->nodeNr && n < FILL_MAX; i++) {
		a = vars->nodeTab[i];
		if (a->type != XML_ATTRIBUTE_NODE)
			continue;
		names[n] = xmlStrdup(a->name);
		values[n++] = xmlNodeGetContent(a);
	}
	if (ctxt->error == XPATH_EXPRESSION_OK && text != NULL) {
		lang_fill((const char *)text, (const char *const *)names,
		    (const char *const *)values, (size_t)n, &out);
		/* lang_fill() always appends, so out.data is set. */
		xmlXPathReturnString(ctxt, xmlStrndup((const xmlChar *)out.data,
		    (int)out.len));
	}
	buf_free(&out);
	for (i = 0; i < n; i++) {
		xmlFree(names[i]);
		xmlFree(values[i]);
	}
	xmlFree(text);
	xmlXPathFreeNodeSet(vars);
}

struct render *
render_new(const char *xslt_dir)
{
	struct render	*r;
	char		 real[PATH_MAX];
	static int	 registered;

	if (!registered) {
		xmlInitParser();
		exsltRegisterAll();
		if (xsltRegisterExtModuleFunction((const xmlChar *)"t",
		    (const xmlChar *)"urn:refportal", render_fn_t) != 0 ||
		    xsltRegisterExtModuleFunction((const xmlChar *)"date",
		    (const xmlChar *)"urn:refportal", render_fn_date) != 0 ||
		    xsltRegisterExtModuleFunction((const xmlChar *)"fill",
		    (const xmlChar *)"urn:refportal", render_fn_fill) != 0)
			log_die("cannot register rp:t, rp:date and rp:fill");
		registered = 1;
	}
	r = xcalloc(1, sizeof(*r));
	if (realpath(xslt_dir, real) != NULL)
		r->dir = xstrdup(real);
	else
		r->dir = xstrdup(xslt_dir);

	/* Reading local files stays allowed: imports, and document() in a
	 * stylesheet an admin edits. */
	r->sec = xsltNewSecurityPrefs();
	if (r->sec == NULL)
		log_die("xsltNewSecurityPrefs failed");
	xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	xsltSetDefaultSecurityPrefs(r->sec);
	return r;
}

void
render_free(struct render *r)
{
	struct sheet	*sh, *next;

	if (r == NULL)
		return;
	for (sh = r->sheets; sh != NULL; sh = next) {
		next = sh->next;
		if (sh->xsl != NULL)
			xsltFreeStylesheet(sh->xsl);
		deps_clear(&sh->good);
		deps_clear(&sh->tried);
		free(sh->broken);
		free(sh->name);
		free(sh->path);
		free(sh);
	}
	if (xsltGetDefaultSecurityPrefs() == r->sec)
		xsltSetDefaultSecurityPrefs(NULL);
	xsltFreeSecurityPrefs(r->sec);
	free(r->dir);
	free(r);
}

int
render_apply(struct render *r, const char *name, xmlDocPtr doc,
    const char **params, struct buf *out, char *err, size_t errsz)
{
	struct sheet			*sh;
	xsltTransformContextPtr		 ctxt = NULL;
	xmlDocPtr			 res = NULL;
	xmlChar				*txt = NULL, *lang;
	const xmlChar			*method;
	xmlNodePtr			 root;
	int				 len = 0, rc = -1;
	char				*msg = NULL;
	long long			 t0;

	r->save_us = 0;
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if ((sh = sheet_get(r, name)) == NULL) {
		if (err != NULL)
			snprintf(err, errsz, "bad stylesheet name");
		return -1;
	}
	if (sh->xsl == NULL) {
		if (err != NULL)
			snprintf(err, errsz, "%s", sh->broken != NULL ?
			    sh->broken : "stylesheet does not compile");
		return -1;
	}

	err_begin();
	if ((ctxt = xsltNewTransformContext(sh->xsl, doc)) == NULL)
		goto out;
	/* rp:t's language: the root's @lang (<page lang=>, <mail lang=>). */
	lang_load(r->dir);
	root = xmlDocGetRootElement(doc);
	lang = root != NULL ? xmlGetProp(root, (const xmlChar *)"lang") : NULL;
	ctxt->_private = (void *)lang_pick((const char *)lang, NULL, NULL);
	xmlFree(lang);
	if (xsltSetCtxtSecurityPrefs(r->sec, ctxt) != 0)
		goto out;
	res = xsltApplyStylesheetUser(sh->xsl, doc, params, NULL, NULL, ctxt);
	if (res == NULL || ctxt->state != XSLT_STATE_OK)
		goto out;
	t0 = util_now_us();
	XSLT_GET_IMPORT_PTR(method, sh->xsl, method);
	if (method != NULL && xmlStrEqual(method, (const xmlChar *)"html"))
		/* HTML5 by lib/htmlsave.c: libxml2's XHTML writer took 0.18
		 * ms over a list page against its 0.12, its HTML writer twice
		 * that. */
		htmlsave_doc(res, out);
	else {
		if (xsltSaveResultToString(&txt, &len, res, sh->xsl) != 0)
			goto out;
		if (txt != NULL)
			buf_append(out, txt, (size_t)len);
		else
			buf_append(out, "", 0);
	}
	r->save_us = util_now_us() - t0;
	rc = 0;
out:
	err_end();
	if (rc == -1) {
		msg = err_take(r->dir);
		if (err != NULL)
			snprintf(err, errsz, "%s: %s", sh->name, msg);
		free(msg);
	}
	if (txt != NULL)
		xmlFree(txt);
	/* One-shot (plain CGI): the result and its context go with the process. */
	if (res != NULL && !r->oneshot)
		xmlFreeDoc(res);
	if (ctxt != NULL && !r->oneshot)
		xsltFreeTransformContext(ctxt);
	return rc;
}

void
render_request(struct render *r)
{
	r->request++;
	if (r->request == 0)		/* wrapped: 0 means "none" */
		r->request = 1;
}

void
render_oneshot(struct render *r)
{
	r->oneshot = 1;
}

long long
render_save_us(const struct render *r)
{
	return r != NULL ? r->save_us : 0;
}

const char *
render_broken(struct render *r, const char *name)
{
	struct sheet	*sh;

	if ((sh = sheet_get(r, name)) == NULL)
		return NULL;
	return sh->broken;
}

xmlNodePtr
xml_text(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr	 n;

	if (parent == NULL) {
		/* A root element: text goes in as a text node, never parsed. */
		if ((n = xmlNewNode(NULL, (const xmlChar *)name)) == NULL)
			log_die("xmlNewNode %s", name);
		if (text != NULL)
			xmlAddChild(n, xmlNewText((const xmlChar *)text));
		return n;
	}
	n = xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)text);
	if (n == NULL)
		log_die("xmlNewTextChild %s", name);
	return n;
}

xmlNodePtr
xml_node(xmlNodePtr parent, const char *name)
{
	return xml_text(parent, name, NULL);
}

void
xml_attr(xmlNodePtr n, const char *name, const char *value)
{
	if (n == NULL || value == NULL)
		return;
	if (xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value) == NULL)
		log_die("xmlSetProp %s", name);
}

void
xml_attr_int(xmlNodePtr n, const char *name, long long value)
{
	char	 tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", value);
	xml_attr(n, name, tmp);
}

void
xml_errors(xmlNodePtr parent, const char *const *errs, size_t nerrs)
{
	xmlNodePtr	 n;
	size_t		 i;

	for (i = 0; i < nerrs; i++) {
		n = xml_node(parent, "error");
		xml_attr(n, "field", errs[i * 2]);
		xml_attr(n, "key", errs[i * 2 + 1]);
	}
}
