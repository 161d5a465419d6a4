/* outbox.h: notifications queued as outbox rows, in the caller's transaction */
#ifndef RP_OUTBOX_H
#define RP_OUTBOX_H

#include <libxml/tree.h>

#include "arena.h"

struct db;

/* Kinds of message; each has a mail template xslt/core/mail/KIND.xsl. */
#define OUTBOX_NEW_CANDIDATE	"new_candidate"
#define OUTBOX_REFERRER_OUTCOME	"referrer_outcome"
#define OUTBOX_REFERRER_EOI	"referrer_eoi"
#define OUTBOX_CANDIDATE_THANKS	"candidate_thanks"
#define OUTBOX_PASSWORD_RESET	"password_reset"
#define OUTBOX_INVITATION	"invitation"

struct outbox_msg {
	long long	 org_id;
	const char	*cause;		/* unique with recipient: "event:12" */
	const char	*kind;		/* OUTBOX_* */
	const char	*recipient;	/* email address */
	const char	*recipient_name;
	const char	*lang;		/* "nl" or "en" */
	long long	 candidate_id;	/* 0: none */
	long long	 event_id;	/* 0: none */
	int		 delay;		/* seconds before it is due */
	xmlDocPtr	 payload;	/* the template's data: <mail>...</mail> */
};

/*
 * Queue one message (status pending, due after delay).  A second call
 * with the same cause and recipient queues nothing (unique key), so a
 * repeated request cannot send twice.  The payload document is not
 * freed.  Run inside the caller's transaction.  Returns 0 (queued, or
 * there already), -1 on a database error.
 */
int	outbox_queue(struct db *, const struct outbox_msg *);

/*
 * Cancel the messages of an event that have not left yet (status
 * pending).  Returns how many were cancelled, or -1.
 */
long long outbox_cancel_event(struct db *, long long event_id);

/*
 * The messages of a new candidate (an EOI through the apply page or one
 * added by hand), each loading what it needs by the candidate's id, in
 * the caller's transaction, due at once:
 * outbox_new_candidate() tells every user set on the vacancy (in their
 * language, else the organisation's); outbox_referrer_eoi() tells the
 * referrer that their friend registered; outbox_candidate_thanks()
 * thanks the candidate and carries the privacy notice.  A missing
 * address sends nothing.  Each returns 0 or -1 on a database error.
 */
int	outbox_new_candidate(struct db *, struct arena *, long long cand_id);
int	outbox_referrer_eoi(struct db *, struct arena *, long long cand_id);
int	outbox_candidate_thanks(struct db *, struct arena *, long long cand_id);

/* A new <mail kind="KIND"> payload document; the caller adds children
 * (with xml_text()/xml_attr()) and frees it with xmlFreeDoc(). */
xmlDocPtr outbox_payload(const char *kind, xmlNodePtr *root);

/*
 * Messages about a user account, due at once, in the caller's
 * transaction; 0 (queued, or queued already: the cause is unique per
 * recipient) or -1 on a database error.  Strings are copied into the
 * payload; a NULL name leaves it out.
 */
struct outbox_to {
	const char	*email;
	const char	*name;		/* display name, may be NULL */
	const char	*lang;		/* "nl"/"en"; anything else: "en" */
};

/* A password reset link (absolute URL holding the token), valid for
 * minutes; cause names the reset uniquely ("reset:ID").  Payload:
 * <to/><link minutes=/>. */
int	outbox_password_reset(struct db *, long long org_id,
	    const struct outbox_to *, const char *cause, const char *link,
	    int minutes);

/* An invitation to org's portal from inviter (may be NULL), with the
 * link that sets the new user's password, valid for days; role is
 * "admin" or "recruiter"; cause names the invitation uniquely
 * ("invite:ID").  Payload: <mail role=><org/><to/><inviter/><link days=/>. */
int	outbox_invitation(struct db *, long long org_id,
	    const struct outbox_to *, const char *cause, const char *org,
	    const char *inviter, const char *role, const char *link, int days);

#endif
