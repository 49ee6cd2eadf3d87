// The common intermediate of the PNG and JPEG decoders: interleaved samples scaled to [0, 1],
// before they become an RGB `Image` (grey replicated, alpha dropped) or a `Mask`.

/// Decoded samples exactly as the file held them (after palette expansion), scaled to [0, 1].
struct DecodedPixels {
    let width: Int
    let height: Int
    /// 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA.
    let channels: Int
    /// Interleaved samples: `samples[(y * width + x) * channels + c]`, each `v / (2^bits - 1)`.
    let samples: [Float]
    /// What the decoder changed on the way (e.g. "16-bit samples"), for the caller's notes.
    var notes: [String] = []

    var hasAlpha: Bool { channels == 2 || channels == 4 }
    var colourChannels: Int { channels >= 3 ? 3 : 1 }

    /// Planar RGB: grey is replicated into R, G and B; alpha is dropped (not composited).
    func rgbImage() -> Image {
        let n = width * height
        var pixels = [Float](repeating: 0, count: 3 * n)
        let colour = colourChannels
        samples.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let base = i * channels
                    for c in 0..<3 { dst[c * n + i] = src[base + (colour == 3 ? c : 0)] }
                }
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// One grey value per pixel: the grey sample itself, or 0.2126 R + 0.7152 G + 0.0722 B; alpha ignored.
    func luminance() -> [Float] {
        let n = width * height
        var grey = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let base = i * channels
            if colourChannels == 1 {
                grey[i] = samples[base]
            } else {
                grey[i] = 0.2126 * samples[base] + 0.7152 * samples[base + 1] + 0.0722 * samples[base + 2]
            }
        }
        return grey
    }
}
