import ArgumentParser
import ComparisonKit
import DeepInpaint
import Foundation
import ImageCore
import Metrics
import NeuralEngine

/// `compare bench train`: median training-step time of each phase, against PyTorch measured on the same
/// machine by tools/pytorch_bench.py (`--pytorch FILE`), and peak memory.
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time training steps of phases 1, 2 and 3 on synthetic images; against PyTorch with --pytorch.",
        discussion: """
            Runs --steps steps of each phase in order (phase 1, then 2, then 3, as a run does) on random images \
            and prints each phase's median step time and the process's peak memory; with --pytorch FILE (written \
            by tools/pytorch_bench.py on this machine, same batch, sizes and widths) also PyTorch's f32 and \
            bf16-autocast medians and the speed ratio against the same precision (PyTorch's time over ours).
            """)

    @Option(help: "Steps timed per phase, after one untimed warm-up step (the median is reported).")
    var steps: Int = 3

    @OptionGroup var shape: TrainingShapeOptions

    @OptionGroup var engineThreads: EngineThreadOptions

    @OptionGroup var precision: TrainingPrecisionOptions

    @OptionGroup var pytorch: PyTorchReferenceOptions

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1") }
        _ = try parameters()
    }

    /// The run's parameters: --steps timed steps per phase after an untimed warm-up step.
    func parameters() throws -> TrainingParameters {
        var p = TrainingParameters()
        p.phaseSteps = [steps + 1, steps + 1, steps + 1]
        shape.apply(to: &p)
        return try validated(p)
    }

    func run() throws {
        let p = try parameters()
        let (batch, size, localSize) = (p.batchSize, p.size, p.localSize)
        var rng = SplitMix64(seed: 1)
        let images = Tensor(
            shape: [batch, 3, size, size], data: (0..<(batch * 3 * size * size)).map { _ in Float.random(in: 0...1, using: &rng) })
        let reference = try pytorch.load()
        let trainer = Trainer(parameters: p, meanPixel: [0.5, 0.43, 0.39])
        trainer.engineOptions = engineThreads.engineOptions
        trainer.networks.precision = precision.resolved()
        var times: [[Double]] = [[], [], []], cpu: [[Double]] = [[], [], []]
        var warmedUp: Set<Int> = []
        while !trainer.isFinished {
            let phase = trainer.phase.rawValue - 1
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = Stopwatch.cpuNow()
            _ = trainer.trainStep(images: images)
            let (wall, used) = (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, Stopwatch.cpuNow() - cpuStart)
            // The phase's first step touches its buffers for the first time (page faults, allocator growth).
            let timed = !warmedUp.insert(phase).inserted
            if timed {
                times[phase].append(wall)
                cpu[phase].append(used)
            }
            printToStandardError(
                String(
                    format: "phase %d step %.3f s (CPU %.3f s)%@", phase + 1, wall, used,
                    timed ? "" : ", warm-up, not timed"))
        }
        let standard = shape.isStandard  // the networks tools/pytorch_bench.py times
        let precisionUsed = trainer.networks.precision
        print(
            "training step, batch \(batch), \(size)x\(size), local \(localSize), width \(p.width), discriminators \(p.discriminators.rawValue) at width \(p.discriminatorWidth), \(precisionUsed) convolutions, \(steps) timed step(s) per phase after a warm-up, OpenBLAS kernels \(blasKernelDescription)"
        )
        print(
            reference.map { "reference: \($0.summary)" }
                ?? "reference: none measured (run tools/pytorch_bench.py and pass --pytorch FILE for ratios)")
        for phase in 0..<3 {
            let median = Statistics.median(times[phase])!, cpuMedian = Statistics.median(cpu[phase])!  // steps ≥ 1
            var line = String(
                format: "phase %d: median %.2f s (%.1f img/s), CPU %.2f s", phase + 1, median, Double(batch) / median, cpuMedian)
            if standard, let ref = reference?.training(phase: phase + 1, batch: batch, size: size, localSize: localSize) {
                let same = precisionUsed == .bf16 ? ref.bf16 : ref.f32
                line +=
                    "; PyTorch f32 \(seconds(ref.f32?.medianSeconds)), bf16 autocast \(seconds(ref.bf16?.medianSeconds)); "
                    + "speed vs PyTorch \(precisionUsed) \(speedRatio(pytorch: same?.medianSeconds, ours: median)) (>1 = faster)"
            }
            print(line)
        }
        print(String(format: "peak memory (max RSS, whole process, phase 3 included): %.2f GB (target < 8 GB)", peakResidentGigabytes()))
    }
}

/// The process's peak resident set size in GB (getrusage; kilobytes on Linux).
func peakResidentGigabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024 / 1e9
    #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1e9
    #endif
}
