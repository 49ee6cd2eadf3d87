#!/usr/bin/env python3
"""Independent numpy computation of KID (unbiased MMD^2, cubic polynomial kernel) for the Swift tests.

Usage: python3 tools/kid_reference.py FEATURES_A.npy FEATURES_B.npy [--subsets 100 --subset-size 1000 --seed 0]

Prints, in float64:
  - mmd_full: MMD^2_u of the whole sets (no subsets, no randomness);
  - kid_mean / kid_std: mean and population standard deviation over the seeded subsets, drawn as the Swift
    code draws them (SplitMix64, partial Fisher-Yates with next() % (n - i), set A's subset then set B's,
    subset after subset), so the two agree to rounding.
The kernel sums are written here as plain numpy expressions (k = (X Y^T / d + 1)^3, off-diagonal sums over
m (m - 1), cross sum over m^2); see docs/evaluation.md for the definition.
"""
import argparse
import json

import numpy as np

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def draw(rng, m, n):
    idx = list(range(n))
    for i in range(m):
        j = i + rng.next() % (n - i)
        idx[i], idx[j] = idx[j], idx[i]
    return idx[:m]


def mmd2_unbiased(x, y):
    d = x.shape[1]
    kxx = (x @ x.T / d + 1) ** 3
    kyy = (y @ y.T / d + 1) ** 3
    kxy = (x @ y.T / d + 1) ** 3
    mx, my = x.shape[0], y.shape[0]
    off_x = (kxx.sum() - np.trace(kxx)) / (mx * (mx - 1))
    off_y = (kyy.sum() - np.trace(kyy)) / (my * (my - 1))
    return off_x + off_y - 2 * kxy.sum() / (mx * my)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--subsets", type=int, default=100)
    parser.add_argument("--subset-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    a = np.load(args.a).astype(np.float64)
    b = np.load(args.b).astype(np.float64)
    m = min(a.shape[0], b.shape[0], args.subset_size)
    rng = SplitMix64(args.seed)
    values = []
    for _ in range(args.subsets):
        ia = draw(rng, m, a.shape[0])
        ib = draw(rng, m, b.shape[0])
        values.append(mmd2_unbiased(a[ia], b[ib]))
    values = np.array(values)
    print(json.dumps({"mmd_full": float(mmd2_unbiased(a, b)), "kid_mean": float(values.mean()),
                      "kid_std": float(values.std(ddof=0)), "subset_size": m, "subsets": args.subsets,
                      "seed": args.seed}, indent=1))


if __name__ == "__main__":
    main()
