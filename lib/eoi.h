/* eoi.h: a new candidate (an expression of interest): the contact fields'
 * rules and the one transaction that creates it, for the apply page and
 * for a candidate added by hand */
#ifndef RP_EOI_H
#define RP_EOI_H

#include "arena.h"

struct db;

/* Limits of the contact fields, in code points. */
#define EOI_NAME_MAX		100
#define EOI_EMAIL_MAX		254
#define EOI_PHONE_MAX		30
#define EOI_POSTCODE_MAX	10
#define EOI_NOTE_MAX		2000
#define EOI_DELETE_NOTE_MAX	500	/* the note of a deletion */

/*
 * Field rules, pure: each takes the trimmed value (NULL or "" when not
 * filled in) and returns NULL when it is acceptable, else the catalogue
 * key of what is wrong ("eoi.err.name_missing", ...), to be shown next to
 * the field.  eoi_check_email() also writes the normalised (lowercased)
 * address to *norm (arena) when acceptable; it refuses white space and
 * every control character, CR and LF included, so an address can never
 * add a mail header.
 */
const char *eoi_check_name(const char *);
const char *eoi_check_email(struct arena *, const char *, const char **norm);
const char *eoi_check_phone(const char *);
const char *eoi_check_postcode(const char *);
const char *eoi_check_note(const char *);

/*
 * A field-table validator for form text that is checked by the rules
 * above in the handler (so that a wrong value comes back in the form
 * with its message, not as an error page): trims white space, accepts
 * any text of at most 20000 bytes.
 */
struct http_pair;
int	eoi_valid_typed(struct http_pair *);

/*
 * A form's mistakes as (field, key) pairs in errs: adds the pair when key
 * is not NULL, so that an eoi_check_*() result can be passed as it is,
 * and counts it in *n.  errs must have room for 2 * (*n + 1) pointers;
 * it keeps the pointers, not copies.
 */
void	eoi_err_add(const char **errs, size_t *n, const char *field, const char *key);

/* What to create.  org_id and user_id come from the session, or from the
 * vacancy of the apply page's code. */
struct eoi_req {
	long long	 org_id;
	long long	 vacancy_id;
	long long	 referrer_id;	/* 0: none; else of org_id and sites */
	const char	*name;
	const char	*email;		/* normalised by eoi_check_email() */
	const char	*phone;
	const char	*postcode;
	const char	*note;		/* NULL: none */
	int		 right_to_work;	/* -1: not asked, 0 no, 1 yes */
	const char	*lang;		/* "nl"/"en": the candidate's messages */
	const char	*eoi_at;	/* UTC "YYYY-MM-DD HH:MM:SS", NULL: now */
	long long	 user_id;	/* 0: the candidate themselves (apply page) */
	const long long	*sites;		/* a site-limited user's sites */
	int		 nsites;	/* 0: every site */
	int		 need_open;	/* 1: a closed vacancy refuses (apply page) */
	const char	*addr;		/* remote address for the audit log */
};

enum eoi_rc {
	EOI_ERROR = -1,		/* database error (logged) */
	EOI_NO_VACANCY = 0,	/* no such vacancy for this organisation (or user's sites) */
	EOI_CREATED,		/* a new candidate, its messages queued */
	EOI_DUPLICATE,		/* the same email for the same vacancy: nothing new */
	EOI_CLOSED,		/* need_open and the vacancy is closed */
	EOI_NO_REFERRER		/* referrer_id not of this organisation (or user's sites) */
};

struct eoi_result {
	long long	 cand_id;	/* the new (or, for a duplicate, the existing) candidate */
	long long	 referrer_id;	/* who got the credit, 0: nobody */
};

/*
 * In one transaction (retried on deadlock): lock the vacancy, check the
 * referrer asked for (EOI_NO_REFERRER unless of the organisation and the
 * user's sites), apply the duplicate rule (the same email for the same
 * vacancy makes nothing new), give the credit to the first referrer this
 * email came through in the organisation (else req->referrer_id),
 * insert the candidate (status action, first milestone, EOI at eoi_at,
 * site of the vacancy), index its name, queue "new candidate" to the
 * vacancy's people, "your friend registered" to the referrer and the
 * thank-you with the privacy notice to the candidate, and write an audit
 * row.  Returns an enum eoi_rc; res is filled for EOI_CREATED and
 * EOI_DUPLICATE.
 */
int	eoi_create(struct db *, struct arena *, const struct eoi_req *,
	    struct eoi_result *res);

/* Why a candidate is deleted, and the keys of the reasons (NULL-ended). */
extern const char *const eoi_delete_reasons[];

enum eoi_del_rc {
	EOI_DEL_ERROR = -1,	/* database error (logged) */
	EOI_DEL_NOT_FOUND = 0,	/* no such live candidate for this user: 404 */
	EOI_DEL_DONE,
	EOI_DEL_STALE		/* changed since the page was read: nothing done */
};

/*
 * Delete a candidate, in one transaction: deleted_at and the reason set
 * (the row stays for the audit trail and erasure), every award of theirs
 * not yet reversed reversed in the ledger, their pending mail cancelled,
 * an audit row with the reason and note.  sites/nsites limit a
 * recruiter; version is the candidate's as the page showed it (another
 * change since: EOI_DEL_STALE).  *name gets the candidate's name (arena)
 * for the message.  Returns an enum eoi_del_rc.
 */
int	eoi_delete(struct db *, struct arena *, long long org_id, long long user_id,
	    const long long *sites, int nsites, long long cand_id,
	    long long version, const char *reason, const char *note,
	    const char *addr, const char **name);

/* A new public code for a vacancy: 10 characters of [a-z2-9] without
 * look-alikes, from libsodium's generator, into out (>= 11 bytes). */
void	eoi_new_code(char *out, size_t outsz);

#endif
