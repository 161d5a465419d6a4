/* outbox.c: notifications queued as outbox rows, in the caller's transaction */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "db.h"
#include "outbox.h"
#include "render.h"

int
outbox_queue(struct db *db, const struct outbox_msg *m)
{
	xmlChar		*xml = NULL;
	int		 len = 0;
	long long	 n;

	xmlDocDumpMemoryEnc(m->payload, &xml, &len, "UTF-8");
	n = db_exec(db, "INSERT INTO outbox (org_id, cause, kind, recipient, "
	    "recipient_name, lang, payload, candidate_id, event_id, due_at) "
	    "VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND) ON DUPLICATE KEY UPDATE id = id",
	    "issssssiii", m->org_id, m->cause, m->kind, m->recipient,
	    m->recipient_name != NULL ? m->recipient_name : "", m->lang,
	    (const char *)xml, m->candidate_id, m->event_id, (long long)m->delay);
	xmlFree(xml);
	return n < 0 ? -1 : 0;
}

long long
outbox_cancel_event(struct db *db, long long event_id)
{
	return db_exec(db, "UPDATE outbox SET status = 'cancelled' "
	    "WHERE event_id = ? AND status = 'pending'", "i", event_id);
}

xmlDocPtr
outbox_payload(const char *kind, xmlNodePtr *root)
{
	xmlDocPtr	 doc = xmlNewDoc(BAD_CAST "1.0");

	*root = xmlNewDocNode(doc, NULL, BAD_CAST "mail", NULL);
	xmlDocSetRootElement(doc, *root);
	xml_attr(*root, "kind", kind);
	return doc;
}

/* What every message about a candidate shows, in one row. */
static const char sql_cand_mail[] =
	"SELECT c.id, c.name, c.email, c.phone, c.postcode, c.lang, "
	"v.id, v.title, v.location, r.id, r.name, r.email, r.lang, "
	"o.id, o.name, o.locale "
	"FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id "
	"JOIN organisations o ON o.id = c.org_id "
	"LEFT JOIN referrers r ON r.id = c.referrer_id WHERE c.id = ?";

enum { CM_ID, CM_NAME, CM_EMAIL, CM_PHONE, CM_POSTCODE, CM_LANG, CM_VAC_ID,
	CM_VAC_TITLE, CM_VAC_LOCATION, CM_REF_ID, CM_REF_NAME, CM_REF_EMAIL,
	CM_REF_LANG, CM_ORG_ID, CM_ORG_NAME, CM_ORG_LOCALE };

/* The candidate's mail row: 1 found, 0 not, -1 error. */
static int
cand_mail_load(struct db *db, struct arena *a, long long cand_id, struct db_res *r)
{
	if (db_query(db, a, r, sql_cand_mail, "i", cand_id) == -1)
		return -1;
	return r->nrows > 0;
}

/* A payload with the candidate, vacancy, referrer and organisation;
 * contact details only when with_contact (for the organisation's users). */
static xmlDocPtr
cand_payload(const char *kind, const struct db_res *r, int with_contact)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;

	doc = outbox_payload(kind, &root);
	n = xml_text(root, "org", db_val(r, 0, CM_ORG_NAME));
	n = xml_text(root, "candidate", db_val(r, 0, CM_NAME));
	xml_attr(n, "id", db_val(r, 0, CM_ID));
	if (with_contact) {
		xml_attr(n, "email", db_val(r, 0, CM_EMAIL));
		xml_attr(n, "phone", db_val(r, 0, CM_PHONE));
		xml_attr(n, "postcode", db_val(r, 0, CM_POSTCODE));
	}
	n = xml_text(root, "vacancy", db_val(r, 0, CM_VAC_TITLE));
	xml_attr(n, "id", db_val(r, 0, CM_VAC_ID));
	xml_attr(n, "location", db_val(r, 0, CM_VAC_LOCATION));
	if (db_val(r, 0, CM_REF_ID) != NULL) {
		n = xml_text(root, "referrer", db_val(r, 0, CM_REF_NAME));
		xml_attr(n, "id", db_val(r, 0, CM_REF_ID));
	}
	return doc;
}

/* Queue one message about a candidate to one recipient. */
static int
cand_queue(struct db *db, const struct db_res *r, const char *kind,
    const char *cause, const char *to, const char *to_name, const char *lang,
    int with_contact)
{
	struct outbox_msg	 m;
	int			 rc;

	if (to == NULL || *to == '\0')
		return 0;
	memset(&m, 0, sizeof(m));
	m.org_id = db_int(r, 0, CM_ORG_ID);
	m.cause = cause;
	m.kind = kind;
	m.recipient = to;
	m.recipient_name = to_name;
	m.lang = lang != NULL && *lang != '\0' ? lang : db_val(r, 0, CM_ORG_LOCALE);
	m.candidate_id = db_int(r, 0, CM_ID);
	m.payload = cand_payload(kind, r, with_contact);
	xml_attr(xmlDocGetRootElement(m.payload), "lang", m.lang);
	rc = outbox_queue(db, &m);
	xmlFreeDoc(m.payload);
	return rc;
}

int
outbox_new_candidate(struct db *db, struct arena *a, long long cand_id)
{
	struct db_res	 r, w;
	size_t		 i;
	int		 rc;

	if ((rc = cand_mail_load(db, a, cand_id, &r)) <= 0)
		return rc;
	if (db_query(db, a, &w, "SELECT u.email, u.name, u.lang FROM vacancy_watchers vw "
	    "JOIN users u ON u.id = vw.user_id WHERE vw.vacancy_id = ? AND u.disabled = 0 "
	    "ORDER BY u.id", "i", db_int(&r, 0, CM_VAC_ID)) == -1)
		return -1;
	for (i = 0; i < w.nrows; i++)
		if (cand_queue(db, &r, OUTBOX_NEW_CANDIDATE,
		    arena_printf(a, "cand:%lld:new", cand_id), db_val(&w, i, 0),
		    db_val(&w, i, 1), db_val(&w, i, 2), 1) == -1)
			return -1;
	return 0;
}

int
outbox_referrer_eoi(struct db *db, struct arena *a, long long cand_id)
{
	struct db_res	 r;
	int		 rc;

	if ((rc = cand_mail_load(db, a, cand_id, &r)) <= 0)
		return rc;
	return cand_queue(db, &r, OUTBOX_REFERRER_EOI,
	    arena_printf(a, "cand:%lld:referrer", cand_id), db_val(&r, 0, CM_REF_EMAIL),
	    db_val(&r, 0, CM_REF_NAME), db_val(&r, 0, CM_REF_LANG), 0);
}

int
outbox_candidate_thanks(struct db *db, struct arena *a, long long cand_id)
{
	struct db_res	 r;
	int		 rc;

	if ((rc = cand_mail_load(db, a, cand_id, &r)) <= 0)
		return rc;
	return cand_queue(db, &r, OUTBOX_CANDIDATE_THANKS,
	    arena_printf(a, "cand:%lld:thanks", cand_id), db_val(&r, 0, CM_EMAIL),
	    db_val(&r, 0, CM_NAME), db_val(&r, 0, CM_LANG), 0);
}

/* The language to queue in: "nl" or "en". */
static const char *
to_lang(const struct outbox_to *to)
{
	return to->lang != NULL && strcmp(to->lang, "nl") == 0 ? "nl" : "en";
}

/* Fill m from to and queue it; frees the payload. */
static int
queue_to(struct db *db, struct outbox_msg *m, const struct outbox_to *to)
{
	int	 rc;

	m->recipient = to->email;
	m->recipient_name = to->name;
	m->lang = to_lang(to);
	xml_attr(xmlDocGetRootElement(m->payload), "lang", m->lang);
	rc = outbox_queue(db, m);
	xmlFreeDoc(m->payload);
	return rc;
}

int
outbox_password_reset(struct db *db, long long org_id,
    const struct outbox_to *to, const char *cause, const char *link,
    int minutes)
{
	struct outbox_msg	 m;
	xmlNodePtr		 root;

	memset(&m, 0, sizeof(m));
	m.payload = outbox_payload(OUTBOX_PASSWORD_RESET, &root);
	if (to->name != NULL)
		xml_text(root, "to", to->name);
	xml_attr_int(xml_text(root, "link", link), "minutes", minutes);
	m.org_id = org_id;
	m.cause = cause;
	m.kind = OUTBOX_PASSWORD_RESET;
	return queue_to(db, &m, to);
}

int
outbox_invitation(struct db *db, long long org_id, const struct outbox_to *to,
    const char *cause, const char *org, const char *inviter, const char *role,
    const char *link, int days)
{
	struct outbox_msg	 m;
	xmlNodePtr		 root;

	memset(&m, 0, sizeof(m));
	m.payload = outbox_payload(OUTBOX_INVITATION, &root);
	xml_text(root, "org", org);
	if (to->name != NULL)
		xml_text(root, "to", to->name);
	if (inviter != NULL)
		xml_text(root, "inviter", inviter);
	xml_attr(root, "role", role);
	xml_attr_int(xml_text(root, "link", link), "days", days);
	m.org_id = org_id;
	m.cause = cause;
	m.kind = OUTBOX_INVITATION;
	return queue_to(db, &m, to);
}
