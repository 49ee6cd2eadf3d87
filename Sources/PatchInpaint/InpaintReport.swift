// What a run did and how long each part took, level by level (for the CLI's timings and the benchmark).
import Dispatch
import ImageCore

/// One pyramid level's work.
public struct LevelReport: Equatable, Sendable {
    /// Level index: 0 is the full resolution.
    public let level: Int
    public let width: Int
    public let height: Int
    /// Hole pixels at this level.
    public let holePixels: Int
    /// Onion-peel layers (coarsest level only, else 0).
    public let initialisationLayers: Int
    /// Search/reconstruct iterations run.
    public let iterations: Int
    /// Residual after each iteration (mean absolute change of the hole, 0–255 units).
    public let residuals: [Float]
    /// Seconds in the onion-peel initialisation or the upsampling and first reconstruction.
    public let initialisationSeconds: Double
    /// Seconds in nearest-neighbour searches (PatchMatch or exact) of the iterations.
    public let searchSeconds: Double
    /// Seconds in reconstructions of the iterations (and the best-patch pass).
    public let reconstructionSeconds: Double
    /// Seconds for the whole level.
    public let totalSeconds: Double
}

/// A whole run.
public struct InpaintReport: Equatable, Sendable {
    /// Levels in the order they ran (coarsest first).
    public let levels: [LevelReport]
    /// Seconds building the pyramids and features.
    public let setupSeconds: Double
    /// Seconds for the whole run.
    public let totalSeconds: Double
}

/// The inpainted image and the report.
public struct InpaintResult: Sendable {
    /// Same size and channels as the input; known pixels are bit-identical to the input.
    public let image: Image
    public let report: InpaintReport
}

/// Monotonic seconds since an arbitrary origin.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
