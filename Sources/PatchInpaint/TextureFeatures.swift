// Texture features (docs/patch-method.md §4; paper §2.2 "texture features"): at full resolution, the absolute
// horizontal and vertical grey gradients, each averaged over a 2^L box of known pixels (L = number of levels).
//
// Gradients use central differences where both neighbours are known and one-sided differences from the known
// neighbour at the hole border (as the authors' video code does), so the content of the hole never leaks into
// the features; the image code reads hole pixels here, which changes the result with the hole's content.

enum TextureFeatures {
    /// The two feature planes |∂x I| and |∂y I| averaged over a box of width `boxWidth`, 0 inside the hole
    /// (those values are re-estimated by the reconstruction).
    static func compute(colour: PlanarImage, hole: BinaryGrid, boxWidth: Int) -> PlanarImage {
        let w = colour.width, h = colour.height
        var grey = colour.planes[0]
        if colour.planes.count == 3 {
            for i in 0..<(w * h) {
                grey[i] = 0.2126 * colour.planes[0][i] + 0.7152 * colour.planes[1][i] + 0.0722 * colour.planes[2][i]
            }
        }
        var gx = [Float](repeating: 0, count: w * h), gy = gx
        for y in 0..<h {
            for x in 0..<w where !hole[x, y] {
                let i = y * w + x
                gx[i] = abs(
                    oneSided(
                        grey, i, step: 1, hasBefore: x > 0 && !hole[x - 1, y],
                        hasAfter: x < w - 1 && !hole[x + 1, y]))
                gy[i] = abs(
                    oneSided(
                        grey, i, step: w, hasBefore: y > 0 && !hole[x, y - 1],
                        hasAfter: y < h - 1 && !hole[x, y + 1]))
            }
        }
        let known = hole.values.map { $0 ? Float(0) : 1 }
        return PlanarImage(
            width: w, height: h,
            planes: [
                maskedBoxAverage(gx, known: known, width: w, height: h, boxWidth: boxWidth),
                maskedBoxAverage(gy, known: known, width: w, height: h, boxWidth: boxWidth)
            ])
    }

    /// Central difference when both neighbours along `step` are known, one-sided otherwise, 0 with neither.
    static func oneSided(_ f: [Float], _ i: Int, step: Int, hasBefore: Bool, hasAfter: Bool) -> Float {
        switch (hasBefore, hasAfter) {
        case (true, true): return (f[i + step] - f[i - step]) / 2
        case (false, true): return f[i + step] - f[i]
        case (true, false): return f[i] - f[i - step]
        case (false, false): return 0
        }
    }

    /// Σ known·f / Σ known over the window [x − b/2, x + b/2 − 1] × [y − b/2, y + b/2 − 1] (b even, as in the
    /// reference's `normalised_convolution_masked_separable`); 0 where the window holds no known pixel.
    static func maskedBoxAverage(_ f: [Float], known: [Float], width w: Int, height h: Int, boxWidth b: Int) -> [Float] {
        let before = b / 2, after = b - before - 1
        let weighted = zip(f, known).map { $0 * $1 }
        let num = boxSum(boxSum(weighted, w, h, before, after, horizontal: true), w, h, before, after, horizontal: false)
        let den = boxSum(boxSum(known, w, h, before, after, horizontal: true), w, h, before, after, horizontal: false)
        return zip(num, den).map { $1 > 0.5 ? $0 / $1 : 0 }
    }

    /// Running sums over [i − before, i + after] along rows or columns (clipped to the image), in Double.
    static func boxSum(_ f: [Float], _ w: Int, _ h: Int, _ before: Int, _ after: Int, horizontal: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: f.count)
        let (lines, length) = horizontal ? (h, w) : (w, h)
        var prefix = [Double](repeating: 0, count: length + 1)
        for line in 0..<lines {
            let index: (Int) -> Int = horizontal ? { line * w + $0 } : { $0 * w + line }
            for k in 0..<length { prefix[k + 1] = prefix[k] + Double(f[index(k)]) }
            for k in 0..<length {
                out[index(k)] = Float(prefix[min(length, k + after + 1)] - prefix[max(0, k - before)])
            }
        }
        return out
    }
}
