/* arena.c: per-request memory, freed all at once by the request loop */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define ARENA_BLOCK	(64 * 1024)

/*
 * Under AddressSanitizer every piece is followed by a poisoned red zone
 * and the unused part of a block stays poisoned, so that ASan (the
 * sanitized build, the fuzz harnesses) sees a piece overrun or a read of
 * memory the arena never handed out, as it would with malloc.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(ARENA_ASAN)
#define ARENA_ASAN	1
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_REDZONE	(2 * sizeof(max_align_t))
#define ARENA_POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define ARENA_UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_REDZONE	0
#define ARENA_POISON(p, n)	((void)(p), (void)(n))
#define ARENA_UNPOISON(p, n)	((void)(p), (void)(n))
#endif

struct arena_block {
	struct arena_block	*next;
	size_t			 size;	/* usable bytes after the header */
	size_t			 used;
	max_align_t		 data[];
};

static struct arena_block *
block_new(size_t size)
{
	struct arena_block	*b;

	b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	ARENA_POISON(b->data, size);
	return b;
}

void *
arena_alloc(struct arena *a, size_t sz)
{
	struct arena_block	*b;
	const size_t		 align = sizeof(max_align_t);
	size_t			 want = sz;
	void			*p;

	sz = (sz + align - 1) & ~(align - 1);
	if (sz == 0)
		sz = align;
	sz += ARENA_REDZONE;
	b = a->head;
	if (b == NULL || b->size - b->used < sz) {
		b = block_new(sz > ARENA_BLOCK / 4 ? sz : ARENA_BLOCK);
		if (sz > ARENA_BLOCK / 4 && a->head != NULL) {
			/* A large piece gets its own block behind the current one. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += sz;
	ARENA_UNPOISON(p, want);
	return p;
}

void *
arena_calloc(struct arena *a, size_t n, size_t sz)
{
	void	*p;

	if (sz != 0 && n > (size_t)-1 / sz)
		log_die("arena_calloc: overflow");
	p = arena_alloc(a, n * sz);
	memset(p, 0, n * sz);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t	 len = strnlen(s, n);
	char	*p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		log_die("arena_printf: bad format");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_block	*b, *next, *keep = NULL;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (keep == NULL && b->size == ARENA_BLOCK) {
			keep = b;
			continue;
		}
		free(b);
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
		ARENA_POISON(keep->data, keep->size);
	}
	a->head = keep;
}

void
arena_free(struct arena *a)
{
	struct arena_block	*b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
