// Gaussian image pyramid and conservative mask pyramid (docs/patch-method.md §2–§3; paper §2.3, multiscale scheme).
import Foundation

/// Planar float channels of one pyramid level (values in 0–255 units).
struct PlanarImage {
    let width: Int
    let height: Int
    var planes: [[Float]]

    init(width: Int, height: Int, planes: [[Float]]) {
        precondition(planes.allSatisfy { $0.count == width * height }, "PlanarImage: planes do not match \(width)x\(height)")
        self.width = width
        self.height = height
        self.planes = planes
    }

    /// Keeps (2x, 2y) of every plane; the new size is ceil(n / 2).
    func subsampled() -> PlanarImage {
        let w = (width + 1) / 2, h = (height + 1) / 2
        let out = planes.map { plane -> [Float] in
            var o = [Float](repeating: 0, count: w * h)
            for y in 0..<h {
                for x in 0..<w { o[y * w + x] = plane[2 * y * width + 2 * x] }
            }
            return o
        }
        return PlanarImage(width: w, height: h, planes: out)
    }

    /// 3×3 Gaussian blur `exp(−(dx²+dy²)/(2σ²))` normalised by the weights of the known pixels inside the image.
    ///
    /// The reference blurs without a mask, so hole content leaks into coarse levels; here hole pixels get no
    /// weight (what the paper means: the hole is unknown). Known coarse pixels are unchanged by this, since the
    /// conservative mask pyramid only keeps a coarse pixel known when its whole 3×3 footprint is known.
    func blurred(sigma: Float, hole: BinaryGrid) -> PlanarImage {
        var kernel = [Float](repeating: 0, count: 9)
        for j in -1...1 {
            for i in -1...1 {
                let r2 = Float(i * i + j * j)
                kernel[(j + 1) * 3 + i + 1] = expf(-r2 / (2 * sigma * sigma))
            }
        }
        var out = planes
        for y in 0..<height {
            for x in 0..<width {
                var weight: Float = 0
                var sums = [Float](repeating: 0, count: planes.count)
                for j in max(0, y - 1)...min(height - 1, y + 1) {
                    for i in max(0, x - 1)...min(width - 1, x + 1) where !hole.values[j * width + i] {
                        let k = kernel[(j - y + 1) * 3 + i - x + 1]
                        weight += k
                        for c in 0..<planes.count { sums[c] += k * planes[c][j * width + i] }
                    }
                }
                for c in 0..<planes.count { out[c][y * width + x] = weight > 0 ? sums[c] / weight : 0 }
            }
        }
        return PlanarImage(width: width, height: height, planes: out)
    }
}

/// One level of the pyramids before inpainting: colour, features and hole.
struct PyramidLevel {
    var colour: PlanarImage
    var features: PlanarImage?
    var hole: BinaryGrid
}

enum Pyramid {
    /// The reference's automatic level count (§2): nLevels = max(1, floor(log2(2·maxOccDistance / patchSize))).
    static func automaticLevelCount(hole: BinaryGrid, patchSize: Int) -> Int {
        let depth = hole.erosionsToEmpty()
        let ratio = 2 * Double(depth) / Double(patchSize)
        return ratio < 2 ? 1 : max(1, Int((log2(ratio)).rounded(.down)))
    }

    /// The conservative mask pyramid (§3), finest first: mask_l = subsample2(dilate3x3(mask_{l−1})), with up to
    /// `levels` levels; it stops early where a level would be smaller than a patch or have no source patch.
    static func holes(_ hole: BinaryGrid, levels: Int, patchSize: Int) -> [BinaryGrid] {
        var result = [hole]
        while result.count < levels {
            let coarse = result[result.count - 1].dilated(by: 3).subsampled()
            guard coarse.width >= patchSize, coarse.height >= patchSize, !coarse.isFull,
                hasSource(hole: coarse, patchSize: patchSize)
            else { break }
            result.append(coarse)
        }
        return result
    }

    /// The image and feature pyramids over the given mask pyramid, finest first. Features are subsampled
    /// without blur (§4); the image is blurred over known pixels, then subsampled.
    static func build(colour: PlanarImage, features: PlanarImage?, holes: [BinaryGrid], sigma: Float) -> [PyramidLevel] {
        var result = [PyramidLevel(colour: colour, features: features, hole: holes[0])]
        for l in 1..<max(1, holes.count) {
            let fine = result[l - 1]
            result.append(
                PyramidLevel(
                    colour: fine.colour.blurred(sigma: sigma, hole: fine.hole).subsampled(),
                    features: fine.features?.subsampled(), hole: holes[l]))
        }
        return result
    }

    /// Whether some patch lies fully inside the image and fully outside the hole.
    static func hasSource(hole: BinaryGrid, patchSize: Int) -> Bool {
        let dilated = hole.dilated(by: patchSize)
        let h = patchSize / 2
        for y in h..<(hole.height - h) {
            for x in h..<(hole.width - h) where !dilated[x, y] { return true }
        }
        return false
    }
}
