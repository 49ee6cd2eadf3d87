// The patch distance (patch-method.md §5; paper eq. (3) with texture features):
//   d(A, B) = (1/N) Σ_{p in patch A, inside the image, compared} Σ_lanes (P(p) − P(p + B − A))²
// where the lanes hold colour and √λ·features (LevelImage), so this is Σ colour² + λ Σ features².
// N is the number of compared pixels. (In partial mode the reference divides by the pixels labelled "known"
// only, a small inconsistency; here N counts every compared pixel, which is what the mean means.)
// The sum stops as soon as it exceeds the bound (the best distance so far) times N, returning infinity.

struct PatchDistance {
    let pixels: UnsafePointer<PixelVector>
    /// Partial comparison (onion-peel initialisation): 1 where a target pixel is compared, 0 where skipped.
    let compared: UnsafePointer<Float>?
    let width: Int
    let height: Int
    let half: Int

    /// Number of compared pixels of the patch centred at (ax, ay).
    @inline(__always) func comparedCount(_ ax: Int, _ ay: Int) -> Int {
        let y0 = max(-half, -ay), y1 = min(half, height - 1 - ay)
        let x0 = max(-half, -ax), x1 = min(half, width - 1 - ax)
        guard let compared else { return (y1 - y0 + 1) * (x1 - x0 + 1) }
        var n: Float = 0
        for dy in y0...y1 {
            let row = (ay + dy) * width + ax
            for dx in x0...x1 { n += compared[row + dx] }
        }
        return Int(n)
    }

    /// d(A, B) for target centre (ax, ay) and source centre (bx, by) (whose patch must lie inside the image),
    /// or infinity once the partial sum exceeds `bound × count`. `count` is `comparedCount(ax, ay)` (> 0).
    @inline(__always) func distance(_ ax: Int, _ ay: Int, _ bx: Int, _ by: Int, count: Int, bound: Float) -> Float {
        let y0 = max(-half, -ay), y1 = min(half, height - 1 - ay)
        let x0 = max(-half, -ax), x1 = min(half, width - 1 - ax)
        let limit = bound * Float(count)
        var sum: Float = 0
        if let compared {
            for dy in y0...y1 {
                let a = (ay + dy) * width + ax, b = (by + dy) * width + bx
                var acc = PixelVector.zero
                for dx in x0...x1 {
                    let d = pixels[a + dx] - pixels[b + dx]
                    acc += d * d * compared[a + dx]
                }
                sum += acc.sum()
                if sum > limit { return .infinity }
            }
        } else {
            for dy in y0...y1 {
                let a = pixels + ((ay + dy) * width + ax), b = pixels + ((by + dy) * width + bx)
                var acc = PixelVector.zero
                for dx in x0...x1 {
                    let d = a[dx] - b[dx]
                    acc += d * d
                }
                sum += acc.sum()
                if sum > limit { return .infinity }
            }
        }
        return sum / Float(count)
    }
}
