/* hash_vectors: test vectors for tests/hw/tb_mlp_dense_hash.v, computed
 * by the C reference (runtime/hash.c), independent of the RTL.
 *   hash_vectors N > FILE.hex
 * Seven hex words per vector: seed layer tensor row col step R. The first
 * vectors are corner cases (all zero, all ones, one bit per field), the
 * rest drawn from a fixed splitmix64 sequence. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hash.h"

static uint64_t hv_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void hv_put(uint32_t seed, uint8_t layer, uint8_t tensor, uint16_t row, uint32_t col,
                   uint32_t step)
{
    printf("%08x %02x %02x %04x %08x %08x %08x\n", (unsigned)seed, (unsigned)layer,
           (unsigned)tensor, (unsigned)row, (unsigned)col, (unsigned)step,
           (unsigned)mlp_hash(seed, layer, tensor, row, col, step));
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    hv_put(0, 0, 0, 0, 0, 0);
    hv_put(0xffffffffu, 0xff, 0xff, 0xffff, 0xffffffffu, 0xffffffffu);
    hv_put(1, 0, 0, 0, 0, 0);
    hv_put(0, 1, 0, 0, 0, 0);
    hv_put(0, 0, 1, 0, 0, 0);
    hv_put(0, 0, 0, 1, 0, 0);
    hv_put(0, 0, 0, 0, 1, 0);
    hv_put(0, 0, 0, 0, 0, 1);
    hv_put(0x80000000u, 0x80, 0x80, 0x8000, 0x80000000u, 0x80000000u);
    uint64_t s = 20261123;
    for (int i = 9; i < n; i++) {
        uint64_t a = hv_next(&s), b = hv_next(&s);
        hv_put((uint32_t)a, (uint8_t)(a >> 32), (uint8_t)(a >> 40), (uint16_t)(a >> 48),
               (uint32_t)b, (uint32_t)(b >> 32));
    }
    return 0;
}
