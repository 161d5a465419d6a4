/* outbox.c: notifications queued as outbox rows, in the caller's transaction */
#include "config.h"

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
