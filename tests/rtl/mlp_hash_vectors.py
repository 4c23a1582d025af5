#!/usr/bin/env python3
"""mlp_hash_vectors.py: independent Python model of the mlp_hash random-bit
function (docs/numerics.md, "The random-bit function mlp_hash"); writes the
pinned test vectors mlp_hash_vectors.hex used by tb_mlp_hash.v (and to be
pasted into the C tests). Run: python3 mlp_hash_vectors.py > mlp_hash_vectors.hex

Vector line format (hex, space separated):
    seed layer tensor row col step R
"""
import random

M32 = 0xFFFFFFFF


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & M32


def mlp_hash(seed, layer, tensor, row, col, step):
    a = seed ^ 0x61707865
    b = step ^ 0x3320646E
    c = ((layer << 24) | (tensor << 16) | row) ^ 0x79622D32
    d = col ^ 0x6B206574
    for _ in range(6):
        a = (a + b) & M32; d ^= a; d = rotl(d, 16)
        c = (c + d) & M32; b ^= c; b = rotl(b, 12)
        a = (a + b) & M32; d ^= a; d = rotl(d, 8)
        c = (c + d) & M32; b ^= c; b = rotl(b, 7)
    return a ^ c


def main():
    hand = [
        (0, 0, 0, 0, 0, 0),
        (1, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 1),
        (0, 0, 0, 0, 1, 0),
        (0, 0, 0, 1, 0, 0),
        (0, 0, 1, 0, 0, 0),
        (0, 1, 0, 0, 0, 0),
        (0xFFFFFFFF, 0xFF, 0xFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF),
        # the table of docs/numerics.md section 2 (seed 7, one input at a time)
        (7, 0, 0, 0, 0, 0),
        (7, 1, 0, 0, 0, 0),
        (7, 0, 1, 0, 0, 0),
        (7, 0, 0, 1, 0, 0),
        (7, 0, 0, 0, 1, 0),
        (7, 0, 0, 0, 0, 1),
        (12345, 1, 8, 3, 0, 7),
        (12345, 2, 0, 9, 63, 100),
        (0xDEADBEEF, 3, 12, 127, 783, 59999),
    ]
    rng = random.Random(20261123)
    for _ in range(239):  # 256 vectors in all
        hand.append((rng.getrandbits(32), rng.getrandbits(8), rng.getrandbits(8),
                     rng.getrandbits(16), rng.getrandbits(32), rng.getrandbits(32)))
    for (s, l, t, r, c, st) in hand:
        print("%08x %02x %02x %04x %08x %08x %08x"
              % (s, l, t, r, c, st, mlp_hash(s, l, t, r, c, st)))


if __name__ == "__main__":
    main()
