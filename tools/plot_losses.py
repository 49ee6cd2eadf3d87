#!/usr/bin/env python3
"""Plots a training run's losses.csv (written by `compare train`) to a PNG: the masked MSE of every phase and,
when the run reached phases 2 and 3, the discriminator's loss and the completion network's adversarial term,
with the phase boundaries marked.

Usage: python3 tools/plot_losses.py RUN_DIR/losses.csv OUT.png [--title TEXT]
Needs matplotlib (pip install matplotlib); not part of the Swift build or the tests.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def smooth(values, window=50):
    out, total, queue = [], 0.0, []
    for v in values:
        queue.append(v)
        total += v
        if len(queue) > window:
            total -= queue.pop(0)
        out.append(total / len(queue))
    return out


def column(rows, name):
    pairs = [(int(r["step"]), float(r[name])) for r in rows if r.get(name) not in (None, "")]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def main() -> None:
    args = sys.argv[1:]
    if len(args) < 2 or args[0] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if args[:1] in (["-h"], ["--help"]) else 2)
    title = args[args.index("--title") + 1] if "--title" in args else "Training losses"
    with open(args[0]) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{args[0]}: no rows")
    phases = sorted({int(r["phase"]) for r in rows})
    starts = {p: min(int(r["step"]) for r in rows if int(r["phase"]) == p) for p in phases}
    panels = [("mse", "masked MSE (otenim normalisation)", True)]
    if any(r.get("discriminator") for r in rows):
        panels.append(("discriminator", "discriminator BCE", False))
    if any(r.get("adversarial") for r in rows):
        panels.append(("adversarial", "adversarial term (BCE)", False))
    fig, axes = plt.subplots(len(panels), 1, figsize=(7.5, 2.6 * len(panels)), dpi=110, sharex=True, squeeze=False)
    for ax, (name, label, log) in zip(axes[:, 0], panels):
        steps, values = column(rows, name)
        ax.plot(steps, values, color="#bbbbbb", linewidth=0.5, label="per step")
        ax.plot(steps, smooth(values), color="#1f5fa8", linewidth=1.4, label="mean of last 50")
        for p in phases[1:]:
            ax.axvline(starts[p], color="#c0392b", linewidth=0.8, linestyle="--")
        if log:
            ax.set_yscale("log")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0, 0].legend(loc="upper right")
    axes[0, 0].set_title(title + ("  (dashed: start of phase " + ", ".join(map(str, phases[1:])) + ")" if len(phases) > 1 else ""))
    axes[-1, 0].set_xlabel("step")
    fig.tight_layout()
    fig.savefig(args[1])


if __name__ == "__main__":
    main()
