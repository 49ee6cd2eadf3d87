// Bilinear resampling that antialiases when shrinking, as PIL's `Image.resize(..., BILINEAR)` does
// (Pillow src/libImaging/Resample.c, described here from its behaviour): a separable triangle filter
// whose support widens by the shrink factor, pixel centres at (i + 0.5), the horizontal pass first.
//
// Two arithmetic flavours:
// - `resized(width:height:)` works on Float samples (PIL's "F" mode: double weights, no rounding);
// - `resized8Bit(width:height:)` reproduces PIL on 8-bit images bit for bit: the input is quantised to
//   bytes, the weights become 22-bit fixed point, and the intermediate (after the horizontal pass) is
//   rounded to bytes. The canonical CelebA crop uses it, because the protocol's crops are made by PIL.

/// The weights of a one-dimensional resampling pass: output i reads inputs start[i] ..< start[i] + count[i].
struct ResampleKernel {
    let start: [Int]
    let count: [Int]
    /// `weights[i * taps + k]` for k < count[i], normalised to sum to 1.
    let weights: [Double]
    let taps: Int

    init(inputSize: Int, outputSize: Int) {
        precondition(inputSize > 0 && outputSize > 0, "ResampleKernel: sizes must be positive, got \(inputSize) -> \(outputSize)")
        let scale = Double(inputSize) / Double(outputSize)
        // Shrinking widens the triangle by the shrink factor (that is the antialiasing); enlarging keeps it at 1.
        let filterScale = max(scale, 1.0)
        let support = 1.0 * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        let reciprocal = 1.0 / filterScale
        var start = [Int](repeating: 0, count: outputSize)
        var count = [Int](repeating: 0, count: outputSize)
        var weights = [Double](repeating: 0, count: outputSize * taps)
        for i in 0..<outputSize {
            let centre = (Double(i) + 0.5) * scale
            // C's (int) cast truncates toward zero; negative values are clamped to 0 right after.
            let lo = max(Int(centre - support + 0.5), 0)
            let hi = min(Int(centre + support + 0.5), inputSize)
            var total = 0.0
            for k in 0..<(hi - lo) {
                let w = max(0, 1 - abs((Double(k + lo) - centre + 0.5) * reciprocal))
                weights[i * taps + k] = w
                total += w
            }
            if total != 0 { for k in 0..<(hi - lo) { weights[i * taps + k] /= total } }
            start[i] = lo
            count[i] = hi - lo
        }
        self.start = start
        self.count = count
        self.weights = weights
        self.taps = taps
    }

    /// The weights in PIL's fixed point (22 fractional bits, rounded half away from zero).
    func fixedPointWeights() -> [Int32] {
        weights.map { w in Int32(w < 0 ? w * Double(1 << 22) - 0.5 : w * Double(1 << 22) + 0.5) }
    }
}

extension Image {
    /// This image resized to `width`×`height` with PIL-style bilinear filtering (antialiased when shrinking),
    /// on Float samples.
    public func resized(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "resized: size must be positive, got \(newWidth)x\(newHeight)")
        var planes = pixels
        var w = width
        if newWidth != width {
            let kernel = ResampleKernel(inputSize: width, outputSize: newWidth)
            planes = Image.resampleRows(planes, rows: channels * height, inWidth: width, kernel: kernel)
            w = newWidth
        }
        if newHeight != height {
            let kernel = ResampleKernel(inputSize: height, outputSize: newHeight)
            planes = Image.resampleColumns(planes, planes: channels, width: w, inHeight: height, kernel: kernel)
        }
        return Image(width: newWidth, height: newHeight, channels: channels, pixels: planes)
    }

    static func resampleRows(_ src: [Float], rows: Int, inWidth: Int, kernel: ResampleKernel) -> [Float] {
        let outWidth = kernel.start.count
        var dst = [Float](repeating: 0, count: rows * outWidth)
        for r in 0..<rows {
            for x in 0..<outWidth {
                var sum = 0.0
                let base = r * inWidth + kernel.start[x]
                for k in 0..<kernel.count[x] { sum += Double(src[base + k]) * kernel.weights[x * kernel.taps + k] }
                dst[r * outWidth + x] = Float(sum)
            }
        }
        return dst
    }

    static func resampleColumns(_ src: [Float], planes: Int, width: Int, inHeight: Int, kernel: ResampleKernel) -> [Float] {
        let outHeight = kernel.start.count
        var dst = [Float](repeating: 0, count: planes * outHeight * width)
        for p in 0..<planes {
            for y in 0..<outHeight {
                for x in 0..<width {
                    var sum = 0.0
                    for k in 0..<kernel.count[y] {
                        sum += Double(src[(p * inHeight + kernel.start[y] + k) * width + x]) * kernel.weights[y * kernel.taps + k]
                    }
                    dst[(p * outHeight + y) * width + x] = Float(sum)
                }
            }
        }
        return dst
    }
}
