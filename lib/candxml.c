/* candxml.c: the XML of candidates, shared by every page that shows them */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cand.h"
#include "candxml.h"
#include "choices.h"
#include "loop.h"
#include "progress.h"
#include "render.h"
#include "sess.h"
#include "util.h"

int
candxml_mstones_load(struct ctx *c, struct candxml_mstones *ms)
{
	const struct choices	*ch;
	size_t			 i;

	ms->n = 0;
	ms->reloaded = 0;
	if ((ch = choices_get(c)) == NULL)
		return -1;
	ms->ch = ch;
	ms->res = ch->mstones;
	for (i = 0; i < ms->res.nrows; i++) {
		int pos = (int)db_int(&ms->res, i, 0);

		if (ms->n == 0 || ms->m[ms->n - 1].pos != pos) {
			if (ms->n == CANDXML_MAX_MILESTONES)
				break;
			ms->m[ms->n].pos = pos;
			ms->m[ms->n].key = db_val(&ms->res, i, 1);
			ms->m[ms->n].points = db_val(&ms->res, i, 2);
			ms->m[ms->n].first = i;
			ms->m[ms->n].n = 0;
			ms->n++;
		}
		if (db_val(&ms->res, i, 3) != NULL)
			ms->m[ms->n - 1].n++;
	}
	return 0;
}

void
candxml_outcomes(xmlNodePtr parent, const struct candxml_mstones *ms,
    const struct candxml_mstone *m)
{
	size_t		 i;
	xmlNodePtr	 o;

	for (i = m->first; i < m->first + m->n; i++) {
		o = xml_node(parent, "outcome");
		xml_attr(o, "key", db_val(&ms->res, i, 3));
		xml_attr(o, "color", db_val(&ms->res, i, 4));
	}
}
void
candxml_local(struct ctx *c, xmlNodePtr n, const char *attr, const char *utc)
{
	char	 out[32];

	util_utc_to_local(c->sess->org_tz, utc, out, sizeof(out));
	xml_attr(n, attr, out);
}

static const struct {
	char		 code;
	const char	*color;
} colors[] = {
	{ 'g', "green" }, { 'o', "orange" }, { 'r', "red" },
};

static const char *
color_of(const char *progress, size_t i)
{
	size_t	 k;

	if (progress == NULL || i >= strlen(progress))
		return NULL;
	for (k = 0; k < sizeof(colors) / sizeof(colors[0]); k++)
		if (progress[i] == colors[k].code)
			return colors[k].color;
	return NULL;
}

/* The row of id in ms->ch by find (choices_site, choices_job), the
 * choices read again once a request when they lack it; -1 if still
 * missing or on a database error. */
static ssize_t
choice_row(struct ctx *c, struct candxml_mstones *ms,
    ssize_t (*find)(const struct choices *, long long), long long id)
{
	const struct choices	*ch;
	ssize_t			 j = find(ms->ch, id);

	if (j == -1 && !ms->reloaded) {
		ms->reloaded = 1;
		if ((ch = choices_reload(c)) != NULL) {
			ms->ch = ch;
			j = find(ch, id);
		}
	}
	return j;
}

xmlNodePtr
candxml_row(struct ctx *c, xmlNodePtr list, struct db_res *rows, size_t i,
    struct candxml_mstones *ms, int with_contact)
{
	xmlNodePtr	 n, e, prog;
	const char	*status = db_val(rows, i, CC_STATUS);
	const char	*progress = db_val(rows, i, CC_PROGRESS);
	const char	*due = db_val(rows, i, CC_DUE);
	long long	 pos = db_int(rows, i, CC_STAGE_POS);
	long long	 age = db_int(rows, i, CC_AGE_HOURS);
	size_t		 m;
	ssize_t		 j;

	n = xml_node(list, "candidate");
	xml_attr(n, "id", db_val(rows, i, CC_ID));
	xml_attr(n, "version", db_val(rows, i, CC_VERSION));
	xml_attr(n, "status", status);
	xml_attr(n, "stage-pos", db_val(rows, i, CC_STAGE_POS));
	xml_attr(n, "stage", "done");
	for (m = 0; m < ms->n; m++)
		if (ms->m[m].pos == pos)
			xml_attr(n, "stage", ms->m[m].key);
	if (strcmp(status, "action") == 0 && pos == 1 &&
	    age >= c->sess->contact_target_hours) {
		xml_attr(n, "overdue", "1");
		xml_attr_int(n, "waiting-hours", age);
	}
	if (due != NULL && (strcmp(status, "action") == 0 || strcmp(status, "waiting") == 0) &&
	    pos == (long long)ms->n) {
		xml_attr(n, "due", due);
		if (strcmp(due, prog_today_str(c->arena, c->sess->org_tz)) <= 0)
			xml_attr(n, "due-now", "1");
	}
	candxml_local(c, n, "eoi", db_val(rows, i, CC_EOI));
	candxml_local(c, n, "updated", db_val(rows, i, CC_UPDATED));
	xml_text(n, "name", db_val(rows, i, CC_NAME));
	if (db_val(rows, i, CC_REF_ID) != NULL) {
		e = xml_text(n, "referrer", db_val(rows, i, CC_REF_NAME));
		xml_attr(e, "id", db_val(rows, i, CC_REF_ID));
	}
	j = choice_row(c, ms, choices_job, db_int(rows, i, CC_VAC_ID));
	e = xml_text(n, "vacancy", j == -1 ? NULL : db_val(&ms->ch->jobs, j, 1));
	xml_attr(e, "id", db_val(rows, i, CC_VAC_ID));
	if (j != -1)
		xml_text(n, "location", db_val(&ms->ch->jobs, j, 2));
	if (db_val(rows, i, CC_SITE_ID) != NULL) {
		j = choice_row(c, ms, choices_site, db_int(rows, i, CC_SITE_ID));
		e = xml_text(n, "site", j == -1 ? NULL : db_val(&ms->ch->sites, j, 1));
		xml_attr(e, "id", db_val(rows, i, CC_SITE_ID));
	}
	prog = xml_node(n, "progress");
	for (m = 0; m < ms->n; m++) {
		e = xml_node(prog, "m");
		xml_attr(e, "key", ms->m[m].key);
		xml_attr(e, "color", color_of(progress, m));
	}
	if (with_contact) {
		e = xml_node(n, "contact");
		xml_text(e, "phone", db_val(rows, i, CC_PHONE));
		xml_text(e, "email", db_val(rows, i, CC_EMAIL));
		xml_text(e, "postcode", db_val(rows, i, CC_POSTCODE));
	}
	return n;
}

