// How the engine runs a layer: the settings that used to be process-wide statics (`EngineThreads.cores`,
// `EngineMemory.im2colBudget`, `Conv2d.useShiftedGEMM`), now a value each layer holds and its callers set
// (issue 12). Networks set one value for all their layers (`engineOptions` in DeepInpaint and Metrics); a
// layer nobody configures runs with the defaults, which are the engine's tuned behaviour.
import Parallelism

/// The engine settings of a layer (or a network's layers): thread count, convolution lowering, work budget.
/// None of them changes a result in inference; `threads` sets how many partial weight gradients a
/// convolution's backward sums, so training is reproducible for a fixed `threads` (as in PyTorch).
public struct EngineOptions: Sendable, Hashable, CustomStringConvertible {
    /// How `Conv2d` lowers a convolution to GEMMs.
    public enum ConvolutionLowering: String, Sendable, Hashable, CaseIterable {
        /// The fastest lowering per geometry: shifted GEMMs over the padded input where they apply
        /// (ShiftedConvolution.swift), a direct loop for ≤ 4 output channels, row-tiled im2col otherwise.
        case automatic
        /// Row-tiled im2col (and the direct loop) only: the shifted-GEMM path off, for benchmarks.
        case im2col
    }

    /// Largest work tile (im2col columns, padded input band) per worker thread by default, in floats: 1 Mi
    /// floats (4 MiB) measured best for GLCIC's layers with `compare bench engine --im2col-budget` (tiles stay
    /// near the caches, GEMMs stay wide), and it bounds the work memory for any image size.
    public static let defaultIm2colBudget = 1 << 20

    /// Threads the layer spreads its work over (≥ 1; default: all the suite's cores, `defaultThreadCount`).
    public let threads: Int
    /// The convolution lowering (default `.automatic`).
    public let lowering: ConvolutionLowering
    /// Work tile per thread in floats (≥ 1; default `defaultIm2colBudget`).
    public let im2colBudget: Int

    /// Options with every setting at its default unless given; `threads` and `im2colBudget` are raised to 1.
    public init(
        threads: Int = defaultThreadCount, lowering: ConvolutionLowering = .automatic,
        im2colBudget: Int = EngineOptions.defaultIm2colBudget
    ) {
        self.threads = max(1, threads)
        self.lowering = lowering
        self.im2colBudget = max(1, im2colBudget)
    }

    /// Whether `Conv2d` may take the shifted-GEMM lowering.
    var allowsShiftedGEMM: Bool { lowering == .automatic }

    public var description: String {
        "\(threads) thread\(threads == 1 ? "" : "s"), \(lowering.rawValue) lowering, im2col budget \(im2colBudget)"
    }
}
