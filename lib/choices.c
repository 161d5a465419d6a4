/* choices.c: an organisation's milestones, sites and vacancies, kept by the process */
#include "config.h"

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
	memset(&s->ch, 0, sizeof(s->ch));
	if (db_query(c->db, &s->arena, &s->ch.mstones, sql_mstones, "i", c->sess->org_id) == -1 ||
	    db_query(c->db, &s->arena, &s->ch.sites, sql_sites, "i", c->sess->org_id) == -1 ||
	    db_query(c->db, &s->arena, &s->ch.jobs, sql_jobs, "i", c->sess->org_id) == -1)
		return NULL;
	s->org_id = c->sess->org_id;
	s->version = c->sess->choices_version;
	return &s->ch;
}

int
choices_changed(struct db *db, long long org_id)
{
	return db_exec(db, "UPDATE organisations SET choices_version = "
	    "choices_version + 1 WHERE id = ?", "i", org_id) == -1 ? -1 : 0;
}
