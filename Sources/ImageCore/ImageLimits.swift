// The largest images the suite decodes (docs/robustness.md). Checked from the file's header before any
// pixel buffer is allocated, so that a 20,000×20,000 header in a few bytes of PNG is a clear error, not an
// allocation failure: a decoded image costs 12 bytes per pixel as planar Float RGB, plus the decoder's own
// buffers, so the pixel limit keeps one image under about 1.5 GB.

/// Size limits of decoded images and masks.
public enum ImageLimits {
    /// Most pixels along either side.
    public static let maxSide = 16_384
    /// Most pixels in one image (8192 × 8192).
    public static let maxPixels = 1 << 26

    /// Throws `ImageCoreError.imageTooLarge` when the short-side resize of `canonicalCrop(size:)` would exceed
    /// `maxPixels` (an image of extreme aspect ratio, e.g. 1×16384, would resize to 160×2,621,440 before its
    /// centre is cropped).
    public static func checkCanonicalCrop(width: Int, height: Int, size: Int, path: String) throws {
        let resized = Image.shortSideResize(width: width, height: height, shortSide: size)
        guard Double(resized.width) * Double(resized.height) <= Double(maxPixels) else {
            throw ImageCoreError.imageTooLarge(path: path, width: width, height: height)
        }
    }

    /// Throws `ImageCoreError.imageTooLarge` when `width`×`height` exceeds the limits (sides are < 2³², so
    /// the product cannot overflow).
    static func check(width: Int, height: Int, path: String) throws {
        guard width <= maxSide, height <= maxSide, width * height <= maxPixels else {
            throw ImageCoreError.imageTooLarge(path: path, width: width, height: height)
        }
    }
}
