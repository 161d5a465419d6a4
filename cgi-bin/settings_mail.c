/* settings_mail.c: admins' settings, mail: failed and waiting messages, sending a failed one again */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysqld_error.h>
#include <sodium.h>

#include "audit.h"
#include "choices.h"
#include "db.h"
#include "lang.h"
#include "loop.h"
#include "outbox.h"
#include "pass.h"
#include "render.h"
#include "sess.h"
#include "util.h"

#include "settings.h"

/* Messages that failed, and those still waiting, newest first: an admin
 * sees why and may send a failed one again. */
static const char sql_mail[] =
	"SELECT id, kind, recipient, recipient_name, status, attempts, last_error, "
	"DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), "
	"DATE_FORMAT(due_at, '%Y-%m-%d %H:%i:%s') FROM outbox "
	"WHERE org_id = ? AND status IN ('failed', 'pending', 'sending') "
	"ORDER BY status = 'failed' DESC, id DESC LIMIT 200";

void
settings_page_mail(struct ctx *c)
{
	static const char *const attrs[] = { "id", "kind", "recipient",
	    "recipient-name", "status", "attempts" };
	struct db_res	 r;
	xmlNodePtr	 root, list, n;
	size_t		 i, k;
	char		 local[32];

	if (!settings_admin_only(c))
		return;
	if (db_query(c->db, c->arena, &r, sql_mail, "i", c->sess->org_id) == -1) {
		loop_error(c, 500, "error.server", NULL);
		return;
	}
	root = loop_page(c, "settings-mail");
	list = xml_node(root, "mail");
	for (i = 0; i < r.nrows; i++) {
		n = xml_node(list, "message");
		for (k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++)
			xml_attr(n, attrs[k], db_val(&r, i, (unsigned)k));
		util_utc_to_local(c->sess->org_tz, db_val(&r, i, 7), local, sizeof(local));
		xml_attr(n, "created", local);
		util_utc_to_local(c->sess->org_tz, db_val(&r, i, 8), local, sizeof(local));
		xml_attr(n, "due", local);
		xml_text(n, "error", db_val(&r, i, 6));
	}
	loop_render(c, root);
}

/* The message of the path back to pending with its audit row: 1, 0 when
 * it is not a failed message of the organisation, -1. */
static int
mail_retry_txn(struct db *db, void *arg)
{
	struct ctx	*c = arg;
	long long	 n;

	n = db_exec(db, "UPDATE outbox SET status = 'pending', due_at = UTC_TIMESTAMP(), "
	    "attempts = 0, lease_until = NULL WHERE id = ? AND org_id = ? AND status = 'failed'",
	    "ii", c->req.ids[0], c->sess->org_id);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	if (audit_log(c, c->sess->org_id, c->sess->user_id, "mail.retry", "outbox",
	    c->req.ids[0], NULL) == -1)
		return -1;
	return 1;
}

/* Send a failed message again: pending, due now, its error kept in the log. */
void
settings_post_mail_retry(struct ctx *c)
{
	if (!settings_admin_only(c))
		return;
	if (!loop_found(c, db_txn(c->db, mail_retry_txn, c)))
		return;
	loop_flash(c, "ok", "mail.retried");
	http_resp_redirect(&c->resp, loop_url(c, "/settings/mail"));
}
