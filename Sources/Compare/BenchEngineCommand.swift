import ArgumentParser
import Foundation
import ImageCore
import NeuralEngine

/// `compare bench engine`: sgemm GFLOP/s and per-layer inference times of the GLCIC completion network's
/// layer stack (random weights) on the neural engine.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure sgemm GFLOP/s and per-layer times of the completion network's layers (random weights).")

    @Option(help: "Input side in pixels (a multiple of 4).")
    var size = 160

    @Option(help: "Batch size.")
    var batch = 1

    @Option(help: "Timed repetitions (the best is reported).")
    var repeats = 5

    @Option(help: "Side of the square sgemm benchmark (0 skips it).")
    var gemmSize = 1024

    @OptionGroup var engineThreads: EngineThreadOptions

    @Option(help: "im2col tile budget in floats (default: the engine's).")
    var im2colBudget: Int?

    @Flag(help: "Lower every convolution by im2col (disables the shifted-GEMM path), for comparison.")
    var im2colOnly = false

    @OptionGroup var precision: InferencePrecisionOptions

    @Flag(help: "Also time one training step's forward and backward through the layer stack.")
    var backward = false

    func validate() throws {
        guard size > 0, size % 4 == 0 else { throw ValidationError("--size must be a positive multiple of 4, got \(size)") }
        guard batch > 0, repeats > 0, gemmSize >= 0 else { throw ValidationError("--batch and --repeats must be positive") }
    }

    func run() throws {
        let engine = EngineOptions(
            threads: engineThreads.threads ?? defaultThreadCount, lowering: im2colOnly ? .im2col : .automatic,
            im2colBudget: im2colBudget ?? EngineOptions.defaultIm2colBudget)
        if gemmSize > 0 { benchGemm(gemmSize, threads: engine.threads) }
        let effective = precision.resolved()
        let stack = BenchStack(seed: 1, precision: effective, engine: engine)
        var rng = SplitMix64(seed: 7)
        let x = Tensor.uniform([batch, 4, size, size], bound: 1, using: &rng)
        var best = [Double](repeating: .infinity, count: stack.blocks.count), bestLayerCPU = best
        var bestTotal = Double.infinity, bestCPU = Double.infinity
        for _ in 0..<repeats {
            let cpu0 = Stopwatch.cpuNow()
            let (times, cpu, total) = stack.timedInference(x)
            for i in cpu.indices { bestLayerCPU[i] = min(bestLayerCPU[i], cpu[i]) }
            bestCPU = min(bestCPU, Stopwatch.cpuNow() - cpu0)
            for i in times.indices { best[i] = min(best[i], times[i]) }
            bestTotal = min(bestTotal, total)
        }
        let scale = Double(batch) * Double(size * size) / (160.0 * 160.0)
        print(
            "completion-network layers, batch \(batch), \(size)×\(size), \(engine.threads) cores, \(effective) convolutions, best of \(repeats), OpenBLAS kernels \(blasKernelDescription):"
        )
        print("  layer        wall ms   GFLOP/s   CPU ms   GFLOP/CPU-s")
        for (i, block) in stack.blocks.enumerated() {
            let gflop = 2 * block.mmac * scale / 1000
            print(
                String(
                    format: "  %-9@ %9.2f %9.1f %8.2f %9.1f", block.name as NSString, best[i] * 1e3, gflop / best[i],
                    bestLayerCPU[i] * 1e3, gflop / bestLayerCPU[i]))
        }
        let total = 2 * stack.blocks.reduce(0) { $0 + $1.mmac } * scale / 1000
        print(
            String(
                format: "  total     %8.2f ms  %6.1f GFLOP/s (%.2f GFLOP); process CPU time %.2f ms",
                bestTotal * 1e3, total / bestTotal, total, bestCPU * 1e3))
        if backward {
            let c0 = Stopwatch.cpuNow()
            let t = stack.timedTrainingStep(x)
            print(
                String(
                    format: "training step (forward with caches + backward): forward %.2f s, backward %.2f s; CPU time %.2f s",
                    t.0, t.1, Stopwatch.cpuNow() - c0))
            print(
                String(
                    format: "  CPU s: conv forward %.2f, elementwise forward %.2f, conv backward %.2f, elementwise backward %.2f",
                    t.2[0], t.2[1], t.2[2], t.2[3]))
        }
    }

    private func benchGemm(_ n: Int, threads: Int) {
        var a = [Float](repeating: 0, count: n * n), b = a, c = a
        var rng = SplitMix64(seed: 3)
        for i in 0..<(n * n) { a[i] = Float.random(in: -1..<1, using: &rng); b[i] = Float.random(in: -1..<1, using: &rng) }
        let flop = 2 * Double(n) * Double(n) * Double(n)
        func time(threads: Int) -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                sgemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, beta: 0, c: &c, ldc: n, threads: threads)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
            }
            return best
        }
        let multi = time(threads: threads)
        let single = time(threads: 1)
        print(
            String(
                format: "sgemm %d³: %.1f GFLOP/s on %d threads, %.1f GFLOP/s on 1 thread",
                n, flop / multi / 1e9, threads, flop / single / 1e9))
    }
}
