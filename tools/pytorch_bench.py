#!/usr/bin/env python3
"""PyTorch reference timings for `compare bench iizuka|train --pytorch FILE` (docs/bf16.md).

Builds the GLCIC networks as otenim/GLCIC-PyTorch defines them (Iizuka et al. 2017; the same layer list as
Sources/DeepInpaint: completion network of 16 Conv -> ReLU -> BatchNorm blocks and a sigmoid output, local and
global discriminators of five 5x5 stride-2 Conv -> ReLU -> BatchNorm blocks, Linear -> ReLU, a joint Linear ->
Sigmoid head) with random weights, and times on the CPU, in f32 and under bf16 autocast:
  - inference of the completion network (eval mode, no autograd): batch 1 at 160, 256, 512; batch 16 at 160;
  - training steps of phases 1, 2 and 3 at batch 16, 160x160, local 96 (otenim's train.py: masked MSE; the
    discriminator on a detached fake and a real sample with BCE; both, the adversarial term weighted 4e-4),
    Adadelta on both networks.
Each workload runs --warmup untimed runs then --repeats (inference) or --steps (training) timed ones; the
median and best are written as JSON. Needs torch (tools/make-pytorch-venv.sh); never used by tests or CI.
"""
import argparse
import datetime
import json
import os
import statistics
import sys
import time

import torch
from torch import nn


def block(cin, cout, k, stride=1, padding=0, dilation=1, transposed=False):
    conv = (nn.ConvTranspose2d(cin, cout, k, stride, padding) if transposed
            else nn.Conv2d(cin, cout, k, stride, padding, dilation=dilation))
    return nn.Sequential(conv, nn.ReLU(), nn.BatchNorm2d(cout))   # otenim: bn(act(conv(x)))


class CompletionNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            block(4, 64, 5, 1, 2), block(64, 128, 3, 2, 1), block(128, 128, 3, 1, 1), block(128, 256, 3, 2, 1),
            block(256, 256, 3, 1, 1), block(256, 256, 3, 1, 1),
            block(256, 256, 3, 1, 2, 2), block(256, 256, 3, 1, 4, 4), block(256, 256, 3, 1, 8, 8),
            block(256, 256, 3, 1, 16, 16),
            block(256, 256, 3, 1, 1), block(256, 256, 3, 1, 1),
            block(256, 128, 4, 2, 1, transposed=True), block(128, 128, 3, 1, 1),
            block(128, 64, 4, 2, 1, transposed=True), block(64, 32, 3, 1, 1),
            nn.Conv2d(32, 3, 3, 1, 1), nn.Sigmoid())

    def forward(self, x):
        return self.body(x)


class FeatureDiscriminator(nn.Module):
    """otenim's LocalDiscriminator / GlobalDiscriminator (arc 'celeba'): five stride-2 blocks, 1024 features."""
    def __init__(self, side):
        super().__init__()
        chans = [3, 64, 128, 256, 512, 512]
        self.convs = nn.Sequential(*[block(chans[i], chans[i + 1], 5, 2, 2) for i in range(5)])
        self.linear = nn.Linear(512 * (side // 32) ** 2, 1024)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.linear(torch.flatten(self.convs(x), 1)))


class ContextDiscriminator(nn.Module):
    def __init__(self, local_side, global_side):
        super().__init__()
        self.model_ld = FeatureDiscriminator(local_side)
        self.model_gd = FeatureDiscriminator(global_side)
        self.linear1 = nn.Linear(2048, 1)
        self.act1 = nn.Sigmoid()

    def forward(self, local_x, global_x):
        return self.act1(self.linear1(torch.cat([self.model_ld(local_x), self.model_gd(global_x)], 1)))


def autocast(precision):
    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=(precision == "bf16"))


def timed(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "best_s": min(times), "runs": len(times)}


def inference_workloads(args):
    cn = CompletionNetwork().eval()
    out = []
    for batch, side in [(1, 160), (1, 256), (1, 512), (16, 160)]:
        x = torch.rand(batch, 4, side, side)
        entry = {"batch": batch, "side": side}
        for precision in args.precisions:
            def run():
                with torch.inference_mode(), autocast(precision):
                    cn(x)
            entry[precision] = timed(run, args.warmup, args.repeats)
            print(f"inference b{batch} {side}² {precision}: median {entry[precision]['median_s']:.3f} s", file=sys.stderr)
        out.append(entry)
    return out


class Step:
    """One training step of otenim's train.py for a phase, on fixed random data (the cost does not depend on it)."""
    def __init__(self, batch, size, local):
        self.cn, self.cd = CompletionNetwork().train(), ContextDiscriminator(local, size).train()
        self.opt_cn, self.opt_cd = torch.optim.Adadelta(self.cn.parameters()), torch.optim.Adadelta(self.cd.parameters())
        self.x = torch.rand(batch, 3, size, size)
        self.mask = torch.zeros(batch, 1, size, size)
        self.mask[:, :, size // 4: size // 4 + local // 2, size // 4: size // 4 + local // 2] = 1
        mpv = torch.tensor([0.5, 0.43, 0.39]).view(1, 3, 1, 1)
        self.input = torch.cat([self.x - self.x * self.mask + mpv * self.mask, self.mask], 1)
        self.local, self.size = local, size
        self.fake, self.real = torch.zeros(batch, 1), torch.ones(batch, 1)

    def crop(self, t, offset):
        return t[:, :, offset: offset + self.local, offset: offset + self.local]

    def discriminator_update(self, output_cn, precision):
        fake_global = output_cn.detach()
        with autocast(precision):
            p_fake = self.cd(self.crop(fake_global, self.size // 8), fake_global)
            p_real = self.cd(self.crop(self.x, self.size // 4), self.x)
        loss = (nn.functional.binary_cross_entropy(p_fake.float(), self.fake)
                + nn.functional.binary_cross_entropy(p_real.float(), self.real)) / 2
        loss.backward()
        self.opt_cd.step()
        self.opt_cd.zero_grad()

    def run(self, phase, precision):
        if phase == 1:
            with autocast(precision):
                output = self.cn(self.input)
            loss = nn.functional.mse_loss(output.float() * self.mask, self.x * self.mask)
            loss.backward()
            self.opt_cn.step()
            self.opt_cn.zero_grad()
        elif phase == 2:
            with torch.no_grad(), autocast(precision):
                output = self.cn(self.input)
            self.discriminator_update(output.float(), precision)
        else:
            with autocast(precision):
                output = self.cn(self.input)
            self.discriminator_update(output.float(), precision)
            mse = nn.functional.mse_loss(output.float() * self.mask, self.x * self.mask)
            with autocast(precision):
                p = self.cd(self.crop(output, self.size // 8), output)
            adversarial = nn.functional.binary_cross_entropy(p.float(), self.real)
            ((mse + 4e-4 * adversarial) / 2).backward()
            self.opt_cn.step()
            self.opt_cn.zero_grad()
            self.opt_cd.zero_grad()          # the generator step's gradients in D are not used


def training_workloads(args):
    out = []
    for phase in (1, 2, 3):
        entry = {"phase": phase, "batch": args.batch, "size": 160, "local_size": 96}
        for precision in args.precisions:
            step = Step(args.batch, 160, 96)
            entry[precision] = timed(lambda: step.run(phase, precision), args.warmup, args.steps)
            print(f"training phase {phase} {precision}: median {entry[precision]['median_s']:.2f} s", file=sys.stderr)
        out.append(entry)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="JSON file to write (atomically)")
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2, the suite's machine)")
    parser.add_argument("--repeats", type=int, default=5, help="timed inference runs per workload (median)")
    parser.add_argument("--steps", type=int, default=3, help="timed training steps per phase (median)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before each workload")
    parser.add_argument("--batch", type=int, default=16, help="training batch (default 16)")
    parser.add_argument("--precisions", default="f32,bf16", help="comma-separated: f32, bf16 (autocast)")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--skip-inference", action="store_true")
    args = parser.parse_args()
    args.precisions = [p for p in args.precisions.split(",") if p]
    if any(p not in ("f32", "bf16") for p in args.precisions) or min(args.repeats, args.steps) < 1 or args.warmup < 0:
        parser.error("--precisions takes f32 and/or bf16; --repeats and --steps at least 1; --warmup at least 0")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    result = {
        "torch_version": torch.__version__, "threads": args.threads,
        "onednn": torch.backends.mkldnn.is_available(),
        "measured_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "inference": [] if args.skip_inference else inference_workloads(args),
        "training": [] if args.skip_training else training_workloads(args),
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=1)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
