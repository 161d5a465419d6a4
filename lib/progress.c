/* progress.c: recording and undoing a candidate's outcomes, one transaction each */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cand.h"
#include "db.h"
#include "names.h"
#include "org.h"
#include "outbox.h"
#include "progress.h"
#include "render.h"
#include "util.h"

/* A form posted again within this many seconds counts as the same one. */
#define PROG_REPEAT_WINDOW	600

/* Everything one transaction needs; db_txn() may run it several times. */
struct prog_txn {
	struct arena		*a;
	const struct prog_req	*req;
	struct prog_result	*res;
};

/* The candidate row, locked. */
struct prog_cand {
	long long	 version;
	const char	*status;
	int		 stage_pos;
	long long	 site_id;	/* 0: none */
	long long	 eoi;		/* local yyyymmdd */
	long long	 referrer_id;	/* 0: none */
	const char	*due;		/* "YYYY-MM-DD" or NULL */
};

long long
prog_today(const char *tz)
{
	char		 utc[32], local[32];
	time_t		 now = time(NULL);
	struct tm	 tm;

	gmtime_r(&now, &tm);
	strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
	util_utc_to_local(tz, utc, local, sizeof(local));
	return atoll(local) * 10000 + atoll(local + 5) * 100 + atoll(local + 8);
}

static char *
date_str(struct arena *a, long long ymd)
{
	return arena_printf(a, "%04lld-%02lld-%02lld", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

char *
prog_today_str(struct arena *a, const char *tz)
{
	return date_str(a, prog_today(tz));
}

/* Lock the candidate and check the user may see it.  1 found, 0 not, -1 error. */
static int
cand_lock(struct db *db, struct prog_txn *t, struct prog_cand *pc)
{
	const struct prog_req	*q = t->req;
	struct db_res		 r;
	char			 local[32];
	int			 i, ok;

	if (db_query(db, t->a, &r, "SELECT version, status, stage_pos, site_id, "
	    "DATE_FORMAT(eoi_at, '%Y-%m-%d %H:%i:%s'), referrer_id, name, "
	    "DATE_FORMAT(due_at, '%Y-%m-%d') FROM candidates "
	    "WHERE id = ? AND org_id = ? AND deleted_at IS NULL FOR UPDATE",
	    "ii", q->cand_id, q->org_id) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	pc->version = db_int(&r, 0, 0);
	pc->status = db_val(&r, 0, 1);
	pc->stage_pos = (int)db_int(&r, 0, 2);
	pc->site_id = db_int(&r, 0, 3);
	util_utc_to_local(q->tz, db_val(&r, 0, 4), local, sizeof(local));
	pc->eoi = atoll(local) * 10000 + atoll(local + 5) * 100 + atoll(local + 8);
	pc->referrer_id = db_int(&r, 0, 5);
	t->res->name = db_val(&r, 0, 6);
	pc->due = db_val(&r, 0, 7);
	if (q->nsites > 0) {
		for (ok = 0, i = 0; i < q->nsites; i++)
			if (q->sites[i] == pc->site_id)
				ok = 1;
		if (!ok)
			return 0;
	}
	return 1;
}

/*
 * Derive the state from the effective events and store it with a new
 * version; *st gets it.  "Still working" falls due three months after
 * the start date.  pc is the candidate as locked, before the change.
 */
static int
state_save(struct db *db, struct prog_txn *t, const struct prog_cand *pc,
    struct org_state *st)
{
	const struct prog_req	*q = t->req;
	enum org_color		 colors[ORG_MILESTONES_MAX];
	struct db_res		 ms, ev, due;
	const char		*due_at = NULL;
	size_t			 i, n;
	long long		 pos;
	const char		*listed;

	if (db_query(db, t->a, &ms, "SELECT pos, mkey FROM milestones WHERE org_id = ? "
	    "ORDER BY pos", "i", q->org_id) == -1)
		return -1;
	n = ms.nrows < ORG_MILESTONES_MAX ? ms.nrows : ORG_MILESTONES_MAX;
	memset(colors, 0, sizeof(colors));
	if (db_query(db, t->a, &ev, "SELECT m.pos, o.color FROM candidate_events e "
	    "JOIN milestones m ON m.id = e.milestone_id "
	    "JOIN outcomes o ON o.id = e.outcome_id "
	    "WHERE e.candidate_id = ? AND e.kind = 'outcome' AND e.undone = 0 "
	    "ORDER BY e.id", "i", q->cand_id) == -1)
		return -1;
	for (i = 0; i < ev.nrows; i++) {
		pos = db_int(&ev, i, 0);
		if (pos >= 1 && (size_t)pos <= n)
			colors[pos - 1] = org_color_parse(db_val(&ev, i, 1));
	}
	org_state_derive(colors, n, st);
	if (st->stage_pos >= 1 && (size_t)st->stage_pos <= n &&
	    strcmp(db_val(&ms, (size_t)st->stage_pos - 1, 1), "still_working") == 0) {
		if (db_query(db, t->a, &due, "SELECT DATE_FORMAT(DATE_ADD("
		    "e.effective_date, INTERVAL 3 MONTH), '%Y-%m-%d') "
		    "FROM candidate_events e JOIN milestones m ON m.id = e.milestone_id "
		    "JOIN outcomes o ON o.id = e.outcome_id "
		    "WHERE e.candidate_id = ? AND e.kind = 'outcome' AND e.undone = 0 "
		    "AND m.mkey = 'started' AND o.color = 'green' ORDER BY e.id DESC LIMIT 1",
		    "i", q->cand_id) == -1)
			return -1;
		if (due.nrows > 0)
			due_at = db_val(&due, 0, 0);
	}
	/* listed follows the status (sql/007): the assignments run left to
	 * right, so IF() sees the new status. */
	if (db_exec(db, "UPDATE candidates SET status = ?, "
	    "listed = IF(status = 'archived', 'a', 'l'), stage_pos = ?, progress = ?, "
	    "due_at = ?, updated_at = UTC_TIMESTAMP(), version = version + 1 WHERE id = ?",
	    "sissi", st->status, (long long)st->stage_pos, st->progress, due_at,
	    q->cand_id) == -1)
		return -1;
	/* The search's word index holds the list too (sql/008): it moves
	 * when the status enters or leaves archived. */
	listed = cand_listed(st->status);
	if (strcmp(listed, cand_listed(pc->status)) != 0 &&
	    names_relist(db, q->org_id, q->cand_id, listed) == -1)
		return -1;
	return 0;
}

static int
audit(struct db *db, const struct prog_req *q, const char *action, const char *detail)
{
	return db_exec(db, "INSERT INTO audit_log (org_id, user_id, action, object_kind, "
	    "object_id, detail, addr) VALUES (?, ?, ?, 'candidate', ?, ?, ?)",
	    "iisiss", q->org_id, q->user_id, action, q->cand_id, detail,
	    q->addr != NULL ? q->addr : "") == -1 ? -1 : 0;
}

/* The same form posted again: the latest event is this user's, of the
 * given kind (and milestone/outcome), made from the version before. */
static int
is_repeat(struct db *db, struct prog_txn *t, const struct prog_cand *pc, const char *kind)
{
	const struct prog_req	*q = t->req;
	struct db_res		 r;

	if (pc->version != q->version + 1)
		return 0;
	if (db_query(db, t->a, &r, "SELECT e.kind, e.user_id, m.mkey, o.okey, "
	    "TIMESTAMPDIFF(SECOND, e.created_at, UTC_TIMESTAMP()), o.color "
	    "FROM candidate_events e JOIN milestones m ON m.id = e.milestone_id "
	    "LEFT JOIN outcomes o ON o.id = e.outcome_id "
	    "WHERE e.candidate_id = ? ORDER BY e.id DESC LIMIT 1", "i", q->cand_id) == -1)
		return -1;
	if (r.nrows == 0 || strcmp(db_val(&r, 0, 0), kind) != 0 ||
	    db_int(&r, 0, 1) != q->user_id || db_int(&r, 0, 4) > PROG_REPEAT_WINDOW)
		return 0;
	if (strcmp(kind, "outcome") == 0 && (strcmp(db_val(&r, 0, 2), q->milestone) != 0 ||
	    db_val(&r, 0, 3) == NULL || strcmp(db_val(&r, 0, 3), q->outcome) != 0))
		return 0;
	t->res->color = db_val(&r, 0, 5) != NULL ? db_val(&r, 0, 5) : "";
	return 1;
}

/* Queue the referrer's message about an outcome (green or red). */
static int
tell_referrer(struct db *db, struct prog_txn *t, long long event_id,
    const char *mkey, const char *okey, const char *color, int points)
{
	const struct prog_req	*q = t->req;
	struct db_res		 r;
	struct outbox_msg	 m;
	xmlNodePtr		 root, n;
	const char		*lang;
	int			 rc;

	if (db_query(db, t->a, &r, "SELECT r.name, r.email, r.lang, v.title, o.name "
	    "FROM candidates c JOIN referrers r ON r.id = c.referrer_id "
	    "JOIN vacancies v ON v.id = c.vacancy_id "
	    "JOIN organisations o ON o.id = c.org_id WHERE c.id = ?",
	    "i", q->cand_id) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	t->res->referrer = db_val(&r, 0, 0);
	if (db_val(&r, 0, 1) == NULL || *db_val(&r, 0, 1) == '\0')
		return 0;
	lang = *db_val(&r, 0, 2) != '\0' ? db_val(&r, 0, 2) : q->locale;
	memset(&m, 0, sizeof(m));
	m.payload = outbox_payload(OUTBOX_REFERRER_OUTCOME, &root);
	xml_attr(root, "lang", lang);
	xml_text(root, "org", db_val(&r, 0, 4));
	xml_text(root, "referrer", db_val(&r, 0, 0));
	xml_text(root, "candidate", t->res->name);
	xml_text(root, "vacancy", db_val(&r, 0, 3));
	n = xml_node(root, "outcome");
	xml_attr(n, "milestone", mkey);
	xml_attr(n, "key", okey);
	xml_attr(n, "color", color);
	xml_attr_int(n, "points", points);
	m.org_id = q->org_id;
	m.cause = arena_printf(t->a, "event:%lld", event_id);
	m.kind = OUTBOX_REFERRER_OUTCOME;
	m.recipient = db_val(&r, 0, 1);
	m.recipient_name = db_val(&r, 0, 0);
	m.lang = lang;
	m.candidate_id = q->cand_id;
	m.event_id = event_id;
	m.delay = q->grace;
	rc = outbox_queue(db, &m);
	xmlFreeDoc(m.payload);
	if (rc == -1)
		return -1;
	t->res->told = 1;
	return 0;
}

/*
 * The start both transactions share: lock the candidate and check the
 * version the form was made from.  Returns 1 to go on, or 0 with the
 * answer in *rc (not found, an error, stale, or the same form again).
 */
static int
txn_start(struct db *db, struct prog_txn *t, struct prog_cand *pc,
    const char *kind, int *rc)
{
	t->res->told = 0;
	t->res->points = 0;
	t->res->referrer = NULL;
	if ((*rc = cand_lock(db, t, pc)) <= 0)
		return 0;
	if (pc->version == t->req->version)
		return 1;
	if ((*rc = is_repeat(db, t, pc, kind)) != -1)
		*rc = *rc ? PROG_REPEAT : PROG_STALE;
	return 0;
}

/* The list's counters follow the state that state_save() stored: last in
 * the transaction, so their shared rows stay locked for the least time. */
static int
counts_follow(struct db *db, const struct prog_req *q, const struct prog_cand *pc,
    const struct org_state *st)
{
	struct cand_bucket	 from = { pc->site_id, pc->status, pc->stage_pos };
	struct cand_bucket	 to = { pc->site_id, st->status, st->stage_pos };

	return cand_count_move(db, q->org_id, &from, &to);
}

/* One ledger line of an outcome event: an award or its reversal. */
static int
ledger_add(struct db *db, const struct prog_req *q, long long referrer_id,
    long long event_id, const char *kind, long long points, const char *reason)
{
	return db_exec(db, "INSERT INTO points_ledger (org_id, referrer_id, candidate_id, "
	    "event_id, kind, points, reason, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "iiiisisi", q->org_id, referrer_id, q->cand_id, event_id, kind, points,
	    reason, q->user_id) == -1 ? -1 : 0;
}

static int
outcome_txn(struct db *db, void *arg)
{
	struct prog_txn		*t = arg;
	const struct prog_req	*q = t->req;
	struct prog_cand	 pc;
	struct org_state	 st;
	struct db_res		 r;
	long long		 date, event_id, ms_id, oc_id;
	int			 rc, points;
	const char		*color;

	if (!txn_start(db, t, &pc, "outcome", &rc))
		return rc;
	if (strcmp(pc.status, "archived") == 0 || strcmp(pc.status, "complete") == 0)
		return PROG_CLOSED;
	if (db_query(db, t->a, &r, "SELECT m.id, m.pos, m.points, o.id, o.color "
	    "FROM milestones m LEFT JOIN outcomes o ON o.milestone_id = m.id AND o.okey = ? "
	    "WHERE m.org_id = ? AND m.mkey = ?", "sis", q->outcome, q->org_id,
	    q->milestone) == -1)
		return -1;
	if (r.nrows == 0 || db_int(&r, 0, 1) != pc.stage_pos)
		return PROG_BAD_MILESTONE;
	if (db_val(&r, 0, 3) == NULL)
		return PROG_BAD_OUTCOME;
	ms_id = db_int(&r, 0, 0);
	points = (int)db_int(&r, 0, 2);
	oc_id = db_int(&r, 0, 3);
	color = db_val(&r, 0, 4);
	t->res->color = color;

	date = q->date != 0 ? q->date : prog_today(q->tz);
	if (date > prog_today(q->tz))
		return PROG_FUTURE;
	if (date < pc.eoi)
		return PROG_BEFORE_EOI;
	if (strcmp(q->milestone, "still_working") == 0 && strcmp(color, "green") == 0 &&
	    pc.due != NULL && strcmp(date_str(t->a, date), pc.due) < 0) {
		t->res->due = arena_strdup(t->a, pc.due);
		return PROG_NOT_DUE;
	}

	if (db_exec(db, "INSERT INTO candidate_events (candidate_id, org_id, kind, "
	    "milestone_id, outcome_id, effective_date, note, user_id) "
	    "VALUES (?, ?, 'outcome', ?, ?, ?, ?, ?)", "iiiissi", q->cand_id,
	    q->org_id, ms_id, oc_id, date_str(t->a, date), q->note, q->user_id) == -1)
		return -1;
	event_id = db_last_id(db);
	if (state_save(db, t, &pc, &st) == -1)
		return -1;
	if (strcmp(color, "green") == 0 && points != 0 && pc.referrer_id > 0) {
		if (ledger_add(db, q, pc.referrer_id, event_id, "award", points,
		    q->milestone) == -1)
			return -1;
		t->res->points = points;
	}
	if (strcmp(color, "orange") != 0 && pc.referrer_id > 0 &&
	    tell_referrer(db, t, event_id, q->milestone, q->outcome, color,
	    t->res->points) == -1)
		return -1;
	if (audit(db, q, "outcome.set", arena_printf(t->a, "%s=%s", q->milestone,
	    q->outcome)) == -1 || counts_follow(db, q, &pc, &st) == -1)
		return -1;
	return PROG_DONE;
}

static int
undo_txn(struct db *db, void *arg)
{
	struct prog_txn		*t = arg;
	const struct prog_req	*q = t->req;
	struct prog_cand	 pc;
	struct org_state	 st;
	struct db_res		 r, aw;
	long long		 event_id, n;
	int			 rc;

	if (!txn_start(db, t, &pc, "undo", &rc))
		return rc;
	if (db_query(db, t->a, &r, "SELECT e.id, e.milestone_id, m.mkey, o.color "
	    "FROM candidate_events e JOIN milestones m ON m.id = e.milestone_id "
	    "JOIN outcomes o ON o.id = e.outcome_id "
	    "WHERE e.candidate_id = ? AND e.kind = 'outcome' AND e.undone = 0 "
	    "ORDER BY e.id DESC LIMIT 1", "i", q->cand_id) == -1)
		return -1;
	if (r.nrows == 0)
		return PROG_NOTHING;
	event_id = db_int(&r, 0, 0);
	t->res->color = db_val(&r, 0, 3);
	if (db_exec(db, "UPDATE candidate_events SET undone = 1 WHERE id = ?",
	    "i", event_id) == -1 ||
	    db_exec(db, "INSERT INTO candidate_events (candidate_id, org_id, kind, "
	    "milestone_id, undoes_id, effective_date, user_id) "
	    "VALUES (?, ?, 'undo', ?, ?, ?, ?)", "iiiisi", q->cand_id, q->org_id,
	    db_int(&r, 0, 1), event_id, date_str(t->a, prog_today(q->tz)),
	    q->user_id) == -1)
		return -1;
	/* Its award, reversed once: (event_id, kind) is unique. */
	if (db_query(db, t->a, &aw, "SELECT referrer_id, points FROM points_ledger "
	    "WHERE event_id = ? AND kind = 'award'", "i", event_id) == -1)
		return -1;
	if (aw.nrows > 0) {
		if (ledger_add(db, q, db_int(&aw, 0, 0), event_id, "reversal",
		    -db_int(&aw, 0, 1), db_val(&r, 0, 2)) == -1)
			return -1;
		t->res->points = (int)db_int(&aw, 0, 1);
	}
	if ((n = outbox_cancel_event(db, event_id)) == -1)
		return -1;
	t->res->told = n > 0;
	if (state_save(db, t, &pc, &st) == -1)
		return -1;
	if (audit(db, q, "outcome.undo", db_val(&r, 0, 2)) == -1 ||
	    counts_follow(db, q, &pc, &st) == -1)
		return -1;
	return PROG_DONE;
}

int
prog_outcome(struct db *db, struct arena *a, const struct prog_req *q,
    struct prog_result *res)
{
	struct prog_txn	 t = { a, q, res };

	memset(res, 0, sizeof(*res));
	return db_txn(db, outcome_txn, &t);
}

int
prog_undo(struct db *db, struct arena *a, const struct prog_req *q,
    struct prog_result *res)
{
	struct prog_txn	 t = { a, q, res };

	memset(res, 0, sizeof(*res));
	return db_txn(db, undo_txn, &t);
}
