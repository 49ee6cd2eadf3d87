#!/usr/bin/env python3
"""Markdown scaling table of completion networks evaluated on the val split: one row per `iizuka:FILE` entry of
one or more `compare` run folders, with what the file's metadata says of its training (width, phase, step,
images seen) beside its val PSNR, SSIM, hole PSNR, FID (and KID where the run has it).

Usage: tools/scaling_table.py RUN_DIR [RUN_DIR ...] [--images-before N] [--cpu-log FILE] [--cpu-hours-before H]
                              [--known STEM=IMAGES:CPU_HOURS ...]

  --images-before N     images the network had seen before the run that wrote the files (e.g. 78400 for a run
                        started with --init-network from the shipped model); added to the metadata's count
  --cpu-log FILE        a training run's cpu.log (lines "UTC step,phase CPU-seconds"): the CPU time at each
                        file's step is read off it (the first line at or past that step)
  --cpu-hours-before H  CPU-hours spent before that run, added to the cpu.log figure
  --known STEM=IMAGES:CPU_HOURS
                        images seen and CPU-hours of a file made by earlier runs (its metadata counts only the
                        last run's images), e.g. glcic-celeba=78400:2.1 (from models/README.md)

Entries are matched to files through the run's recorded command (`iizuka:PATH` in --methods), so run the
script from the folder the run was started in.  Rows are sorted by images seen."""
import json, os, re, struct, sys


def metadata(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        if n > 100_000_000:
            raise ValueError(f"{path}: not a safetensors file")
        return json.loads(f.read(n)).get("__metadata__", {})


def cpu_seconds_at(log, step):
    best = None
    for line in open(log):
        parts = line.split()
        if len(parts) != 3:
            continue
        s = int(parts[1].split(",")[0])
        if s >= step:
            return float(parts[2])
        best = float(parts[2])
    return best


def option(args, name, default=None, cast=str):
    if name in args:
        i = args.index(name)
        value = cast(args[i + 1])
        del args[i:i + 2]
        return value
    return default


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    images_before = option(args, "--images-before", 0, int)
    cpu_log = option(args, "--cpu-log")
    cpu_before = option(args, "--cpu-hours-before", 0.0, float)
    known = {}
    while "--known" in args:
        stem, value = option(args, "--known").split("=", 1)
        seen_text, hours_text = value.split(":", 1)
        known[stem] = (int(seen_text), hours_text)
    rows = []
    for run in args:
        summary = json.load(open(os.path.join(run, "summary.json")))
        command = summary["configuration"]["command"]
        files = {}
        for entry in re.findall(r"iizuka:([^\s,]+)", command):
            stem = os.path.splitext(os.path.basename(entry))[0]
            files[f"iizuka:{stem}"] = entry
        images = summary["images"]
        for m in summary["methods"]:
            path = files.get(m["method"])
            if path is None or not os.path.exists(path):
                print(f"{run}: no weights file found for {m['method']}; skipped", file=sys.stderr)
                continue
            meta = metadata(path)
            seen = int(meta.get("trained_images", 0))
            own_run = "camp" in path or "snap" in path
            total = seen + (images_before if own_run else 0)
            cpu = ""
            stem = m["method"].split(":", 1)[1]
            if stem in known:
                total, cpu = known[stem]
            elif cpu_log and own_run and "step" in meta:
                seconds = cpu_seconds_at(cpu_log, int(meta["step"]))
                if seconds is not None:
                    cpu = f"{cpu_before + seconds / 3600:.2f}"
            kid = m.get("kid", {})
            kid_text = "–"
            if "mean" in kid:   # the ± only when the subsets are smaller than the set (else it is 0 by construction)
                kid_text = f"{kid['mean'] * 1000:.2f}"
                if kid.get("subsetSize", images) < kid.get("images", images):
                    kid_text += f" ± {kid.get('standardDeviation', 0) * 1000:.2f}"
            rows.append((total, f"| {m['method']} | {meta.get('width_multiplier', '?')} | {meta.get('phase', '?')} | "
                                f"{meta.get('step', '?')} | {total:,} | {cpu or '–'} | {images} | {m['psnr']:.2f} | "
                                f"{m['ssim']:.4f} | {m['holePSNR']:.2f} | {m['fid'].get('value', float('nan')):.2f} | "
                                f"{kid_text} |"))
    print("| network | width | phase | run step | images seen | CPU-hours | N | PSNR (dB) | SSIM | hole PSNR (dB) | "
          "FID | KID ×10³ |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for _, row in sorted(rows):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
