import ArgumentParser
import DeepInpaint
import Foundation
import Metrics
import NeuralEngine

// Option groups that several commands share, so that an option means the same, is checked the same and reads
// the same in every `--help` that has it.

/// `--threads N`: the cores of the neural engine (compare train, compare fid, the network benchmarks).
struct EngineThreadOptions: ParsableArguments {
    @Option(
        help:
            "Cores the neural engine uses (default: all online processors); 1 lets several runs share a machine without waiting on each other."
    )
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// The engine settings for --threads, every other one at its default.
    var engineOptions: EngineOptions { threads.map { EngineOptions(threads: $0) } ?? EngineOptions() }
}

/// `--precision f32|bf16` of the commands that run a network for inference (default f32, PyTorch parity).
struct InferencePrecisionOptions: ParsableArguments {
    @Option(name: .customLong("precision"), help: precisionHelp(training: false))
    var requested: ComputePrecision = .f32

    /// The precision that runs: bf16 becomes f32, with a notice, on a CPU without AVX512_BF16.
    func resolved() -> ComputePrecision { resolvedPrecision(requested, training: false) }
}

/// `--precision f32|bf16` of the commands that train (default: the checkpoint's with --resume, else bf16
/// where the CPU has it).
struct TrainingPrecisionOptions: ParsableArguments {
    @Option(name: .customLong("precision"), help: precisionHelp(training: true))
    var requested: ComputePrecision?

    /// The precision that runs (see `resolvedPrecision`).
    func resolved() -> ComputePrecision { resolvedPrecision(requested, training: true) }
}

/// `--pytorch FILE`: PyTorch's timings of the same workloads from tools/pytorch_bench.py (compare bench iizuka,
/// compare bench train).
struct PyTorchReferenceOptions: ParsableArguments {
    @Option(
        name: .customLong("pytorch"),
        help: ArgumentHelp(
            "PyTorch timings of the same workloads, measured on this machine by tools/pytorch_bench.py (JSON): adds PyTorch's times and the speed ratios.",
            valueName: "file"))
    var file: String?

    /// The reference file, read and checked; nil without --pytorch.
    func load() throws -> PyTorchReference? { try file.map(PyTorchReference.load) }
}

/// `--fid-weights FILE`: the FID network's weights (compare fid, compare run, compare bench fid).
struct FIDWeightsOptions: ParsableArguments {
    @Option(
        name: .customLong("fid-weights"),
        help: ArgumentHelp(
            "FID network weights (TorchScript inception-2015-12-05-fid.pt); default: $\(FIDWeights.environmentVariable), else the cache (see `compare fid --help`).",
            valueName: "FILE"))
    var path: String?

    /// --fid-weights, else the environment variable, else the cache, else the development copy.
    func locate() throws -> URL { try FIDWeights.locate(explicit: path) }
}

/// The shape of a training run: batch, crop sizes, widths and discriminators (compare train, compare bench train).
struct TrainingShapeOptions: ParsableArguments {
    // Optional so that `compare train --resume` can tell a setting given from one left out (the run's then);
    // the defaults shown are TrainingParameters'.
    @Option(help: "Images per step. (default: 16)")
    var batch: Int?

    @Option(help: "Side of the square training crops (multiple of 32). (default: 160)")
    var size: Int?

    @Option(
        name: .customLong("local-size"),
        help: "Side of the local discriminator's window; holes are half to all of it per side. (default: 96)")
    var localSize: Int?

    @Option(
        help: "Channel-width multiplier of the completion network (1 = the paper's widths; the discriminators keep theirs). (default: 1.0)")
    var width: Double?

    @Option(
        name: .customLong("discriminator-width"),
        help: "Channel-width multiplier of the discriminators' convolutions (1 = the paper's). (default: 1.0)")
    var discriminatorWidth: Double?

    @Option(help: "Discriminators of phases 2 and 3 (both: the paper's, with the joint head). (default: both)")
    var discriminators: DiscriminatorChoice?

    /// Sets the fields of `p` that were given.
    func apply(to p: inout TrainingParameters) {
        if let batch { p.batchSize = batch }
        if let size { p.size = size }
        if let localSize { p.localSize = localSize }
        if let width { p.width = width }
        if let discriminatorWidth { p.discriminatorWidth = discriminatorWidth }
        if let discriminators { p.discriminators = discriminators }
    }

    /// Whether the networks are the paper's (the ones tools/pytorch_bench.py times).
    var isStandard: Bool {
        var p = TrainingParameters()
        apply(to: &p)
        return p.width == 1 && p.discriminatorWidth == 1 && p.discriminators == .both
    }
}

/// `p` checked, with its problem as a usage error.
func validated(_ p: TrainingParameters) throws -> TrainingParameters {
    do { try p.validate() } catch let e as TrainingError { throw ValidationError(e.description) }
    return p
}
