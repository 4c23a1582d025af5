"""npy_numpy_check: the numpy side of npy_numpy_interop.c.

Usage: npy_numpy_check.py DIR
Loads the files the C writer put in DIR (c_*.npy, manifest.json) with numpy
and json and compares them with values computed here from the same formulas;
then writes np_*.npy with numpy.save for the C reader to check. Exit 0 when
every check passed, 1 otherwise."""
import json
import os
import sys

import numpy as np


def values(kind, n):
    """The formulas shared with npy_numpy_interop.c."""
    i = list(range(n))
    if kind == "i2":
        return np.array([k * 937 - 16000 for k in i], dtype="<i2")
    if kind == "i4":
        return np.array([k * 123457 - 2000000000 for k in i], dtype="<i4")
    if kind == "i8":
        return np.array([-(1 << 62) + k * (1 << 56) for k in i], dtype="<i8")
    return np.array([(k - 17) / 8.0 + 1.0 / 3.0 for k in i], dtype="<f8")


FILES = [("i2", (7, 5)), ("i4", (35,)), ("i8", (5, 7)), ("f8", (35,)), ("f8", (7, 5))]


def main():
    d = sys.argv[1]
    bad = 0
    for kind, shape in FILES:
        name = "c_%s_%dd.npy" % (kind, len(shape))
        a = np.load(os.path.join(d, name))
        want = values(kind, 35).reshape(shape)
        if a.dtype != want.dtype or a.shape != want.shape or not np.array_equal(a, want):
            print("%s: numpy reads %s %s, want %s %s" % (name, a.dtype, a.shape, want.dtype, shape))
            bad += 1
        if not a.flags["C_CONTIGUOUS"]:
            print("%s: not C order" % name)
            bad += 1
        np.save(os.path.join(d, "np_%s_%dd.npy" % (kind, len(shape))), want)
    with open(os.path.join(d, "manifest.json")) as f:
        m = json.load(f)
    t = m["tensors"]
    if m["network"] != "interop" or len(t) != 2 or t[0]["shape"] != [7, 5] \
            or t[0]["dtype"] != "<i2" or t[1]["format"] != "real":
        print("manifest.json: unexpected content %r" % m)
        bad += 1
    # files the C reader must refuse
    np.save(os.path.join(d, "np_fortran.npy"), np.asfortranarray(values("f8", 35).reshape(7, 5)))
    np.save(os.path.join(d, "np_f4.npy"), values("f8", 35).astype("<f4"))
    np.save(os.path.join(d, "np_3d.npy"), values("i4", 24).reshape(2, 3, 4))
    print("numpy %s: %d files checked, %d bad" % (np.__version__, len(FILES), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
