import ArgumentParser
import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine

/// `compare bench iizuka`: eval-mode inference time of the completion network, against PyTorch measured on
/// the same machine by tools/pytorch_bench.py (`--pytorch FILE`), and peak memory at 1024×1024.
struct BenchIizukaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iizuka",
        abstract: "Time the completion network's inference (random weights), against PyTorch with --pytorch.",
        discussion: """
            Workloads: batch 1 at 160², 256², 512² and batch 16 at 160² (median of --repeats runs after one warm-up), \
            GFLOP/s from 25.43 GFLOP per 160×160 image scaled by area, and a 1024×1024 run whose peak resident \
            memory is reported (measured first, so that the process peak belongs to it). The process CPU time per \
            run is shown too: on a busy machine GFLOP per CPU-second is the steadier figure. With --pytorch FILE \
            (written by tools/pytorch_bench.py on this machine) each workload shows PyTorch's f32 and bf16-autocast \
            medians and the speed ratio against the same precision (PyTorch's time over ours: above 1 = faster).
            """)

    @Option(help: "Timed runs per workload (the median is reported).")
    var repeats = 3

    @OptionGroup var engineThreads: EngineThreadOptions

    @OptionGroup var precision: InferencePrecisionOptions

    @OptionGroup var pytorch: PyTorchReferenceOptions

    @Flag(help: "Skip the 1024×1024 memory check.")
    var skipMemory = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    /// (batch, side) of the timed workloads (tools/pytorch_bench.py runs the same).
    static let workloads: [(batch: Int, side: Int)] = [(1, 160), (1, 256), (1, 512), (16, 160)]

    func run() throws {
        let network = CompletionNetwork()
        network.engineOptions = engineThreads.engineOptions
        var rng = SplitMix64(seed: 1)
        network.resetParameters(using: &rng)
        network.training = false
        network.precision = precision.resolved()
        let reference = try pytorch.load()
        print(
            "completion network, eval mode, random weights, \(network.engineOptions.threads) cores, \(network.precision) convolutions, OpenBLAS kernels \(blasKernelDescription)"
        )
        print(
            reference.map { "reference: \($0.summary)" }
                ?? "reference: none measured (run tools/pytorch_bench.py and pass --pytorch FILE for ratios)")
        if !skipMemory {
            let x = input(batch: 1, side: 1024, &rng)
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = network.inference(x)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            print(String(format: "1024×1024, batch 1: %.2f s, peak resident memory %.2f GB (target ≤ 4 GB)", seconds, peakResidentGB()))
        }
        print(
            "workload         median   best     GFLOP/s   CPU s  GFLOP/CPU-s  PyTorch f32  PyTorch bf16  speed vs PyTorch \(network.precision)"
        )
        for w in Self.workloads {
            let x = input(batch: w.batch, side: w.side, &rng)
            _ = network.inference(x)  // warm-up (buffers, OpenBLAS threads)
            var times: [Double] = [], cpuTimes: [Double] = []
            for r in 0..<repeats {
                printToStandardError("  batch \(w.batch) at \(w.side)²: run \(r + 1)/\(repeats)")
                let t0 = DispatchTime.now().uptimeNanoseconds, c0 = Stopwatch.cpuNow()
                _ = network.inference(x)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                cpuTimes.append(Stopwatch.cpuNow() - c0)
            }
            let median = times.sorted()[times.count / 2], cpu = cpuTimes.sorted()[cpuTimes.count / 2]
            let gflop = 2 * Double(CompletionNetwork.multiplyAccumulates(height: w.side, width: w.side).reduce(0, +) * w.batch) / 1e9
            let ref = reference?.inference(batch: w.batch, side: w.side)
            let same = network.precision == .bf16 ? ref?.bf16 : ref?.f32
            print(
                String(
                    format: "b%-2d %4d×%-4d %7.3f s %7.3f s %7.1f %7.3f %9.1f   %@ %@ %@", w.batch, w.side, w.side, median,
                    times.min()!, gflop / median, cpu, gflop / cpu,
                    seconds(ref?.f32?.medianSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                    seconds(ref?.bf16?.medianSeconds).padding(toLength: 13, withPad: " ", startingAt: 0),
                    speedRatio(pytorch: same?.medianSeconds, ours: median)))
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
        getrusage(rusageSelf, &usage)
        return Double(usage.ru_maxrss) * 1024 / 1e9
    }
}

#if os(Linux)
    private let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
    private let rusageSelf = RUSAGE_SELF
#endif
