/* host_device: opening the training devices a host can use. Every device is
 * a struct mlp_device (net.h); the generated main.c lists the kinds it was
 * built with in a table of struct host_device_kind, so a Verilated core or
 * a board joins by adding one entry whose open function wraps
 * hw_device_open (hw_core.h) around its transport. */
#include "host.h"

#include <stdio.h>

#include "ref_train.h"

int host_open_reference(const struct host_model *m, struct mlp_device *dev, char *err,
                        size_t err_len)
{
    const char *why = ref_unsupported(m->net);
    if (why) {
        snprintf(err, err_len, "the reference cannot train network '%s': %s", m->net->name,
                 why);
        return -1;
    }
    struct ref_trainer *r = ref_new(m->net);
    if (!r) {
        snprintf(err, err_len, "out of memory for the reference trainer");
        return -1;
    }
    *dev = ref_device(r);
    return 0;
}
