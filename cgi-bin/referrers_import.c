/* referrers_import.c: referrers imported from pasted CSV, checked first, then saved */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mysqld_error.h>

#include "audit.h"
#include "cand.h"
#include "candxml.h"
#include "csv.h"
#include "db.h"
#include "eoi.h"
#include "lang.h"
#include "loop.h"
#include "names.h"
#include "render.h"
#include "sess.h"
#include "util.h"

#include "referrers.h"

/* One line of an import, checked. */
struct imp_row {
	size_t		 line;
	const char	*name, *email, *phone, *site;	/* as given */
	long long	 site_id;
	const char	*error;				/* catalogue key, NULL: good */
	long long	 dup_line;			/* import.err.duplicate_line: the earlier line */
};

struct imp {
	struct imp_row	*rows;
	size_t		 n, good;
	int		 more;		/* over IMPORT_MAX_ROWS lines */
	int		 header;	/* the first line was a header */
};

/* Column names a header line may use, per column. */
static const struct {
	int		 col;	/* 0 name, 1 email, 2 phone, 3 site */
	const char	*name;
} header_names[] = {
	{ 0, "name" }, { 0, "naam" }, { 0, "full name" }, { 0, "volledige naam" },
	{ 1, "email" }, { 1, "e-mail" }, { 1, "mail" }, { 1, "email address" },
	{ 1, "e-mailadres" }, { 1, "emailadres" },
	{ 2, "phone" }, { 2, "telephone" }, { 2, "phone number" }, { 2, "mobile" },
	{ 2, "telefoon" }, { 2, "telefoonnummer" }, { 2, "tel" }, { 2, "mobiel" },
	{ 3, "site" }, { 3, "location" }, { 3, "locatie" }, { 3, "vestiging" },
};

/* If row is a header line, fill map (column of each field, -1 to
 * ignore, -2 for a field beyond the header) and return 1; else leave
 * map alone and return 0. */
static int
header_map(const struct csv_row *row, int map[CSV_MAX_FIELDS])
{
	int	 got[CSV_MAX_FIELDS];
	size_t	 i, k;
	int	 has_name = 0;

	if (row->err != CSV_OK)
		return 0;
	for (i = 0; i < row->nfields; i++) {
		got[i] = -1;
		for (k = 0; k < sizeof(header_names) / sizeof(header_names[0]); k++)
			if (strcasecmp(row->fields[i], header_names[k].name) == 0) {
				got[i] = header_names[k].col;
				has_name |= header_names[k].col == 0;
			}
	}
	if (has_name)
		for (i = 0; i < CSV_MAX_FIELDS; i++)
			map[i] = i < row->nfields ? got[i] : -2;
	return has_name;
}

/* The site named by text (a site name, any case, or its id), among the
 * sites the user may choose: its id, 0 for none, -1 for unknown. */
static long long
site_lookup(struct ctx *c, const struct db_res *sites, const char *text)
{
	size_t	 i;

	if (*text == '\0')
		return 0;
	for (i = 0; i < sites->nrows; i++) {
		if (!sess_site_allowed(c->sess, db_int(sites, i, 0)))
			continue;
		if (strcasecmp(db_val(sites, i, 1), text) == 0 ||
		    strcmp(db_val(sites, i, 0), text) == 0)
			return db_int(sites, i, 0);
	}
	return -1;
}

/* Check one parsed row; the email is lowercased in place. */
static void
imp_check(struct ctx *c, struct db *db, const struct db_res *sites,
    struct imp *im, struct imp_row *ir, int lock)
{
	struct http_pair	 p;
	struct db_res		 r;
	size_t			 j;

	if (*ir->name == '\0' || utf8_len(ir->name) > 200 ||
	    strpbrk(ir->name, "\t\r\n") != NULL) {
		ir->error = "import.err.name";
		return;
	}
	memset(&p, 0, sizeof(p));
	p.val = arena_strdup(c->arena, ir->email);
	p.valsz = strlen(p.val);
	if (!http_valid_email(&p)) {
		ir->error = "import.err.email";
		return;
	}
	ir->email = p.val;
	if (*ir->phone != '\0' && !referrers_phone_ok(ir->phone)) {
		ir->error = "import.err.phone";
		return;
	}
	if ((ir->site_id = site_lookup(c, sites, ir->site)) < 0) {
		ir->error = "import.err.site";
		return;
	}
	if (ir->site_id == 0 && c->sess->nsites > 0 && sites->nrows > 0) {
		ir->error = "import.err.site_required";
		return;
	}
	for (j = 0; j < (size_t)(ir - im->rows); j++)
		if (im->rows[j].error == NULL && strcmp(im->rows[j].email, ir->email) == 0) {
			ir->error = "import.err.duplicate_line";
			ir->dup_line = (long long)im->rows[j].line;
			return;
		}
	if (db_query(db, c->arena, &r, lock ?
	    "SELECT id FROM referrers WHERE org_id = ? AND email = ? FOR UPDATE" :
	    "SELECT id FROM referrers WHERE org_id = ? AND email = ?",
	    "is", c->sess->org_id, ir->email) == -1) {
		ir->error = "error.server";
		return;
	}
	if (r.nrows > 0)
		ir->error = "import.err.duplicate";
}

/* Parse and check the pasted text.  Returns 0, or -1 on a database error. */
static int
imp_run(struct ctx *c, struct db *db, const char *text, struct imp *im, int lock)
{
	struct csv_row	*rows;
	struct db_res	 sites;
	size_t		 n, i, k;
	int		 map[CSV_MAX_FIELDS];
	const char	*cols[4];

	memset(im, 0, sizeof(*im));
	if (db_query(db, c->arena, &sites, "SELECT id, name FROM sites WHERE org_id = ?",
	    "i", c->sess->org_id) == -1)
		return -1;
	n = csv_parse(c->arena, text, strlen(text), csv_sniff(text, strlen(text)),
	    CSV_MAX_FIELDS, IMPORT_MAX_ROWS + 1, &rows, &im->more);
	/* Fields beyond the known columns are one too many (-2). */
	for (k = 0; k < CSV_MAX_FIELDS; k++)
		map[k] = k < 4 ? (int)k : -2;
	if (n > 0 && header_map(&rows[0], map)) {
		im->header = 1;
		rows++;
		n--;
	}
	if (n > IMPORT_MAX_ROWS) {
		im->more = 1;
		n = IMPORT_MAX_ROWS;
	}
	im->rows = arena_calloc(c->arena, n + 1, sizeof(*im->rows));
	im->n = n;
	for (i = 0; i < n; i++) {
		struct imp_row *ir = &im->rows[i];

		ir->line = rows[i].line;
		cols[0] = cols[1] = cols[2] = cols[3] = "";
		if (rows[i].err != CSV_OK) {
			ir->name = ir->email = ir->phone = ir->site = "";
			ir->error = csv_err_key(rows[i].err);
			continue;
		}
		for (k = 0; k < rows[i].nfields; k++) {
			if (map[k] == -2 && ir->error == NULL)
				ir->error = "import.err.too_many";
			else if (map[k] >= 0)
				cols[map[k]] = rows[i].fields[k];
		}
		ir->name = cols[0];
		ir->email = cols[1];
		ir->phone = cols[2];
		ir->site = cols[3];
		if (ir->error == NULL)
			imp_check(c, db, &sites, im, ir, lock);
		if (ir->error != NULL && strcmp(ir->error, "error.server") == 0)
			return -1;
		if (ir->error == NULL)
			im->good++;
	}
	return 0;
}

/* The import page: the form, and after a preview the checked lines. */
static void
import_page(struct ctx *c, int status, const char *text, const struct imp *im)
{
	xmlNodePtr	 root, f, row, e;
	size_t		 i;

	root = loop_page(c, "referrers-import");
	f = xml_node(root, "referrers-import");
	xml_attr(f, "step", im != NULL ? "preview" : "form");
	xml_attr_int(f, "max-rows", IMPORT_MAX_ROWS);
	xml_text(f, "csv", text != NULL ? text : "");
	if (im != NULL) {
		xml_attr_int(f, "total", (long long)im->n);
		xml_attr_int(f, "good", (long long)im->good);
		xml_attr_int(f, "bad", (long long)(im->n - im->good));
		if (im->more)
			xml_attr(f, "more", "1");
		if (im->header)
			xml_attr(f, "header", "1");
		for (i = 0; i < im->n; i++) {
			const struct imp_row *ir = &im->rows[i];

			row = xml_node(f, "row");
			xml_attr_int(row, "line", (long long)ir->line);
			xml_attr(row, "status", ir->error == NULL ? "ok" : "error");
			xml_attr(row, "error", ir->error);
			if (ir->dup_line > 0)
				xml_attr_int(row, "dup-line", ir->dup_line);
			xml_text(row, "name", ir->name);
			xml_text(row, "email", ir->email);
			xml_text(row, "phone", ir->phone);
			e = xml_text(row, "site", ir->site);
			if (ir->site_id > 0)
				xml_attr_int(e, "id", ir->site_id);
		}
	}
	loop_render_status(c, root, status);
}

void
referrers_page_import(struct ctx *c)
{
	import_page(c, 200, NULL, NULL);
}

struct import_txn {
	struct ctx	*c;
	const char	*text;
	struct imp	 im;
	long long	 added;
};

static int
import_txn(struct db *db, void *arg)
{
	struct import_txn	*t = arg;
	struct ctx		*c = t->c;
	size_t			 i;
	long long		 id;

	t->added = 0;
	if (imp_run(c, db, t->text, &t->im, 1) == -1)
		return -1;
	if (t->im.more || t->im.good == 0)
		return 0;
	for (i = 0; i < t->im.n; i++) {
		const struct imp_row *ir = &t->im.rows[i];

		if (ir->error != NULL)
			continue;
		if (referrers_insert(db, c->arena, c->sess->org_id, ir->site_id, ir->name,
		    ir->email, ir->phone, "", &id) == -1)
			return -1;
		t->added++;
	}
	if (audit_log(c, c->sess->org_id, c->sess->user_id, "referrer.import",
	    "referrer", 0, arena_printf(c->arena, "%lld referrers, %zu lines refused",
	    t->added, t->im.n - t->im.good)) == -1)
		return -1;
	return 1;
}

void
referrers_post_import(struct ctx *c)
{
	const char	*text = http_field_str(&c->req, F_CSV);
	const char	*step = http_field_str(&c->req, F_STEP);
	struct import_txn t;
	struct imp	 im;
	int		 rc;

	if (text == NULL) {
		c->flash_kind = "error";
		c->flash = "import.empty";
		import_page(c, 400, NULL, NULL);
		return;
	}
	if (step == NULL || strcmp(step, "preview") == 0) {
		if (imp_run(c, c->db, text, &im, 0) == -1) {
			loop_error(c, 500, "error.server", NULL);
			return;
		}
		import_page(c, 200, text, &im);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.text = text;
	if ((rc = db_txn(c->db, import_txn, &t)) < 0) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	if (rc == 0) {
		/* Nothing to import, or too many lines: the preview says why. */
		c->flash_kind = "error";
		c->flash = t.im.more ? "import.too_many" : "import.nothing";
		import_page(c, t.im.more ? 413 : 400, text, &t.im);
		return;
	}
	loop_flash_args(c, "ok", "import.done", (const char *const[]){
	    "count", arena_printf(c->arena, "%lld", t.added), NULL });
	http_resp_redirect(&c->resp, loop_url(c, "/referrers"));
}
