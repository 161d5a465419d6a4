/* eoi.c: a new candidate (an expression of interest) and deleting one */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cand.h"
#include "db.h"
#include "eoi.h"
#include "http.h"
#include "names.h"
#include "outbox.h"
#include "sess.h"
#include "util.h"

/* --- field rules: pure --- */

static int
blank(const char *s)
{
	return s == NULL || *s == '\0';
}

/* 1 if s holds a tab, CR, LF or other control character. */
static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

const char *
eoi_check_name(const char *s)
{
	if (blank(s))
		return "eoi.err.name_missing";
	if (utf8_len(s) > EOI_NAME_MAX)
		return "eoi.err.name_long";
	if (has_control(s))
		return "eoi.err.name_invalid";
	return NULL;
}

const char *
eoi_check_email(struct arena *a, const char *s, const char **norm)
{
	struct http_pair	 p;
	const char		*at;

	if (blank(s))
		return "eoi.err.email_missing";
	if (strlen(s) > EOI_EMAIL_MAX)
		return "eoi.err.email_long";
	memset(&p, 0, sizeof(p));
	p.val = arena_strdup(a, s);
	p.valsz = strlen(p.val);
	/* http_valid_email() refuses white space and control characters
	 * anywhere (CR/LF: no header injection); a domain needs a dot. */
	if (has_control(s) || !http_valid_email(&p) ||
	    (at = strchr(p.val, '@')) == NULL || strchr(at, '.') == NULL ||
	    at[strlen(at) - 1] == '.' || at[1] == '.')
		return "eoi.err.email_invalid";
	*norm = p.val;
	return NULL;
}

const char *
eoi_check_phone(const char *s)
{
	int	 digits = 0;

	if (blank(s))
		return "eoi.err.phone_missing";
	if (utf8_len(s) > EOI_PHONE_MAX)
		return "eoi.err.phone_invalid";
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr(" +-()./", *s) == NULL)
			return "eoi.err.phone_invalid";
	}
	return digits < 6 ? "eoi.err.phone_invalid" : NULL;
}

const char *
eoi_check_postcode(const char *s)
{
	size_t	 n = 0;

	if (blank(s))
		return "eoi.err.postcode_missing";
	for (; *s != '\0'; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || *s == ' ' || *s == '-'))
			return "eoi.err.postcode_invalid";
	return n < 3 || n > EOI_POSTCODE_MAX ? "eoi.err.postcode_invalid" : NULL;
}

const char *
eoi_check_note(const char *s)
{
	if (blank(s))
		return NULL;
	return utf8_len(s) > EOI_NOTE_MAX ? "eoi.err.note_long" : NULL;
}

int
eoi_valid_typed(struct http_pair *p)
{
	http_trim(p);
	return p->valsz <= 20000;
}

void
eoi_err_add(const char **errs, size_t *n, const char *field, const char *key)
{
	if (key == NULL)
		return;
	errs[*n * 2] = field;
	errs[*n * 2 + 1] = key;
	(*n)++;
}

void
eoi_new_code(char *out, size_t outsz)
{
	static const char set[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t	 i;

	for (i = 0; i < 10 && i + 1 < outsz; i++)
		out[i] = set[randombytes_uniform(sizeof(set) - 1)];
	out[i] = '\0';
}

/* --- creating --- */

struct eoi_txn {
	struct arena		*a;
	const struct eoi_req	*req;
	struct eoi_result	*res;
};

static int
create_txn(struct db *db, void *arg)
{
	struct eoi_txn		*t = arg;
	const struct eoi_req	*q = t->req;
	struct db_res		 v, r;
	struct cand_bucket	 to;
	long long		 ref = 0, id;

	memset(t->res, 0, sizeof(*t->res));
	/* The vacancy, locked: two submissions of one email at once queue
	 * one after the other, so the duplicate rule holds. */
	if (db_query(db, t->a, &v, "SELECT id, site_id, is_open FROM vacancies "
	    "WHERE id = ? AND org_id = ? FOR UPDATE", "ii", q->vacancy_id,
	    q->org_id) == -1)
		return EOI_ERROR;
	if (v.nrows == 0 || !sess_site_in(q->sites, q->nsites, db_int(&v, 0, 1)))
		return EOI_NO_VACANCY;
	if (q->need_open && db_int(&v, 0, 2) == 0)
		return EOI_CLOSED;
	/* The referrer asked for: of the organisation and, for a user
	 * limited to sites, of one of them (their form lists no other). */
	if (q->referrer_id > 0) {
		if (db_query(db, t->a, &r, "SELECT site_id FROM referrers "
		    "WHERE id = ? AND org_id = ?", "ii", q->referrer_id,
		    q->org_id) == -1)
			return EOI_ERROR;
		if (r.nrows == 0 || (q->nsites > 0 && (db_val(&r, 0, 0) == NULL ||
		    !sess_site_in(q->sites, q->nsites, db_int(&r, 0, 0)))))
			return EOI_NO_REFERRER;
	}

	/* The same email for the same vacancy again: nothing new. */
	if (db_query(db, t->a, &r, "SELECT id, referrer_id FROM candidates "
	    "WHERE vacancy_id = ? AND email = ? AND org_id = ? AND deleted_at IS NULL "
	    "ORDER BY id LIMIT 1", "isi", q->vacancy_id, q->email, q->org_id) == -1)
		return EOI_ERROR;
	if (r.nrows > 0) {
		t->res->cand_id = db_int(&r, 0, 0);
		t->res->referrer_id = db_int(&r, 0, 1);
		return EOI_DUPLICATE;
	}

	/* The credit: the first referrer this person came through. */
	if (db_query(db, t->a, &r, "SELECT referrer_id FROM candidates "
	    "WHERE org_id = ? AND email = ? AND referrer_id IS NOT NULL "
	    "AND deleted_at IS NULL ORDER BY eoi_at, id LIMIT 1", "is",
	    q->org_id, q->email) == -1)
		return EOI_ERROR;
	ref = r.nrows > 0 ? db_int(&r, 0, 0) : q->referrer_id;

	if (db_exec(db, "INSERT INTO candidates (org_id, site_id, vacancy_id, "
	    "referrer_id, name, email, phone, postcode, note, right_to_work, lang, "
	    "eoi_at, status, listed, stage_pos, progress, updated_at, version) "
	    "VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, NULLIF(?, -1), ?, "
	    "COALESCE(?, UTC_TIMESTAMP()), 'action', 'l', 1, "
	    "REPEAT('-', (SELECT COUNT(*) FROM milestones WHERE org_id = ?)), "
	    "UTC_TIMESTAMP(), 1)", "isiisssssissi",
	    q->org_id, db_val(&v, 0, 1), q->vacancy_id, ref, q->name, q->email,
	    q->phone, q->postcode, blank(q->note) ? NULL : q->note,
	    (long long)q->right_to_work, q->lang, q->eoi_at, q->org_id) == -1)
		return EOI_ERROR;
	id = db_last_id(db);
	t->res->cand_id = id;
	t->res->referrer_id = ref;
	if (names_index(db, t->a, q->org_id, 'c', id, q->name) == -1 ||
	    outbox_new_candidate(db, t->a, id) == -1 ||
	    (ref > 0 && outbox_referrer_eoi(db, t->a, id) == -1) ||
	    outbox_candidate_thanks(db, t->a, id) == -1)
		return EOI_ERROR;
	if (db_exec(db, "INSERT INTO audit_log (org_id, user_id, action, object_kind, "
	    "object_id, detail, addr) VALUES (?, NULLIF(?, 0), ?, 'candidate', ?, ?, ?)",
	    "iisiss", q->org_id, q->user_id,
	    q->user_id == 0 ? "candidate.apply" : "candidate.add", id,
	    arena_printf(t->a, "vacancy=%lld referrer=%lld", q->vacancy_id, ref),
	    q->addr != NULL ? q->addr : "") == -1)
		return EOI_ERROR;
	/* Counted last: its counter row is shared with every new candidate
	 * of the site. */
	to.site_id = db_int(&v, 0, 1);
	to.status = "action";
	to.stage_pos = 1;
	if (cand_count_move(db, q->org_id, NULL, &to) == -1)
		return EOI_ERROR;
	return EOI_CREATED;
}

int
eoi_create(struct db *db, struct arena *a, const struct eoi_req *q,
    struct eoi_result *res)
{
	struct eoi_txn	 t = { a, q, res };

	memset(res, 0, sizeof(*res));
	return db_txn(db, create_txn, &t);
}

/* --- deleting --- */

const char *const eoi_delete_reasons[] = { "test_entry", "duplicate", "other", NULL };

struct del_txn {
	struct arena	*a;
	long long	 org_id, user_id, cand_id, version;
	const long long	*sites;
	int		 nsites;
	const char	*reason, *note, *addr;
	const char	**name;
};

static int
delete_txn(struct db *db, void *arg)
{
	struct del_txn		*t = arg;
	struct db_res		 r, aw;
	struct cand_bucket	 from;
	size_t			 i;

	if (db_query(db, t->a, &r, "SELECT id, name, site_id, status, stage_pos, "
	    "version FROM candidates "
	    "WHERE id = ? AND org_id = ? AND deleted_at IS NULL FOR UPDATE",
	    "ii", t->cand_id, t->org_id) == -1)
		return EOI_DEL_ERROR;
	if (r.nrows == 0 || !sess_site_in(t->sites, t->nsites, db_int(&r, 0, 2)))
		return EOI_DEL_NOT_FOUND;
	*t->name = db_val(&r, 0, 1);
	if (db_int(&r, 0, 5) != t->version)
		return EOI_DEL_STALE;
	if (db_exec(db, "UPDATE candidates SET deleted_at = UTC_TIMESTAMP(), "
	    "listed = 'd', delete_reason = ?, version = version + 1 WHERE id = ?", "si",
	    t->reason, t->cand_id) == -1)
		return EOI_DEL_ERROR;
	/* Every award not yet reversed (an undo reverses through the same
	 * event: the ledger's (event_id, kind) key keeps it to one). */
	if (db_query(db, t->a, &aw, "SELECT l.referrer_id, l.points, l.event_id, l.reason "
	    "FROM points_ledger l WHERE l.candidate_id = ? AND l.kind = 'award' "
	    "AND NOT EXISTS (SELECT 1 FROM points_ledger x WHERE x.kind = 'reversal' "
	    "AND x.event_id = l.event_id) ORDER BY l.id", "i", t->cand_id) == -1)
		return EOI_DEL_ERROR;
	for (i = 0; i < aw.nrows; i++)
		if (db_exec(db, "INSERT INTO points_ledger (org_id, referrer_id, "
		    "candidate_id, event_id, kind, points, reason, user_id) "
		    "VALUES (?, ?, ?, ?, 'reversal', ?, ?, ?)", "iiiiisi", t->org_id,
		    db_int(&aw, i, 0), t->cand_id, db_int(&aw, i, 2), -db_int(&aw, i, 1),
		    db_val(&aw, i, 3), t->user_id) == -1)
			return EOI_DEL_ERROR;
	if (db_exec(db, "UPDATE outbox SET status = 'cancelled' WHERE candidate_id = ? "
	    "AND status = 'pending'", "i", t->cand_id) == -1)
		return EOI_DEL_ERROR;
	if (db_exec(db, "DELETE FROM name_words WHERE kind = 'c' AND ref_id = ? "
	    "AND org_id = ?", "ii", t->cand_id, t->org_id) == -1)
		return EOI_DEL_ERROR;
	if (db_exec(db, "INSERT INTO audit_log (org_id, user_id, action, object_kind, "
	    "object_id, detail, addr) VALUES (?, ?, 'candidate.delete', 'candidate', ?, ?, ?)",
	    "iiiss", t->org_id, t->user_id, t->cand_id,
	    arena_printf(t->a, "%s%s%s", t->reason, blank(t->note) ? "" : ": ",
	    blank(t->note) ? "" : t->note), t->addr != NULL ? t->addr : "") == -1)
		return EOI_DEL_ERROR;
	from.site_id = db_int(&r, 0, 2);
	from.status = db_val(&r, 0, 3);
	from.stage_pos = (int)db_int(&r, 0, 4);
	if (cand_count_move(db, t->org_id, &from, NULL) == -1)
		return EOI_DEL_ERROR;
	return EOI_DEL_DONE;
}

int
eoi_delete(struct db *db, struct arena *a, long long org_id, long long user_id,
    const long long *sites, int nsites, long long cand_id, long long version,
    const char *reason, const char *note, const char *addr, const char **name)
{
	struct del_txn	 t;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.org_id = org_id;
	t.user_id = user_id;
	t.cand_id = cand_id;
	t.version = version;
	t.sites = sites;
	t.nsites = nsites;
	t.reason = reason;
	t.note = note;
	t.addr = addr;
	t.name = name;
	return db_txn(db, delete_txn, &t);
}
