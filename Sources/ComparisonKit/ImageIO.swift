// The one place the driver touches ImageCore's file API (an adapter, so an API change touches one file).
// Ground truth is stored and scored at 8 bits, exactly as its PNG holds it, so that a run from a masked
// batch (`--batch`) scores the same as a run from the original files.

import Foundation
import ImageCore

/// Image and mask files as the driver uses them.
public enum ImageIO {
    /// Reads a PNG/JPEG and returns its canonical `size`×`size` crop (short side to `size`, centre),
    /// quantised to 8 bits; an image already `size`×`size` is only quantised.
    public static func readCanonical(_ url: URL, size: Int) throws -> Image {
        let image = try ImageFile.read(url).image
        try ImageLimits.checkCanonicalCrop(width: image.width, height: image.height, size: size, path: url.path)
        let cropped = image.width == size && image.height == size ? image : image.canonicalCrop(size: size)
        return cropped.quantised8()
    }

    /// Reads a PNG/JPEG as it is (RGB in [0, 1], grey replicated), without cropping.
    public static func read(_ url: URL) throws -> Image { try ImageFile.read(url).image }

    /// Reads a mask PNG (non-zero = hole, or zero = hole when `inverted`) and checks it against the image size.
    public static func readMask(_ url: URL, inverted: Bool, width: Int, height: Int) throws -> Mask {
        let mask = try Mask.read(url, invert: inverted)
        try mask.validate(width: width, height: height, path: url.path)
        return mask
    }

    /// Writes an 8-bit PNG atomically.
    public static func writePNG(_ image: Image, to url: URL) throws { try ImageFile.writePNG(image, to: url) }

    /// Writes a mask PNG (hole = 255) atomically.
    public static func writeMask(_ mask: Mask, to url: URL) throws { try ImageFile.writeMask(mask, to: url) }

    /// The image rounded to 8 bits, as it will be saved.
    public static func quantised(_ image: Image) -> Image { image.quantised8() }

    /// `image` with its hole pixels set to `fill` (white for display, 0 for the methods' input).
    public static func masked(_ image: Image, _ mask: Mask, fill: Float = 1) -> Image {
        precondition(
            image.width == mask.width && image.height == mask.height,
            "masked: image \(image.width)x\(image.height), mask \(mask.width)x\(mask.height)")
        var out = image
        let plane = image.planeSize
        for i in 0..<plane where mask.isHole[i] {
            for c in 0..<image.channels { out.pixels[c * plane + i] = fill }
        }
        return out
    }
}
