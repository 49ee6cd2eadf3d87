// Multiscale non-local patch-based inpainting: Newson, Almansa, Gousseau, Pérez, "Non-Local Patch-Based Image
// Inpainting", IPOL 7 (2017) 373–385, doi 10.5201/ipol.2017.189 (the reference's `inpaint_image`, §9 of
// docs/patch-method.md). Coarse to fine: initialise the coarsest level by onion peeling, then at every level repeat
// {nearest-neighbour search, weighted-mean reconstruction} until the hole stops changing, upsample the field to
// the next level; finish with the best-patch pass.
import ImageCore

/// The patch-based inpainter. Deterministic: the same image, mask and parameters (seed included) give the same
/// bytes, whatever the thread count.
public struct PatchInpainter: Sendable {
    public let parameters: Parameters

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    /// The number of levels the automatic rule (§2) gives for a hole mask and patch size.
    public static func automaticLevelCount(mask: Mask, patchSize: Int) -> Int {
        Pyramid.automaticLevelCount(
            hole: BinaryGrid(width: mask.width, height: mask.height, values: mask.isHole),
            patchSize: patchSize)
    }

    /// Inpaints the hole of `mask` (true = hole) in `image`. `progress` is called after each level.
    public func inpaint(_ image: Image, mask: Mask, progress: (LevelReport) -> Void = { _ in }) throws -> InpaintResult {
        try validate(image, mask: mask)
        let start = now()
        let p = parameters
        var levels = makePyramid(image, mask: mask)
        let setup = now() - start
        var reports: [LevelReport] = []
        var field: NearestNeighborField?
        var finest: LevelImage?
        for l in stride(from: levels.count - 1, through: 0, by: -1) {
            var level = LevelImage(level: levels[l], patchSize: p.patchSize, featureWeight: p.featureWeight)
            levels[l] = PyramidLevel(colour: PlanarImage(width: 1, height: 1, planes: []), features: nil, hole: level.hole)
            let report = inpaintLevel(
                &level, index: l, coarsest: l == levels.count - 1,
                fullSize: max(image.width, image.height), field: &field)
            reports.append(report)
            progress(report)
            if l == 0 { finest = level }
        }
        let output = compose(image, mask: mask, level: finest!)
        return InpaintResult(
            image: output,
            report: InpaintReport(
                levels: reports, setupSeconds: setup,
                totalSeconds: now() - start))
    }

    /// Colour in 0–255 units, features, and the pyramids.
    func makePyramid(_ image: Image, mask: Mask) -> [PyramidLevel] {
        let p = parameters
        let hole = BinaryGrid(width: mask.width, height: mask.height, values: mask.isHole)
        let requested = p.levels ?? Pyramid.automaticLevelCount(hole: hole, patchSize: p.patchSize)
        let holes = Pyramid.holes(hole, levels: requested, patchSize: p.patchSize)
        let planes = (0..<image.channels).map { c in
            Array(image.pixels[(c * image.planeSize)..<((c + 1) * image.planeSize)]).map { $0 * 255 }
        }
        let colour = PlanarImage(width: image.width, height: image.height, planes: planes)
        // The reference averages the features over 2^nLevels pixels (§4).
        let features =
            p.useFeatures
            ? TextureFeatures.compute(colour: colour, hole: hole, boxWidth: 1 << holes.count) : nil
        return Pyramid.build(colour: colour, features: features, holes: holes, sigma: p.pyramidSigma)
    }

    /// The input with its hole pixels replaced by the level-0 result (0–255 back to 0–1).
    func compose(_ image: Image, mask: Mask, level: LevelImage) -> Image {
        var out = image
        for c in 0..<image.channels {
            for i in 0..<image.planeSize where mask.isHole[i] {
                out.pixels[c * image.planeSize + i] = min(max(level.pixels[i][c] / 255, 0), 1)
            }
        }
        return out
    }
}
