#!/usr/bin/env python3
"""Markdown table of a channel-ablation run: every iizuka@LAYER:CH entry of summary.json sorted by FID, with its
change against the run's plain `iizuka` entry.  Usage: tools/ablation_table.py RUN_DIR [--top K]
(with --top, only the K entries that raise FID most and the K that lower it most, per layer)."""
import json, sys, re
from collections import defaultdict

def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__); return 0
    run = args[0]
    top = int(args[args.index("--top") + 1]) if "--top" in args else None
    methods = json.load(open(f"{run}/summary.json"))["methods"]
    base = next((m for m in methods if "@" not in m["method"]), None)
    if base is None:
        print("no entry without an ablation (the baseline) in this run", file=sys.stderr); return 1
    fid = lambda m: m["fid"].get("value", float("nan"))
    print(f"baseline `{base['method']}`: FID {fid(base):.2f} (N = {base['fid'].get('images')}), "
          f"PSNR {base['psnr']:.2f} dB, SSIM {base['ssim']:.4f}\n")
    layers = defaultdict(list)
    for m in methods:
        if "@" in m["method"]:
            ablation = m["method"].split("@", 1)[1]
            layers[ablation.split(":")[0] if "+" not in ablation else "combination"].append(m)
    for layer, entries in layers.items():
        entries.sort(key=lambda m: -fid(m))
        if top is not None and len(entries) > 2 * top:
            entries = entries[:top] + entries[-top:]
        print(f"| zeroed ({layer}) | FID | ΔFID | PSNR (dB) | SSIM |\n| --- | --- | --- | --- | --- |")
        for m in entries:
            print(f"| {m['method'].split('@', 1)[1]} | {fid(m):.2f} | {fid(m) - fid(base):+.2f} | {m['psnr']:.2f} | {m['ssim']:.4f} |")
        print()
    return 0

if __name__ == "__main__":
    sys.exit(main())
