/* audit.h: the audit log of views of personal data, changes and sign-ins */
#ifndef RP_AUDIT_H
#define RP_AUDIT_H

struct ctx;

/*
 * Append one row to audit_log for the request's user and organisation
 * (both may be absent before sign-in: pass org_id/user_id 0 then).
 * action: "login", "contact.view", ...; kind and id name the object.
 * Runs in the caller's transaction if there is one.  Returns 0 or -1.
 */
int	audit_log(struct ctx *, long long org_id, long long user_id,
	    const char *action, const char *kind, long long id, const char *detail);

#endif
