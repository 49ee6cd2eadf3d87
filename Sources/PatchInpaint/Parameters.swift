// Tunables of the patch-based inpainter (Newson, Almansa, Gousseau, Pérez, IPOL 2017, doi 10.5201/ipol.2017.189).
// Defaults are those of the authors' reference code (see docs/patch-method.md §1).
import ImageCore

/// Parameters of `PatchInpainter`. Immutable; the algorithm never changes them.
public struct Parameters: Equatable, Sendable {
    /// Side of the square patches, odd (reference `patchSizeX = patchSizeY = 7`).
    public var patchSize: Int = 7
    /// Number of pyramid levels; nil = automatic from the hole's depth (reference `nLevels = -1`, §2).
    public var levels: Int? = nil
    /// Use the texture features (averaged absolute gradients) in the patch distance (reference `useFeatures = 1`).
    public var useFeatures: Bool = true
    /// Weight λ of the texture features in the patch distance (reference `beta = 50`, hard-coded there).
    public var featureWeight: Float = 50
    /// PatchMatch iterations per nearest-neighbour search (reference `patchMatchParams->nIters = 10`).
    public var patchMatchIterations: Int = 10
    /// Largest random-search radius in full-resolution pixels; nil = max(width, height) (reference `w`).
    public var searchRadius: Int? = nil
    /// Shrink factor of the random-search radius (reference `alpha = 0.5`).
    public var radiusShrink: Float = 0.5
    /// Stop a level's search/reconstruct loop when the mean absolute change of the hole (0–255 units) falls
    /// below this (reference `residualThreshold = 0.1`).
    public var residualThreshold: Float = 0.1
    /// At most this many search/reconstruct iterations per level (reference `maxIterations = 10`).
    public var maxIterations: Int = 10
    /// Percentile of the window's patch distances used as σ² of the reconstruction weights
    /// (reference `SIGMA_COLOUR = 75`).
    public var sigmaPercentile: Float = 75
    /// Smallest σ of the reconstruction weights (reference `get_adaptive_sigma`, 0.1).
    public var minimumSigma: Float = 0.1
    /// Standard deviation of the 3×3 Gaussian of the image pyramid (reference `sigmaFilter = 1.5`).
    public var pyramidSigma: Float = 1.5
    /// Finish the finest level with the best-patch pass (reference `reconstruct_image(..., BEST_PATCH)`);
    /// false keeps the weighted mean.
    public var bestPatchFinalPass: Bool = true
    /// Replace PatchMatch by the exact FFT search at the coarsest level (not in the reference; off by default).
    public var exactNearestNeighbors: Bool = false
    /// Seed of the only random generator (reference `srand(3)`).
    public var seed: UInt64 = 3
    /// Worker threads; results do not depend on it (default: the online cores).
    public var threads: Int = defaultThreadCount

    /// The reference defaults.
    public init() {}
}
