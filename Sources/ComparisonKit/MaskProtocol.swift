// The built-in hole protocols (the evaluation protocol's "Masks", README.md "Holes") and LaMa's three
// random families (docs/methods-and-masks.md). Sizes are given at 160×160 (LaMa's at 256×256) and scale with the
// image's short side, so `--size 256` keeps the same proportions.
// Every mask comes from a generator seeded by the run's seed and the image's file name only, so that every
// method, every machine, every `--limit` and every `--shard` sees the same hole for the same image.

import ImageCore

/// A named rule that draws one hole mask per image.
public enum MaskProtocol: String, CaseIterable, Codable, Sendable {
    /// One axis-aligned rectangle, width and height each uniform in 48...96 px at 160×160 (seed review's
    /// training and ablation protocol; 9–36 % of the image).
    case rect48to96 = "rect48-96"
    /// One rectangle of area uniform in 2.5–25 % of the image, aspect ratio log-uniform in [1/2, 2]
    /// (seed review's method-comparison and channel-ablation table).
    case occlusion2p5to25 = "occl2.5-25"
    /// 1–5 rectangles of 24...48 px each, anywhere, possibly overlapping (otenim predict.py).
    case multi24to48 = "multi24-48"
    /// Random thick brush strokes covering 10–40 % of the image (free-form holes).
    case strokes
    /// LaMa's `thin` family: 4–50 thin strokes (LaMaMaskFamily; sizes from 256×256, hole ≤ 50 %).
    case thin
    /// LaMa's `medium` family: 4–5 strokes of medium width, or 1–5 small boxes.
    case medium
    /// LaMa's `thick` family: 1–5 wide strokes, or 1–3 large boxes.
    case thick

    /// Parses a protocol name as the CLI spells it.
    public init(parsing name: String) throws {
        guard let value = MaskProtocol(rawValue: name) else { throw ComparisonError.unknownProtocol(name) }
        self = value
    }

    /// One-line description for help texts and reports.
    public var summary: String {
        switch self {
        case .rect48to96: return "one rectangle, sides uniform in 48–96 px at 160×160"
        case .occlusion2p5to25: return "one rectangle, area 2.5–25 % of the image, aspect 1:2–2:1"
        case .multi24to48: return "1–5 rectangles of 24–48 px, possibly overlapping"
        case .strokes: return "random brush strokes covering 10–40 %"
        case .thin: return "LaMa thin: 4–50 strokes 5–14 px wide at 256², hole ≤ 50 %"
        case .medium: return "LaMa medium: 4–5 strokes 5–54 px wide or 1–5 boxes of 10–50 px at 256², hole ≤ 50 %"
        case .thick: return "LaMa thick: 1–5 strokes 5–104 px wide or 1–3 boxes of 30–150 px at 256², hole ≤ 50 %"
        }
    }

    /// The mask of image `name` in a run with `seed`, at `width`×`height`.
    public func mask(width: Int, height: Int, seed: UInt64, imageName: String) -> Mask {
        var rng = SplitMix64(seed: MaskProtocol.imageSeed(runSeed: seed, imageName: imageName))
        return mask(width: width, height: height, using: &rng)
    }

    /// A mask drawn from `rng`.
    public func mask(width: Int, height: Int, using rng: inout SplitMix64) -> Mask {
        let scale = Double(min(width, height)) / 160
        var mask = Mask(width: width, height: height)
        switch self {
        case .rect48to96:
            let w = min(width, rng.int(in: scaled(48, scale)...scaled(96, scale)))
            let h = min(height, rng.int(in: scaled(48, scale)...scaled(96, scale)))
            placeRectangle(&mask, w, h, &rng)
        case .occlusion2p5to25:
            let (w, h) = occlusionSides(width: width, height: height, using: &rng)
            placeRectangle(&mask, w, h, &rng)
        case .multi24to48:
            for _ in 0..<rng.int(in: 1...5) {
                let w = min(width, rng.int(in: scaled(24, scale)...scaled(48, scale)))
                let h = min(height, rng.int(in: scaled(24, scale)...scaled(48, scale)))
                placeRectangle(&mask, w, h, &rng)
            }
        case .strokes:
            StrokePainter(scale: scale).paint(&mask, using: &rng)
        case .thin, .medium, .thick:
            return LaMaMaskGenerator(family: lamaFamily!).draw(width: width, height: height, using: &rng).mask
        }
        return mask
    }

    /// The LaMa family of `thin`, `medium` and `thick` (nil for the other protocols).
    public var lamaFamily: LaMaMaskFamily? {
        switch self {
        case .thin: return .thin
        case .medium: return .medium
        case .thick: return .thick
        default: return nil
        }
    }

    /// The generator seed of one image: the run seed mixed with a stable hash (FNV-1a 64) of the file name.
    public static func imageSeed(runSeed: UInt64, imageName: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in imageName.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var mixer = SplitMix64(seed: runSeed ^ hash)
        return mixer.next()
    }

    private func scaled(_ pixels: Int, _ scale: Double) -> Int { max(1, Int((Double(pixels) * scale).rounded())) }

    /// Sides of an `occl2.5-25` rectangle: area fraction uniform in [0.025, 0.25], aspect log-uniform in [1/2, 2].
    private func occlusionSides(width: Int, height: Int, using rng: inout SplitMix64) -> (Int, Int) {
        let fraction = 0.025 + 0.225 * uniform(&rng)
        let aspect = exp2(2 * uniform(&rng) - 1)  // width / height in [1/2, 2]
        let area = fraction * Double(width * height)
        let w = min(width, max(1, Int((area * aspect).squareRoot().rounded())))
        let h = min(height, max(1, Int((area / aspect).squareRoot().rounded())))
        return (w, h)
    }

    private func placeRectangle(_ mask: inout Mask, _ w: Int, _ h: Int, _ rng: inout SplitMix64) {
        let x0 = rng.int(in: 0...(mask.width - w))
        let y0 = rng.int(in: 0...(mask.height - h))
        mask.fillRectangle(x0: x0, y0: y0, width: w, height: h)
    }
}

/// A uniform Double in [0, 1) with 53 random bits.
func uniform(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
