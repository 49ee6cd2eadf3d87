// The patch distance (docs/patch-method.md §5; paper eq. (3) with texture features):
//   d(A, B) = (1/N) Σ_{p in patch A, inside the image, compared} Σ_lanes (P(p) − P(p + B − A))²
// where the lanes hold colour and √λ·features (LevelImage), so this is Σ colour² + λ Σ features².
// N is the number of compared pixels. (In partial mode the reference divides by the pixels labelled "known"
// only, a small inconsistency; here N counts every compared pixel, which is what the mean means.)
// The sum stops as soon as it exceeds the bound (the best distance so far) times N, returning infinity.
//
// Unchecked arithmetic (docs/robustness.md, "Checked builds"): the pixel indices below use wrapping `&+`/`&*`
// because this is the method's hot loop (≈ 75 % of its time) and Swift's overflow checks on them cost ≈ 10 %
// of a 512² run. They cannot overflow: every coordinate lies in 0..<width or 0..<height (the callers clamp
// centres to the image and dx/dy to ±half), and width·height ≤ 2²⁶ pixels (ImageLimits, checked when the
// image is read), so every index is below 2²⁶ and every intermediate product below 2³⁰.

struct PatchDistance {
    let pixels: UnsafePointer<PixelVector>
    /// Partial comparison (onion-peel initialisation): 1 where a target pixel is compared, 0 where skipped.
    let compared: UnsafePointer<Float>?
    let width: Int
    let height: Int
    let half: Int
    /// Per-pixel mean of the full patch centred there (valid where the patch lies inside the image), for the
    /// lower bound below; nil in partial mode.
    var means: UnsafePointer<SIMD4<Float>>? = nil

    /// Number of compared pixels of the patch centred at (ax, ay).
    @inline(__always) func comparedCount(_ ax: Int, _ ay: Int) -> Int {
        let y0 = max(-half, -ay), y1 = min(half, height - 1 - ay)
        let x0 = max(-half, -ax), x1 = min(half, width - 1 - ax)
        guard let compared else { return (y1 - y0 + 1) * (x1 - x0 + 1) }
        var n: Float = 0
        for dy in y0...y1 {
            let row = (ay &+ dy) &* width &+ ax
            for dx in x0...x1 { n += compared[row &+ dx] }
        }
        return Int(n)
    }

    /// d(A, B) for target centre (ax, ay) and source centre (bx, by) (whose patch must lie inside the image),
    /// or infinity once the partial sum exceeds `bound × count`. `count` is `comparedCount(ax, ay)` (> 0).
    @inline(__always) func distance(_ ax: Int, _ ay: Int, _ bx: Int, _ by: Int, count: Int, bound: Float) -> Float {
        let y0 = max(-half, -ay), y1 = min(half, height - 1 - ay)
        let x0 = max(-half, -ax), x1 = min(half, width - 1 - ax)
        let limit = bound * Float(count)
        // Cauchy–Schwarz: Σ_p (a_p − b_p)² ≥ N (mean a − mean b)², lane by lane. When this lower bound already
        // exceeds the limit (with a margin far above rounding), the candidate would be cut anyway: skip it
        // without reading the patches. Only for full patches (the means are of full patches).
        if let means, count == (2 * half + 1) * (2 * half + 1) {
            let m = means[ay &* width &+ ax] - means[by &* width &+ bx]
            if (m * m).sum() * Float(count) > limit * 1.0001 + 0.01 { return .infinity }
        }
        var sum: Float = 0
        if let compared {
            for dy in y0...y1 {
                let a = (ay &+ dy) &* width &+ ax, b = (by &+ dy) &* width &+ bx
                var acc = PixelVector.zero
                for dx in x0...x1 {
                    let d = pixels[a &+ dx] - pixels[b &+ dx]
                    acc += d * d * compared[a &+ dx]
                }
                sum += horizontalSum(acc)
                if sum > limit { return .infinity }
            }
        } else if half == 3 && x0 == -3 && x1 == 3 {
            // The reference's 7×7 patch away from the image border: the row is unrolled.
            for dy in y0...y1 {
                let a = pixels + ((ay &+ dy) &* width &+ ax &- 3), b = pixels + ((by &+ dy) &* width &+ bx &- 3)
                let d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2], d3 = a[3] - b[3]
                let d4 = a[4] - b[4], d5 = a[5] - b[5], d6 = a[6] - b[6]
                var acc = d0 * d0 + d1 * d1
                acc += d2 * d2 + d3 * d3
                acc += d4 * d4 + d5 * d5
                acc += d6 * d6
                sum += horizontalSum(acc)
                if sum > limit { return .infinity }
            }
        } else {
            for dy in y0...y1 {
                let a = pixels + ((ay &+ dy) &* width &+ ax), b = pixels + ((by &+ dy) &* width &+ bx)
                var acc = PixelVector.zero
                for dx in x0...x1 {
                    let d = a[dx] - b[dx]
                    acc += d * d
                }
                sum += horizontalSum(acc)
                if sum > limit { return .infinity }
            }
        }
        return sum / Float(count)
    }
}

/// The mean of the full `(2·half+1)²` patch around every pixel whose patch lies inside the image (zero elsewhere),
/// by separable running sums, folded to 4 lanes (half the memory, so fewer cache misses on random candidates):
/// R, G, B and (gx + gy)/√2. Since (Δgx)² + (Δgy)² ≥ (Δgx + Δgy)²/2, the bound stays a lower bound.
func patchMeans(_ pixels: UnsafePointer<PixelVector>, width: Int, height: Int, half: Int) -> [SIMD4<Float>] {
    let side = 2 * half + 1
    guard width >= side, height >= side else { return [SIMD4<Float>](repeating: .zero, count: width * height) }
    var rows = [PixelVector](repeating: .zero, count: width * height)
    for y in 0..<height {
        var acc = PixelVector.zero
        for x in 0..<side { acc += pixels[y * width + x] }
        rows[y * width + half] = acc
        for x in (half + 1)..<(width - half) {
            let entering: PixelVector = pixels[y * width + x + half]
            let leaving: PixelVector = pixels[y * width + x - half - 1]
            acc += entering - leaving
            rows[y * width + x] = acc
        }
    }
    var out = [SIMD4<Float>](repeating: .zero, count: width * height)
    let scale = 1 / Float(side * side)
    let fold: (PixelVector) -> SIMD4<Float> = { v in
        SIMD4(v[0], v[1], v[2], (v[3] + v[4]) * 0.70710677) * scale
    }
    for x in half..<(width - half) {
        var acc = PixelVector.zero
        for y in 0..<side { acc += rows[y * width + x] }
        out[half * width + x] = fold(acc)
        for y in (half + 1)..<(height - half) {
            let entering: PixelVector = rows[(y + half) * width + x]
            let leaving: PixelVector = rows[(y - half - 1) * width + x]
            acc += entering - leaving
            out[y * width + x] = fold(acc)
        }
    }
    return out
}

/// The sum of the 8 lanes, as two 4-lane halves (cheaper than the generic reduction).
@inline(__always) func horizontalSum(_ v: PixelVector) -> Float {
    let q = v.lowHalf + v.highHalf
    return (q[0] + q[2]) + (q[1] + q[3])
}
