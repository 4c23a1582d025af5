#!/usr/bin/env python3
"""mlp_act_lut_tables.py: writes the test tables of tb_mlp_act_lut.v.
Entry n of mlp_act_lut_k<K>.hex is (hash-like bits << K) | n, so the low K
bits of every table word name the address that was read: the testbench
checks the address computation directly. 16-bit words.
Run: python3 mlp_act_lut_tables.py (writes mlp_act_lut_k10.hex, mlp_act_lut_k04.hex)."""
import random


def main():
    rng = random.Random(7)
    for k in (10, 4):  # file names have the same length (k04, k10)
        with open("mlp_act_lut_k%02d.hex" % k, "w") as f:
            f.write("// mlp_act_lut_k%02d.hex: test table for tb_mlp_act_lut, word n = (random << %d) | n\n" % (k, k))
            for n in range(1 << k):
                f.write("%04x\n" % (((rng.getrandbits(16 - k)) << k) | n))


if __name__ == "__main__":
    main()
