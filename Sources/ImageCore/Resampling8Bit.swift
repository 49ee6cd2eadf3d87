// PIL's 8-bit resampling arithmetic, reproduced bit for bit (see Resampling.swift for the filter):
// samples are bytes, weights are Int32 with 22 fractional bits, each pass adds 2^21 (rounding) and
// clips the result to 0...255 after shifting right by 22.

extension Image {
    /// This image resized like PIL resizes an 8-bit RGB image with BILINEAR: the samples are first quantised
    /// to bytes (`Image.quantise`), and the result holds byte / 255 values.
    public func resized8Bit(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "resized8Bit: size must be positive, got \(newWidth)x\(newHeight)")
        var planes = pixels.map { Image.quantise($0) }
        var w = width
        if newWidth != width {
            let kernel = ResampleKernel(inputSize: width, outputSize: newWidth)
            planes = Image.resampleRows8(planes, rows: channels * height, inWidth: width, kernel: kernel)
            w = newWidth
        }
        if newHeight != height {
            let kernel = ResampleKernel(inputSize: height, outputSize: newHeight)
            planes = Image.resampleColumns8(planes, planes: channels, width: w, inHeight: height, kernel: kernel)
        }
        return Image(width: newWidth, height: newHeight, channels: channels, pixels: planes.map { Float($0) / 255 })
    }

    /// PIL's clip8: the accumulated fixed-point sum back to a byte.
    @inline(__always) static func clip8(_ sum: Int32) -> UInt8 {
        if sum >= (1 << 30) { return 255 }
        if sum <= 0 { return 0 }
        return UInt8(truncatingIfNeeded: sum >> 22)
    }

    static func resampleRows8(_ src: [UInt8], rows: Int, inWidth: Int, kernel: ResampleKernel) -> [UInt8] {
        let outWidth = kernel.start.count
        let fixed = kernel.fixedPointWeights()
        var dst = [UInt8](repeating: 0, count: rows * outWidth)
        for r in 0..<rows {
            for x in 0..<outWidth {
                var sum: Int32 = 1 << 21
                let base = r * inWidth + kernel.start[x]
                for k in 0..<kernel.count[x] { sum &+= Int32(src[base + k]) &* fixed[x * kernel.taps + k] }
                dst[r * outWidth + x] = clip8(sum)
            }
        }
        return dst
    }

    static func resampleColumns8(_ src: [UInt8], planes: Int, width: Int, inHeight: Int, kernel: ResampleKernel) -> [UInt8] {
        let outHeight = kernel.start.count
        let fixed = kernel.fixedPointWeights()
        var dst = [UInt8](repeating: 0, count: planes * outHeight * width)
        for p in 0..<planes {
            for y in 0..<outHeight {
                for x in 0..<width {
                    var sum: Int32 = 1 << 21
                    for k in 0..<kernel.count[y] {
                        sum &+= Int32(src[(p * inHeight + kernel.start[y] + k) * width + x]) &* fixed[y * kernel.taps + k]
                    }
                    dst[(p * outHeight + y) * width + x] = clip8(sum)
                }
            }
        }
        return dst
    }
}
