/* arena.h: one bump allocator per compile. Everything the lexer, parser,
 * checker and IR allocate lives here and is freed at once by arena_free. */
#ifndef MLPGEN_ARENA_H
#define MLPGEN_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
    size_t total;             /* bytes handed out, for limits and reports */
};

/* Zeroed, 16-byte aligned memory. Aborts with a message when the system is
 * out of memory (the one failure a compile cannot report as a value). */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Grow an array allocated in the arena: returns a copy with room for
 * new_count elements (the old block is left to the arena). */
void *arena_grow(struct arena *a, void *old, size_t old_count, size_t new_count, size_t elem);
void arena_free(struct arena *a);

#endif
