/* host_main_xor: the generic host's whole run (host_main: command line,
 * data, training loop, reports) on the XOR net built through the runtime,
 * so the sanitizer build exercises the host driver too. The command line
 * is passed through; ctest checks the printed verdict. */
#include "host.h"
#include "hw_core.h"
#include "init.h"

int main(int argc, char **argv)
{
    static const struct init_layer_spec layers[2] = {{2, MLP_SIGMOID, 1.0, 1},
                                                     {1, MLP_SIGMOID, 1.0, 1}};
    struct init_spec s = {
        .name = "xor", .n_in = 2, .n_layers = 2, .layers = layers, .loss = MLP_MSE,
        .lr = 1.0, .batch = 1,
        .weights = {16, 5, FX_RND_CONV, FX_SAT},
        .activations = {16, 4, FX_RND_CONV, FX_SAT},
        .gradients = {16, 2, FX_RND_CONV, FX_SAT},
        .init = INIT_NORMAL, .init_scale = 0.5, .seed = 7};
    struct init_net *n = init_net_new(&s);
    if (!n)
        return 1;
    /* a layout only so that --device board gets as far as the serial port */
    static const struct hw_layout layout = {0, 0, 0, {{0, 0, 0, 0, 0, 0, 0}}, 0};
    struct host_model m = {&n->net, "xor.desc", DATA_NORM_NONE, 0.0, HOST_BUILTIN_XOR, 2500,
                           &layout};
    static const struct host_device_kind devices[] = {
        {"reference", "the reference trainer", host_open_reference},
        {"board", "a board on a serial port", host_open_board}};
    int rc = host_main(argc, argv, &m, devices, 2);
    init_net_free(n);
    return rc;
}
