// Free-form holes for the `strokes` protocol: random polylines drawn with a round brush, stroke after
// stroke, until the covered fraction reaches a target drawn uniformly in [10 %, 38.5 %]. The brush is
// stamped one disc at a time and the coverage checked after each disc, so the result stays within
// 10–40 % (one disc at the largest radius adds at most 1.3 % at 160×160).

import ImageCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct StrokePainter {
    /// Image short side / 160.
    let scale: Double

    /// Brush radius range in pixels at 160×160.
    private let radiusRange: ClosedRange<Double> = 4...10
    /// Length of one polyline segment in pixels at 160×160.
    private let segmentRange: ClosedRange<Double> = 10...40
    /// Coverage target range.
    private let coverageRange: ClosedRange<Double> = 0.10...0.385

    func paint(_ mask: inout Mask, using rng: inout SplitMix64) {
        let target = coverageRange.lowerBound + (coverageRange.upperBound - coverageRange.lowerBound) * uniform(&rng)
        let goal = Int((target * Double(mask.width * mask.height)).rounded(.up))
        var covered = 0
        while covered < goal {
            covered = stroke(&mask, covered: covered, goal: goal, using: &rng)
        }
    }

    /// Draws one stroke (2–8 segments); returns the new hole count, stopping early at `goal`.
    private func stroke(_ mask: inout Mask, covered: Int, goal: Int, using rng: inout SplitMix64) -> Int {
        var count = covered
        let radius = draw(radiusRange, &rng) * scale
        var x = uniform(&rng) * Double(mask.width)
        var y = uniform(&rng) * Double(mask.height)
        var angle = uniform(&rng) * 2 * Double.pi
        for _ in 0..<rng.int(in: 2...8) {
            angle += (uniform(&rng) - 0.5) * Double.pi * 0.8
            let length = draw(segmentRange, &rng) * scale
            let steps = max(1, Int(length / max(1, radius * 0.5)))
            for _ in 0..<steps {
                x = min(max(x + cos(angle) * length / Double(steps), 0), Double(mask.width - 1))
                y = min(max(y + sin(angle) * length / Double(steps), 0), Double(mask.height - 1))
                count += stamp(&mask, x, y, radius)
                if count >= goal { return count }
            }
        }
        return count
    }

    /// Marks a disc as hole; returns how many pixels became holes.
    private func stamp(_ mask: inout Mask, _ cx: Double, _ cy: Double, _ radius: Double) -> Int {
        var added = 0
        let r2 = radius * radius
        for py in max(0, Int(cy - radius))...min(mask.height - 1, Int(cy + radius)) {
            for px in max(0, Int(cx - radius))...min(mask.width - 1, Int(cx + radius)) {
                let dx = Double(px) + 0.5 - cx, dy = Double(py) + 0.5 - cy
                if dx * dx + dy * dy <= r2 && !mask[px, py] {
                    mask[px, py] = true
                    added += 1
                }
            }
        }
        return added
    }

    private func draw(_ range: ClosedRange<Double>, _ rng: inout SplitMix64) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform(&rng)
    }
}
