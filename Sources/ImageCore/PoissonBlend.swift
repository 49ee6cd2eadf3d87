// Poisson blending (Pérez, Gangnet & Blake, "Poisson Image Editing", SIGGRAPH 2003,
// doi:10.1145/1201775.882269), the post-processing of Iizuka et al. 2017 (docs/network-and-training.md §4.2):
// inside the hole, find f whose discrete Laplacian equals the source's, with f = destination on the known
// pixels around it.
//
// For a hole pixel p with in-image 4-neighbours N(p) (neighbours outside the image are absent, i.e. a
// Neumann condition at the image border), the equation is
//     |N(p)| f_p − Σ_{q ∈ N(p), hole} f_q = Σ_{q ∈ N(p), known} dst_q + Σ_{q ∈ N(p)} (src_p − src_q),
// a symmetric positive-definite system (as long as one pixel is known) solved per channel by conjugate
// gradients preconditioned with a multigrid V-cycle (PoissonMultigrid.swift).

/// Tunables of `poissonBlend`.
public struct PoissonBlendParameters: Sendable {
    /// Stop when ‖residual‖₂ ≤ tolerance · ‖right-hand side‖₂ (1e-7 leaves errors far below one 8-bit level).
    public var relativeTolerance: Double = 1e-7
    /// Upper bound on conjugate-gradient iterations per channel (multigrid-preconditioned CG needs about 15).
    public var maximumIterations: Int = 500
    /// Clamp the blended hole pixels to [0, 1] (as OpenCV's seamlessClone saturates to 8 bits).
    public var clampToUnitRange: Bool = true
    /// Threads over the colour channels (each channel is an independent system).
    public var threads: Int = 1

    public init(
        relativeTolerance: Double = 1e-7, maximumIterations: Int = 500, clampToUnitRange: Bool = true,
        threads: Int = 1
    ) {
        self.relativeTolerance = relativeTolerance
        self.maximumIterations = maximumIterations
        self.clampToUnitRange = clampToUnitRange
        self.threads = threads
    }
}

/// Blends `source` into `destination` over the hole of `mask`: the hole takes the source's gradients and the
/// destination's values at its border; known pixels are copied from `destination` unchanged (bit for bit).
/// `source` is typically the raw network output, `destination` the image whose known pixels are trusted.
/// A mask without known pixels leaves the source as it is (the problem has no boundary).
public func poissonBlend(
    source: Image, destination: Image, mask: Mask,
    parameters: PoissonBlendParameters = PoissonBlendParameters()
) -> Image {
    precondition(
        source.width == destination.width && source.height == destination.height
            && source.channels == destination.channels,
        "poissonBlend: source \(source.width)x\(source.height)x\(source.channels) vs destination \(destination.width)x\(destination.height)x\(destination.channels)"
    )
    precondition(
        mask.width == source.width && mask.height == source.height,
        "poissonBlend: mask \(mask.width)x\(mask.height) vs image \(source.width)x\(source.height)")
    let system = PoissonSystem(mask: mask)
    if system.unknowns == 0 { return destination }
    if system.unknowns == mask.width * mask.height { return source }
    var output = destination
    let plane = source.planeSize
    var solutions = [[Double]](repeating: [], count: source.channels)
    solutions.withUnsafeMutableBufferPointer { results in
        parallelFor(source.channels, threads: parameters.threads) { c in
            let src = Array(source.pixels[c * plane..<(c + 1) * plane])
            let dst = Array(destination.pixels[c * plane..<(c + 1) * plane])
            let rhs = system.rightHandSide(source: src, destination: dst)
            let start = system.pixel.map { Double(src[$0]) }
            results[c] = system.solve(rhs, start: start, parameters: parameters).x
        }
    }
    for c in 0..<source.channels {
        for (k, p) in system.pixel.enumerated() {
            let v = Float(solutions[c][k])
            output.pixels[c * plane + p] = parameters.clampToUnitRange ? min(max(v, 0), 1) : v
        }
    }
    return output
}
