/* arena.h: per-request memory, freed all at once by the request loop */
#ifndef RP_ARENA_H
#define RP_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block	*head;
};

/*
 * Memory from arena_alloc() and friends is valid until arena_reset() or
 * arena_free() on the same arena; nobody frees it individually.  The
 * request loop resets the request arena after every request.  Allocation
 * failure aborts.
 */
void	*arena_alloc(struct arena *, size_t);
void	*arena_calloc(struct arena *, size_t, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...) __attribute__((format(printf, 2, 3)));
/* Keep the first block for reuse, release the rest. */
void	 arena_reset(struct arena *);
void	 arena_free(struct arena *);

#endif
