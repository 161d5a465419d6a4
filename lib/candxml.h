/* candxml.h: the XML of candidates, shared by every page that shows them */
#ifndef RP_CANDXML_H
#define RP_CANDXML_H

#include <libxml/tree.h>

#include "db.h"

struct choices;
struct ctx;

#define CANDXML_MAX_MILESTONES	16

/* One milestone of the organisation; its outcomes are rows
 * [first, first + n) of the owning candxml_mstones result. */
struct candxml_mstone {
	int		 pos;
	const char	*key;
	const char	*points;
	size_t		 first, n;
};

/* The organisation's milestones with their outcomes, and its choices for
 * the names of the rows' vacancies and sites (the cells belong to the
 * process's choices cache, choices.h: valid during the request). */
struct candxml_mstones {
	struct db_res		 res;
	struct candxml_mstone	 m[CANDXML_MAX_MILESTONES];
	size_t			 n;
	const struct choices	*ch;
	int			 reloaded;	/* ch read again in this request */
};

/* Load the session organisation's milestones and outcomes (choices_get():
 * a query only when they changed).  Returns 0, or -1 on a database error. */
int	candxml_mstones_load(struct ctx *, struct candxml_mstones *);

/* Add <outcome key= color=/> children for milestone m, green first. */
void	candxml_outcomes(xmlNodePtr parent, const struct candxml_mstones *,
	    const struct candxml_mstone *m);

/* Set attribute attr to the UTC time utc shown in the organisation's
 * time zone ("YYYY-MM-DD HH:MM"). */
void	candxml_local(struct ctx *, xmlNodePtr, const char *attr, const char *utc);

/*
 * Append a <candidate> element (docs/page-xml.md) for row i of a result
 * with the columns of CAND_COLUMNS (cand.h): state, overdue and due
 * flags, names, vacancy, site, progress boxes, and <contact> when
 * with_contact.  The vacancy's title and location and the site's name
 * come from ms->ch, read again once (choices_reload()) when it lacks
 * them.  Returns the element.
 */
xmlNodePtr candxml_row(struct ctx *, xmlNodePtr parent, struct db_res *rows,
	    size_t i, struct candxml_mstones *ms, int with_contact);

#endif
