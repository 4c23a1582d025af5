/* out.h: the output-directory discipline every emitter uses. Files are
 * written under a temporary sibling DIR.tmp.XXXXXX; out_commit renames it
 * into place only when everything was written, out_abort removes it. So on
 * any error DIR is neither created nor changed. */
#ifndef MLPGEN_OUT_H
#define MLPGEN_OUT_H

#include <stddef.h>

#include "diag.h"

struct out {
    struct diag *d;
    char *final;   /* DIR, trailing slashes removed (malloc) */
    char *tmp;     /* DIR.tmp.XXXXXX (malloc), NULL once committed or aborted */
};

/* Create the temporary directory next to out_dir. 0 or -1 (reported). */
int out_begin(struct out *o, const char *out_dir, struct diag *d);
/* Write relpath (below the output directory; subdirectories are created)
 * with len bytes of data. 0 or -1 (reported). */
int out_write(struct out *o, const char *relpath, const void *data, size_t len);
/* Copy the file at src_path to relpath. 0 or -1 (reported). */
int out_copy(struct out *o, const char *relpath, const char *src_path);
/* Put the new tree in place of DIR (an old DIR is replaced as a whole).
 * 0 or -1 (reported; DIR unchanged). Frees the struct's memory. */
int out_commit(struct out *o);
/* Remove the temporary tree; DIR is untouched. Frees the struct's memory. */
void out_abort(struct out *o);

#endif
