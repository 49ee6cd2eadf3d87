#!/usr/bin/env python3
"""Kills the suite's writing commands with SIGKILL at seeded random moments and checks that every file
they left under their output folder is complete (docs/robustness.md): PNGs end with their IEND chunk,
JSON parses, CSV and text files end with a newline, safetensors and .npy sizes match their headers.
Temporary files of the atomic writer (hidden `.NAME.tmp-*`) may remain and are counted, not checked.

Usage: tools/kill9-check.py [ROUNDS [SEED]] (run from the package root after a release build)."""
import json, os, random, signal, struct, subprocess, sys, tempfile, time

BIN = os.environ.get("COMPARE", ".build/release/compare")

def complete(path):
    data = open(path, "rb").read()
    name = os.path.basename(path)
    if name.endswith(".png"):
        return data.startswith(b"\x89PNG") and data[-8:-4] == b"IEND"
    if name.endswith(".json"):
        json.loads(data)
        return True
    if name.endswith((".csv", ".txt", ".md")):
        return data.endswith(b"\n")
    if name.endswith(".html"):
        return data.rstrip().endswith(b"</html>")
    if name.endswith(".safetensors"):
        n = struct.unpack("<Q", data[:8])[0]
        header = json.loads(data[8:8 + n])
        end = max([v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"] or [0])
        return len(data) == 8 + n + end
    if name.endswith(".npy"):
        n = struct.unpack("<H", data[8:10])[0]
        header = data[10:10 + n].decode()
        shape = eval(header[header.index("(", header.index("shape")):header.index(")") + 1])
        count = 1
        for e in shape: count *= e
        return len(data) == 10 + n + 4 * count
    return True

def check(folder):
    files = partial = temporary = 0
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            if name.startswith(".") and ".tmp-" in name:
                temporary += 1
                continue
            files += 1
            try:
                ok = complete(path)
            except Exception:
                ok = False
            if not ok:
                partial += 1
                print("PARTIAL:", path)
    return files, partial, temporary

def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    work = tempfile.mkdtemp(prefix="kill9-")
    # (command, range of the delay before the kill in seconds: the fast commands are killed early)
    commands = {
        "masks": (lambda out: [BIN, "masks", "--data", "samples", "--out", out], (0.002, 0.06)),
        "run": (lambda out: [BIN, "--data", "samples", "--methods", "patch", "--out", out], (0.05, 3.0)),
        "convert": (lambda out: [BIN, "convert", "models/glcic-celeba.safetensors", os.path.join(out, "w.safetensors")], (0.002, 0.08)),
    }
    totals = {k: [0, 0, 0, 0] for k in commands}
    for r in range(rounds):
        for name, (make, (lo, hi)) in commands.items():
            out = os.path.join(work, f"{name}-{r}")
            os.makedirs(out, exist_ok=True)
            proc = subprocess.Popen(make(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(lo, hi))
            killed = proc.poll() is None
            if killed:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            files, partial, temporary = check(out)
            t = totals[name]
            t[0] += killed; t[1] += files; t[2] += partial; t[3] += temporary
    for name, (killed, files, partial, temporary) in totals.items():
        print(f"{name}: {rounds} runs, {killed} killed mid-run, {files} files checked, {partial} partial, {temporary} temporary left")
    sys.exit(1 if any(t[2] for t in totals.values()) else 0)

main()
