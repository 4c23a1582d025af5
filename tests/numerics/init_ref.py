#!/usr/bin/env python3
"""Independent implementation of the initial weights of docs/numerics.md
section 8 (Box-Muller over mlp_hash, rounded half to even into the weights
format). Prints the raw weights that tests/numerics/init_vectors.c pins."""
import math
from hash_ref import mlp_hash

def draw(kind, scale, seed, layer, row, col, n_in):
    r1 = mlp_hash(seed, layer, 16, row, col, 0)
    r2 = mlp_hash(seed, layer, 16, row, col, 1)
    u1 = (r1 + 1) / 2.0**32
    u2 = r2 / 2.0**32
    if kind == "uniform":
        return (2 * u2 - 1) * scale
    if kind == "xavier":
        scale = 1 / math.sqrt(n_in)
    if kind == "he":
        scale = math.sqrt(2 / n_in)
    return scale * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

def raw(v, frac, width):
    r = round(v * 2**frac)          # Python round: half to even
    return max(-2**(width - 1), min(2**(width - 1) - 1, r))

if __name__ == "__main__":
    # XOR example: 2-2-1, normal std 0.5, seed 7, weights fixed<16,5> (F 11)
    print("xor", [raw(draw("normal", 0.5, 7, l, j, i, 2), 11, 16)
                  for l, (no, ni) in enumerate([(2, 2), (1, 2)])
                  for j in range(no) for i in range(ni)])
    # uniform limit 0.25, he and xavier with n_in 64, seed 1, fixed<16,4> (F 12)
    print("uniform", [raw(draw("uniform", 0.25, 1, 0, 0, i, 64), 12, 16) for i in range(4)])
    print("he", [raw(draw("he", 0, 1, 0, 3, i, 64), 12, 16) for i in range(4)])
    print("xavier", [raw(draw("xavier", 0, 1, 1, 2, i, 64), 12, 16) for i in range(4)])
