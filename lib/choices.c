/* choices.c: an organisation's milestones, sites and vacancies, kept by the process */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "choices.h"
#include "loop.h"
#include "sess.h"

/* The organisation's milestones with their outcomes, green first. */
static const char sql_mstones[] =
	"SELECT m.pos, m.mkey, m.points, o.okey, o.color FROM milestones m "
	"LEFT JOIN outcomes o ON o.milestone_id = m.id WHERE m.org_id = ? "
	"ORDER BY m.pos, FIELD(o.color, 'green', 'orange', 'red'), o.pos";
static const char sql_sites[] =
	"SELECT id, name FROM sites WHERE org_id = ? ORDER BY name, id";
static const char sql_jobs[] =
	"SELECT id, title, location, site_id FROM vacancies WHERE org_id = ? "
	"ORDER BY title, id";

/* A few organisations' copies (a process mostly serves one or two);
 * an entry is reused in turn. */
#define CHOICES_SLOTS	8

static struct choices_slot {
	long long	 org_id;		/* 0: empty */
	long long	 version;
	struct arena	 arena;
	struct choices	 ch;
} slots[CHOICES_SLOTS];
static size_t	 next_slot;

static int
id_cmp(const void *a, const void *b)
{
	long long	 x = ((const struct choices_id *)a)->id;
	long long	 y = ((const struct choices_id *)b)->id;

	return x < y ? -1 : x > y;
}

/* The rows of r (id first) by id, in arena a. */
static struct choices_id *
ids_make(struct arena *a, const struct db_res *r)
{
	struct choices_id	*ids = arena_calloc(a, r->nrows + 1, sizeof(*ids));
	size_t			 i;

	for (i = 0; i < r->nrows; i++) {
		ids[i].id = db_int(r, i, 0);
		ids[i].row = i;
	}
	qsort(ids, r->nrows, sizeof(*ids), id_cmp);
	return ids;
}

static ssize_t
ids_find(const struct choices_id *ids, size_t n, long long id)
{
	struct choices_id	 key = { id, 0 };
	const struct choices_id	*hit = bsearch(&key, ids, n, sizeof(*ids), id_cmp);

	return hit == NULL ? -1 : (ssize_t)hit->row;
}

/* Read the session organisation's choices into ch, in arena a.
 * Returns 0 or -1 on a database error. */
static int
choices_read(struct ctx *c, struct arena *a, struct choices *ch)
{
	memset(ch, 0, sizeof(*ch));
	if (db_query(c->db, a, &ch->mstones, sql_mstones, "i", c->sess->org_id) == -1 ||
	    db_query(c->db, a, &ch->sites, sql_sites, "i", c->sess->org_id) == -1 ||
	    db_query(c->db, a, &ch->jobs, sql_jobs, "i", c->sess->org_id) == -1)
		return -1;
	ch->site_ids = ids_make(a, &ch->sites);
	ch->job_ids = ids_make(a, &ch->jobs);
	return 0;
}

const struct choices *
choices_get(struct ctx *c)
{
	struct choices_slot	*s;
	size_t			 i;

	for (i = 0; i < CHOICES_SLOTS; i++)
		if (slots[i].org_id == c->sess->org_id &&
		    slots[i].version == c->sess->choices_version)
			return &slots[i].ch;
	s = &slots[next_slot];
	next_slot = (next_slot + 1) % CHOICES_SLOTS;
	s->org_id = 0;
	arena_reset(&s->arena);
	if (choices_read(c, &s->arena, &s->ch) == -1)
		return NULL;
	s->org_id = c->sess->org_id;
	s->version = c->sess->choices_version;
	return &s->ch;
}

const struct choices *
choices_reload(struct ctx *c)
{
	struct choices	*ch = arena_calloc(c->arena, 1, sizeof(*ch));

	return choices_read(c, c->arena, ch) == -1 ? NULL : ch;
}

ssize_t
choices_site(const struct choices *ch, long long id)
{
	return ids_find(ch->site_ids, ch->sites.nrows, id);
}

ssize_t
choices_job(const struct choices *ch, long long id)
{
	return ids_find(ch->job_ids, ch->jobs.nrows, id);
}

int
choices_changed(struct db *db, long long org_id)
{
	return db_exec(db, "UPDATE organisations SET choices_version = "
	    "choices_version + 1 WHERE id = ?", "i", org_id) == -1 ? -1 : 0;
}
