#!/usr/bin/env python3
"""Phase-1 loss curves of the bf16 and f32 training paths, side by side.

Trains the completion network twice from the same seed on the same few CelebA training images, once with
`--precision f32` and once with `--precision bf16`, and compares the two losses.csv files: the masked MSE
averaged over windows of steps, and the relative difference of each window. Same seed means the same
initial weights, crops, holes and data order, so the only difference is the arithmetic of the convolutions.
See docs/bf16.md ("Training in bf16") for the figures this gives.

Example (about 10 CPU-minutes at quarter width):
  python3 tools/bf16_loss_check.py --compare .build/release/compare \
      --data ../shared/data/celeba/img --partition ../shared/data/celeba/list_eval_partition.txt \
      --out runs/bf16-loss-check
Exit status 0 when every window after the first is within --tolerance, 1 otherwise, 2 on bad input.
"""
import argparse
import csv
import json
import os
import subprocess
import sys


def train_images(partition, data, count):
    names = []
    with open(partition) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[1] == "0" and os.path.exists(os.path.join(data, parts[0])):
                names.append(parts[0])
                if len(names) == count:
                    break
    return names


def read_mse(path):
    with open(path) as f:
        return [float(row["mse"]) for row in csv.DictReader(f)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--compare", default=".build/release/compare", help="the compare binary")
    ap.add_argument("--data", required=True, help="CelebA image folder")
    ap.add_argument("--partition", required=True, help="CelebA list_eval_partition.txt")
    ap.add_argument("--out", required=True, help="work folder (created)")
    ap.add_argument("--images", type=int, default=16)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--width", type=float, default=0.25)
    ap.add_argument("--window", type=int, default=25)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tolerance", type=float, default=0.05, help="relative difference allowed per window")
    ap.add_argument("--threads", type=int, default=0, help="engine threads (0: all cores)")
    args = ap.parse_args()
    if args.images < 1 or args.steps < args.window or args.window < 1:
        print("error: need --images >= 1 and --steps >= --window >= 1", file=sys.stderr)
        return 2

    names = train_images(args.partition, args.data, args.images)
    if len(names) < args.images:
        print(f"error: found {len(names)} training images, need {args.images}", file=sys.stderr)
        return 2
    images = os.path.join(args.out, "images")
    os.makedirs(images, exist_ok=True)
    for name in names:
        link = os.path.join(images, name)
        if not os.path.exists(link):
            os.symlink(os.path.abspath(os.path.join(args.data, name)), link)

    curves = {}
    for precision in ("f32", "bf16"):
        run = os.path.join(args.out, precision)
        losses = os.path.join(run, "losses.csv")
        if not (os.path.exists(losses) and len(read_mse(losses)) >= args.steps):
            cmd = [args.compare, "train", "--data", images, "--out", run,
                   "--phase-steps", f"{args.steps},0,0", "--batch", str(args.batch),
                   "--width", str(args.width), "--seed", str(args.seed),
                   "--checkpoint-every", str(args.steps), "--precision", precision]
            if args.threads > 0:
                cmd += ["--threads", str(args.threads)]
            if os.path.exists(run):
                print(f"error: {run} exists without a finished run; remove it", file=sys.stderr)
                return 2
            print(" ".join(cmd), flush=True)
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        curves[precision] = read_mse(losses)[: args.steps]

    rows = []
    worst = 0.0
    for start in range(0, args.steps - args.window + 1, args.window):
        f = sum(curves["f32"][start:start + args.window]) / args.window
        b = sum(curves["bf16"][start:start + args.window]) / args.window
        rel = (b - f) / f
        rows.append({"steps": f"{start + 1}-{start + args.window}", "f32": f, "bf16": b, "relative": rel})
        if start > 0:
            worst = max(worst, abs(rel))
    print(f"{'steps':>9}  {'f32 mse':>10}  {'bf16 mse':>10}  {'bf16/f32-1':>10}")
    for r in rows:
        print(f"{r['steps']:>9}  {r['f32']:10.6f}  {r['bf16']:10.6f}  {r['relative'] * 100:9.2f}%")
    ok = worst <= args.tolerance
    print(f"largest window difference after the first: {worst * 100:.2f}% "
          f"({'within' if ok else 'OUTSIDE'} {args.tolerance * 100:.0f}%)")
    summary = {"images": args.images, "steps": args.steps, "batch": args.batch, "width": args.width,
               "seed": args.seed, "window": args.window, "windows": rows, "worst_after_first": worst,
               "tolerance": args.tolerance, "within": ok}
    tmp = os.path.join(args.out, "summary.json.tmp")
    with open(tmp, "w") as f:
        json.dump(summary, f, indent=1)
    os.replace(tmp, os.path.join(args.out, "summary.json"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
