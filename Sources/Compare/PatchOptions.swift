import ArgumentParser
import ImageCore
import PatchInpaint

/// Every field of `PatchInpaint.Parameters` as a flag (shared by `compare patch` and `compare bench patch`).
struct PatchParameterOptions: ParsableArguments {
    @Option(help: "Seed of the only random generator (the reference's srand(3)).")
    var seed: UInt64 = 3

    @Option(help: "Worker threads (default: all online cores); the output does not depend on it.")
    var threads: Int?

    @Option(help: "Patch side, odd.")
    var patchSize = 7

    @Option(help: "Pyramid levels: auto (from the hole's depth) or a number ≥ 1.")
    var levels: PatchLevels = .auto

    @Flag(help: "Leave the texture features out of the patch distance.")
    var noFeatures = false

    @Option(help: "Weight λ of the texture features in the patch distance.")
    var featureWeight: Float = 50

    @Option(help: "PatchMatch iterations per nearest-neighbour search.")
    var patchMatchIterations = 10

    @Option(help: "Largest random-search radius in full-resolution pixels (default: the image's largest side).")
    var searchRadius: Int?

    @Option(help: "Shrink factor of the random-search radius.")
    var radiusShrink: Float = 0.5

    @Option(help: "Stop a level's iterations when the hole changes by less than this (mean, 0–255 units).")
    var residualThreshold: Float = 0.1

    @Option(help: "Most search/reconstruct iterations per level.")
    var maxIterations = 10

    @Option(help: "Percentile of the window's patch distances used as σ² of the reconstruction weights.")
    var sigmaPercentile: Float = 75

    @Option(help: "Smallest σ of the reconstruction weights.")
    var minimumSigma: Float = 0.1

    @Option(help: "σ of the 3×3 Gaussian of the image pyramid.")
    var pyramidSigma: Float = 1.5

    @Flag(help: "Keep the weighted mean at the finest level instead of the final best-patch pass.")
    var noBestPatch = false

    @Flag(help: "Exact FFT nearest-neighbour search instead of PatchMatch at the coarsest level.")
    var exactNN = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
        if patchSize < 3 || patchSize % 2 == 0 {
            throw ValidationError("--patch-size must be odd and ≥ 3, got \(patchSize)")
        }
    }

    /// The inpainter's parameters.
    var parameters: Parameters {
        var p = Parameters()
        p.seed = seed
        p.threads = threads ?? defaultThreadCount
        p.patchSize = patchSize
        p.levels = levels.requested
        p.useFeatures = !noFeatures
        p.featureWeight = featureWeight
        p.patchMatchIterations = patchMatchIterations
        p.searchRadius = searchRadius
        p.radiusShrink = radiusShrink
        p.residualThreshold = residualThreshold
        p.maxIterations = maxIterations
        p.sigmaPercentile = sigmaPercentile
        p.minimumSigma = minimumSigma
        p.pyramidSigma = pyramidSigma
        p.bestPatchFinalPass = !noBestPatch
        p.exactNearestNeighbors = exactNN
        return p
    }
}

/// One line per level for stderr: size, iterations and the time of each stage.
func patchLevelLine(_ r: LevelReport, verbose: Bool) -> String {
    var line = String(
        format: "level %d  %4dx%-4d hole %7d px  %@%2d iterations  init %.3f s  search %.3f s  reconstruct %.3f s  total %.3f s",
        r.level, r.width, r.height, r.holePixels,
        (r.initialisationLayers > 0 ? "onion \(r.initialisationLayers) layers, " : "") as NSString,
        r.iterations, r.initialisationSeconds, r.searchSeconds, r.reconstructionSeconds, r.totalSeconds)
    if verbose { line += "  residuals " + r.residuals.map { String(format: "%.3f", $0) }.joined(separator: " ") }
    return line
}

import Foundation
