/* hash_vectors: mlp_hash against vectors computed by the independent Python
 * implementation tests/numerics/hash_ref.py (pasted, not recomputed). The
 * same numbers are in docs/numerics.md and the Verilog test. */
#include "check.h"
#include "hash.h"

int main(void)
{
    static const struct { uint32_t seed; uint8_t layer, tensor; uint16_t row;
                          uint32_t col, step, r; } v[] = {
    {0u, 0, 0, 0, 0u, 0u, 0x752f5438u},
    {1u, 0, 0, 0, 0u, 0u, 0x25f9523au},
    {7u, 0, 0, 0, 0u, 0u, 0x067776fdu},
    {7u, 1, 0, 0, 0u, 0u, 0x18a0877au},
    {7u, 0, 1, 0, 0u, 0u, 0x8cb1f509u},
    {7u, 0, 0, 1, 0u, 0u, 0xfc91bc9au},
    {7u, 0, 0, 0, 1u, 0u, 0xcbda744du},
    {7u, 0, 0, 0, 0u, 1u, 0xd6f5d70fu},
    {4294967295u, 255, 255, 65535, 4294967295u, 4294967295u, 0xad92f88eu},
    {12345u, 2, 10, 31, 63u, 1000u, 0xa1a33bdbu},
    {1u, 3, 16, 127, 783u, 1u, 0xb564c1f2u},
    };
    int fails = 0;
    for (unsigned k = 0; k < sizeof v / sizeof v[0]; k++)
        CHECK_EQ(fails, mlp_hash(v[k].seed, v[k].layer, v[k].tensor, v[k].row, v[k].col,
                                 v[k].step), v[k].r);
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
