// The suite-wide 8-bit quantisation rule: byte = clamp(round(v · 255), 0, 255), rounding half away
// from zero (for v ≥ 0 this is floor(v · 255 + 0.5), torchvision's save_image rule). NaN becomes 0.

extension Image {
    /// Quantises one sample in [0, 1] to a byte: clamp(round(v · 255), 0, 255); NaN → 0.
    @inlinable public static func quantise(_ v: Float) -> UInt8 {
        let r = (v * 255).rounded()
        if !(r > 0) { return 0 }
        if r >= 255 { return 255 }
        return UInt8(r)
    }

    /// Interleaved 8-bit samples (`bytes[(y * width + x) * channels + c]`), quantised with `quantise`.
    public func interleavedBytes() -> [UInt8] {
        let n = planeSize
        var bytes = [UInt8](repeating: 0, count: n * channels)
        for c in 0..<channels {
            for i in 0..<n { bytes[i * channels + c] = Image.quantise(pixels[c * n + i]) }
        }
        return bytes
    }

    /// The image with every sample quantised to 8 bits and back (v → quantise(v) / 255), i.e. what
    /// a PNG written and read again holds.
    public func quantised8() -> Image {
        Image(width: width, height: height, channels: channels, pixels: pixels.map { Float(Image.quantise($0)) / 255 })
    }
}

extension Image {
    /// An image from interleaved 8-bit samples (`bytes[(y * width + x) * channels + c]`), each mapped to byte / 255.
    public init(interleavedBytes bytes: [UInt8], width: Int, height: Int, channels: Int = 3) {
        precondition(
            bytes.count == width * height * channels,
            "Image(interleavedBytes:): \(bytes.count) bytes for \(width)x\(height)x\(channels)")
        let n = width * height
        var pixels = [Float](repeating: 0, count: n * channels)
        for i in 0..<n {
            for c in 0..<channels { pixels[c * n + i] = Float(bytes[i * channels + c]) / 255 }
        }
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }
}
