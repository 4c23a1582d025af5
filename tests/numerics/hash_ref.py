#!/usr/bin/env python3
"""Independent implementation of mlp_hash (docs/numerics.md section 2),
written from the text, not from runtime/hash.c. Prints the vectors that
tests/numerics/hash_vectors.c pins."""
M = 0xFFFFFFFF

def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & M

def mlp_hash(seed, layer, tensor, row, col, step):
    a = seed ^ 0x61707865
    b = step ^ 0x3320646e
    c = ((layer << 24) | (tensor << 16) | row) ^ 0x79622d32
    d = col ^ 0x6b206574
    for _ in range(6):
        a = (a + b) & M; d ^= a; d = rotl(d, 16)
        c = (c + d) & M; b ^= c; b = rotl(b, 12)
        a = (a + b) & M; d ^= a; d = rotl(d, 8)
        c = (c + d) & M; b ^= c; b = rotl(b, 7)
    return a ^ c

VECTORS = [
    (0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0),
    (7, 0, 0, 0, 0, 0),
    (7, 1, 0, 0, 0, 0),
    (7, 0, 1, 0, 0, 0),
    (7, 0, 0, 1, 0, 0),
    (7, 0, 0, 0, 1, 0),
    (7, 0, 0, 0, 0, 1),
    (0xFFFFFFFF, 255, 255, 65535, 0xFFFFFFFF, 0xFFFFFFFF),
    (12345, 2, 10, 31, 63, 1000),
    (1, 3, 16, 127, 783, 1),
]

if __name__ == "__main__":
    for v in VECTORS:
        print("    {%uu, %u, %u, %u, %uu, %uu, 0x%08xu}," % (v + (mlp_hash(*v),)))
