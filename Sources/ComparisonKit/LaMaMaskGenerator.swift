// Draws one mask of a LaMa family (LaMaMaskFamily; docs/methods-and-masks.md): either strokes — polylines
// of straight segments drawn with a round brush, each segment starting where the last ended — or a few
// axis-aligned boxes. Lengths, widths, box sides and the box margin are LaMa's 256-px values times
// (short side / 256). A mask covering more than half the image is drawn again from the same generator
// (LaMa discards such masks), so the hole depends only on the generator's seed.

import ImageCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one draw produced, for tests and documentation.
public struct LaMaMaskDrawing: Sendable {
    public var mask: Mask
    /// Full brush width of every stroke segment drawn, in pixels at the mask's size (empty for box masks).
    public var segmentWidths: [Double]
    /// Boxes drawn (0 for stroke masks).
    public var boxCount: Int
    /// Draws made before one stayed under the area cap (1 = the first one did).
    public var attempts: Int
    /// Whether the last resort (trimming, see `LaMaMaskGenerator.maximumAttempts`) was needed.
    public var trimmed: Bool
}

/// Draws masks of one LaMa family at any size.
public struct LaMaMaskGenerator: Sendable {
    public let family: LaMaMaskFamily
    /// Draws tried before trimming the last one down to the cap. At the cap's usual rejection rates (a few
    /// per cent for `thick`) this is never reached; it only bounds the work on a pathological size.
    public static let maximumAttempts = 100

    public init(family: LaMaMaskFamily) { self.family = family }

    /// A mask at `width`×`height` drawn from `rng`, with at most `family.maximumHoleFraction` of it hole.
    public func draw(width: Int, height: Int, using rng: inout SplitMix64) -> LaMaMaskDrawing {
        let limit = Int((family.maximumHoleFraction * Double(width * height)).rounded(.down))
        var drawing = drawOnce(width: width, height: height, using: &rng)
        var attempts = 1
        while drawing.mask.holeCount > limit && attempts < LaMaMaskGenerator.maximumAttempts {
            drawing = drawOnce(width: width, height: height, using: &rng)
            attempts += 1
        }
        drawing.attempts = attempts
        if drawing.mask.holeCount > limit {
            // Last resort: give back hole pixels from the end of the raster until the cap holds.
            var excess = drawing.mask.holeCount - limit
            for i in stride(from: width * height - 1, through: 0, by: -1) where excess > 0 && drawing.mask.isHole[i] {
                drawing.mask.isHole[i] = false
                excess -= 1
            }
            drawing.trimmed = true
        }
        return drawing
    }

    /// One draw, without the area cap: boxes with probability `boxProbability`, else strokes.
    func drawOnce(width: Int, height: Int, using rng: inout SplitMix64) -> LaMaMaskDrawing {
        let scale = Double(min(width, height)) / LaMaMaskFamily.referenceSide
        var mask = Mask(width: width, height: height)
        if family.boxProbability > 0 && uniform(&rng) < family.boxProbability {
            let count = drawBoxes(&mask, scale: scale, using: &rng)
            return LaMaMaskDrawing(mask: mask, segmentWidths: [], boxCount: count, attempts: 1, trimmed: false)
        }
        let widths = drawStrokes(&mask, scale: scale, using: &rng)
        return LaMaMaskDrawing(mask: mask, segmentWidths: widths, boxCount: 0, attempts: 1, trimmed: false)
    }

    /// Strokes: each starts at a random pixel and turns by one of `angleCount` directions per segment;
    /// even-numbered strokes mirror the angle (2π − a), as LaMa's generator does. Returns the widths drawn.
    private func drawStrokes(_ mask: inout Mask, scale: Double, using rng: inout SplitMix64) -> [Double] {
        var widths: [Double] = []
        for stroke in 0..<rng.int(in: family.strokes) {
            var x = rng.int(in: 0...(mask.width - 1)), y = rng.int(in: 0...(mask.height - 1))
            for _ in 0..<rng.int(in: family.segmentsPerStroke) {
                var angle = 0.01 + Double(rng.int(in: 0...(family.angleCount - 1)))
                if stroke % 2 == 0 { angle = 2 * Double.pi - angle }
                let length = Double(rng.int(in: family.segmentLength)) * scale
                let brush = max(1, Double(rng.int(in: family.brushWidth)) * scale)
                // LaMa measures x along sin and y along cos, and truncates the end point to whole pixels.
                let endX = min(max(Int(Double(x) + length * sin(angle)), 0), mask.width - 1)
                let endY = min(max(Int(Double(y) + length * cos(angle)), 0), mask.height - 1)
                paintSegment(&mask, from: (x, y), to: (endX, endY), width: brush)
                widths.append(brush)
                (x, y) = (endX, endY)
            }
        }
        return widths
    }

    /// Boxes: sides uniform in `boxSide` (scaled, at most the image minus both margins), placed inside the margin.
    private func drawBoxes(_ mask: inout Mask, scale: Double, using rng: inout SplitMix64) -> Int {
        let margin = Int((Double(family.boxMargin) * scale).rounded())
        let count = rng.int(in: family.boxes)
        for _ in 0..<count {
            let w = boxSide(limit: mask.width - 2 * margin, scale: scale, using: &rng)
            let h = boxSide(limit: mask.height - 2 * margin, scale: scale, using: &rng)
            mask.fillRectangle(
                x0: corner(side: w, extent: mask.width, margin: margin, using: &rng),
                y0: corner(side: h, extent: mask.height, margin: margin, using: &rng), width: w, height: h)
        }
        return count
    }

    /// A box's first pixel along one axis: uniform over the places that keep it `margin` from both borders.
    private func corner(side: Int, extent: Int, margin: Int, using rng: inout SplitMix64) -> Int {
        let lowest = min(margin, extent - side)
        return rng.int(in: lowest...max(lowest, extent - margin - side))
    }

    private func boxSide(limit: Int, scale: Double, using rng: inout SplitMix64) -> Int {
        let side = Int((Double(rng.int(in: family.boxSide)) * scale).rounded())
        return min(max(1, side), max(1, limit))
    }

    /// Marks every pixel whose centre lies within width/2 of the segment (a line with round caps).
    private func paintSegment(_ mask: inout Mask, from a: (Int, Int), to b: (Int, Int), width: Double) {
        let radius = width / 2
        let (ax, ay, bx, by) = (Double(a.0), Double(a.1), Double(b.0), Double(b.1))
        let dx = bx - ax, dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        let x0 = max(0, Int((min(ax, bx) - radius).rounded(.down))), x1 = min(mask.width - 1, Int((max(ax, bx) + radius).rounded(.up)))
        let y0 = max(0, Int((min(ay, by) - radius).rounded(.down))), y1 = min(mask.height - 1, Int((max(ay, by) + radius).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let r2 = radius * radius
        for py in y0...y1 {
            for px in x0...x1 {
                let qx = Double(px) - ax, qy = Double(py) - ay
                // Closest point of the segment: parameter t in [0, 1] along a→b.
                let t = lengthSquared > 0 ? min(max((qx * dx + qy * dy) / lengthSquared, 0), 1) : 0
                let ex = qx - t * dx, ey = qy - t * dy
                if ex * ex + ey * ey <= r2 { mask[px, py] = true }
            }
        }
    }
}
