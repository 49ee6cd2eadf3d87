// Checks of the user's input and parameters before any work, as clear errors.
import ImageCore

extension PatchInpainter {
    /// Most pixels of one image (4096²): the working memory grows with the area, about 57 MB at 512².
    public static let maxPixels = 4096 * 4096

    /// Throws a `PatchInpaintError` when the parameters, the image or the mask cannot be used.
    func validate(_ image: Image, mask: Mask) throws {
        let p = parameters
        func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws {
            if !ok { throw PatchInpaintError.invalidParameter(name: name, value: "\(value)", expected: expected) }
        }
        try check(p.patchSize >= 3 && p.patchSize % 2 == 1, "patch size", p.patchSize, "an odd number ≥ 3")
        try check(p.levels.map { $0 >= 1 } ?? true, "levels", p.levels ?? 0, "≥ 1 or automatic")
        try check(p.patchMatchIterations >= 1, "PatchMatch iterations", p.patchMatchIterations, "≥ 1")
        try check(p.maxIterations >= 1, "max iterations", p.maxIterations, "≥ 1")
        try check(p.searchRadius.map { $0 >= 1 } ?? true, "search radius", p.searchRadius ?? 0, "≥ 1")
        try check(p.radiusShrink > 0 && p.radiusShrink < 1, "radius shrink", p.radiusShrink, "in (0, 1)")
        try check(p.sigmaPercentile >= 0 && p.sigmaPercentile <= 100, "sigma percentile", p.sigmaPercentile, "in [0, 100]")
        try check(p.minimumSigma > 0, "minimum sigma", p.minimumSigma, "> 0")
        try check(p.pyramidSigma > 0, "pyramid sigma", p.pyramidSigma, "> 0")
        try check(p.featureWeight >= 0, "feature weight", p.featureWeight, "≥ 0")
        try check(p.residualThreshold >= 0, "residual threshold", p.residualThreshold, "≥ 0")
        try check(p.threads >= 1, "threads", p.threads, "≥ 1")
        guard image.channels == 1 || image.channels == 3 else { throw PatchInpaintError.unsupportedChannels(image.channels) }
        guard image.width * image.height <= PatchInpainter.maxPixels else {
            throw PatchInpaintError.imageTooLarge(width: image.width, height: image.height)
        }
        guard image.width == mask.width, image.height == mask.height else {
            throw PatchInpaintError.sizeMismatch(
                imageWidth: image.width, imageHeight: image.height,
                maskWidth: mask.width, maskHeight: mask.height)
        }
        guard image.width >= p.patchSize, image.height >= p.patchSize else {
            throw PatchInpaintError.imageSmallerThanPatch(width: image.width, height: image.height, patchSize: p.patchSize)
        }
        guard mask.isHole.contains(true) else { throw PatchInpaintError.emptyMask }
        guard mask.isHole.contains(false) else { throw PatchInpaintError.fullMask }
        let hole = BinaryGrid(width: mask.width, height: mask.height, values: mask.isHole)
        guard Pyramid.hasSource(hole: hole, patchSize: p.patchSize) else {
            throw PatchInpaintError.noSourcePatch(patchSize: p.patchSize)
        }
    }
}
