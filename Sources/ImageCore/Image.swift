// The image type of the suite: planar RGB, Float32, values in [0, 1].
//
// Layout: `pixels[c * width * height + y * width + x]` for channel c in 0..<channels (R, G, B).
// Planar storage keeps each channel contiguous, which suits both the patch distance loops and the
// NCHW tensors of the neural engine (an image is one N=1 NCHW tensor without a copy of layout).

/// A planar, Float32 image with values nominally in [0, 1].
public struct Image: Equatable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Number of channels (3 for RGB; 1 for grey working images).
    public let channels: Int
    /// Planar samples: `pixels[c * width * height + y * width + x]`.
    public var pixels: [Float]

    /// Creates an image filled with `value`.
    public init(width: Int, height: Int, channels: Int = 3, value: Float = 0) {
        precondition(width > 0 && height > 0 && channels > 0, "Image size must be positive, got \(width)x\(height)x\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = [Float](repeating: value, count: width * height * channels)
    }

    /// Creates an image from planar samples.
    public init(width: Int, height: Int, channels: Int = 3, pixels: [Float]) {
        precondition(
            pixels.count == width * height * channels,
            "Image: \(pixels.count) samples for \(width)x\(height)x\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Number of pixels in one channel plane.
    @inlinable public var planeSize: Int { width * height }

    /// The sample at (x, y) of channel c.
    @inlinable public subscript(x: Int, y: Int, c: Int) -> Float {
        get { pixels[c * width * height + y * width + x] }
        set { pixels[c * width * height + y * width + x] = newValue }
    }
}
