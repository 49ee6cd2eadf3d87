#!/usr/bin/env python3
"""Plots a training run's losses.csv (written by `compare train`) to a PNG.

Usage: python3 tools/plot_losses.py RUN_DIR/losses.csv OUT.png
Needs matplotlib (pip install matplotlib); not part of the Swift build or the tests.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    steps, mse = [], []
    with open(source) as f:
        for row in csv.DictReader(f):
            steps.append(int(row["step"]))
            mse.append(float(row["mse"]))
    window = 50
    smooth = [sum(mse[max(0, i - window + 1): i + 1]) / len(mse[max(0, i - window + 1): i + 1]) for i in range(len(mse))]
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=110)
    ax.plot(steps, mse, color="#bbbbbb", linewidth=0.6, label="per step")
    ax.plot(steps, smooth, color="#1f5fa8", linewidth=1.6, label=f"mean of last {window}")
    ax.set_xlabel("step (batch 8)")
    ax.set_ylabel("masked MSE (otenim normalisation)")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("Phase 1 training loss")
    fig.tight_layout()
    fig.savefig(target)


if __name__ == "__main__":
    main()
