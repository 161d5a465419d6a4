/* audit.c: the audit log of views of personal data, changes and sign-ins */
#include "config.h"

#include "audit.h"
#include "db.h"
#include "loop.h"

int
audit_log(struct ctx *c, long long org_id, long long user_id,
    const char *action, const char *kind, long long id, const char *detail)
{
	return db_exec(c->db, "INSERT INTO audit_log (org_id, user_id, action, "
	    "object_kind, object_id, detail, addr) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "iississ", org_id, user_id, action, kind, id,
	    detail == NULL ? "" : detail, c->req.remote_addr) == -1 ? -1 : 0;
}
