import ArgumentParser
import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine

/// `compare bench iizuka`: eval-mode inference time of the completion network against PyTorch's figures
/// (glcic.md: PyTorch 2.15, oneDNN, 2 threads, on the reference machine), and peak memory at 1024×1024.
struct BenchIizukaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iizuka",
        abstract: "Time the completion network's inference (random weights) against PyTorch's figures.",
        discussion: """
        Workloads: batch 1 at 160², 256², 512² and batch 16 at 160² (median of --repeats runs after one warm-up), \
        GFLOP/s from 25.43 GFLOP per 160×160 image scaled by area, and a 1024×1024 run whose peak resident \
        memory is reported (measured first, so that the process peak belongs to it). The process CPU time per \
        run is shown too: on a busy machine GFLOP per CPU-second is the steadier figure (PyTorch's 143 ms at \
        160² on 2 threads is about 89 GFLOP/CPU-s).
        """)

    @Option(help: "Timed runs per workload (the median is reported).")
    var repeats = 3

    @Option(help: "Cores the engine uses (default: all online processors).")
    var threads: Int?

    @Flag(help: "Skip the 1024×1024 memory check.")
    var skipMemory = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    /// (batch, side, PyTorch median seconds).
    static let workloads: [(batch: Int, side: Int, pytorch: Double)] = [(1, 160, 0.143), (1, 256, 0.397), (1, 512, 1.84), (16, 160, 2.94)]

    func run() throws {
        if let threads { EngineThreads.cores = max(1, threads) }
        let network = CompletionNetwork()
        var rng = SplitMix64(seed: 1)
        network.resetParameters(using: &rng)
        network.training = false
        print("completion network, eval mode, random weights, \(EngineThreads.cores) cores, OpenBLAS kernels \(blasKernelDescription)")
        if !skipMemory {
            let x = input(batch: 1, side: 1024, &rng)
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = network.inference(x)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            print(String(format: "1024×1024, batch 1: %.2f s, peak resident memory %.2f GB (target ≤ 4 GB)", seconds, peakResidentGB()))
        }
        print("workload          median     GFLOP/s   PyTorch   speed vs PyTorch   CPU s   GFLOP/CPU-s")
        for w in Self.workloads {
            let x = input(batch: w.batch, side: w.side, &rng)
            _ = network.inference(x)                       // warm-up (buffers, OpenBLAS threads)
            var times: [Double] = [], cpuTimes: [Double] = []
            for r in 0..<repeats {
                FileHandle.standardError.write(Data("  batch \(w.batch) at \(w.side)²: run \(r + 1)/\(repeats)\n".utf8))
                let t0 = DispatchTime.now().uptimeNanoseconds, c0 = processCPUSeconds()
                _ = network.inference(x)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                cpuTimes.append(processCPUSeconds() - c0)
            }
            let median = times.sorted()[times.count / 2], cpu = cpuTimes.sorted()[cpuTimes.count / 2]
            let gflop = 25.43 * Double(w.batch) * Double(w.side * w.side) / (160 * 160)
            print(String(format: "b%-2d %4d×%-4d %9.3f s %9.1f %8.3f s %10.2f× %9.3f %9.1f", w.batch, w.side, w.side, median,
                         gflop / median, w.pytorch, w.pytorch / median, cpu, gflop / cpu))
        }
    }

    private func input(batch: Int, side: Int, _ rng: inout SplitMix64) -> Tensor {
        var x = Tensor.uniform([batch, 4, side, side], bound: 1, using: &rng)
        for i in x.data.indices { x.data[i] = abs(x.data[i]) }
        return x
    }

    /// The process's peak resident set size (getrusage, kilobytes on Linux), in GB.
    private func peakResidentGB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        return Double(usage.ru_maxrss) * 1024 / 1e9
    }
}

#if os(Linux)
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif
