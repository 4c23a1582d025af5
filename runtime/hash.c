/* hash: mlp_hash of docs/numerics.md section 2 (six ChaCha quarter rounds
 * over the value's coordinates; no state, no multiplier). */
#include "hash.h"

static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

uint32_t mlp_hash(uint32_t seed, uint8_t layer, uint8_t tensor, uint16_t row,
                  uint32_t col, uint32_t step)
{
    uint32_t a = seed ^ 0x61707865u;
    uint32_t b = step ^ 0x3320646eu;
    uint32_t c = (((uint32_t)layer << 24) | ((uint32_t)tensor << 16) | row) ^ 0x79622d32u;
    uint32_t d = col ^ 0x6b206574u;
    for (int k = 0; k < 6; k++) {
        a += b; d ^= a; d = rotl(d, 16);
        c += d; b ^= c; b = rotl(b, 12);
        a += b; d ^= a; d = rotl(d, 8);
        c += d; b ^= c; b = rotl(b, 7);
    }
    return a ^ c;
}
