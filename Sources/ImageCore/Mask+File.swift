// Mask files: any non-zero pixel is a hole. RGB masks are first reduced to grey with the Rec. 709
// luminance weights (0.2126 R + 0.7152 G + 0.0722 B); alpha is ignored. `invert` swaps the convention
// (for masks whose holes are black).

import Foundation

extension Mask {
    /// Reads a PNG or JPEG mask: a pixel is a hole when its grey value is > 0 (or == 0 with `invert`).
    /// Throws `ImageCoreError` for a missing, unknown, corrupt or truncated file.
    public static func read(_ url: URL, invert: Bool = false) throws -> Mask {
        let (decoded, _) = try ImageFile.decode(data: ImageFile.readData(url), path: url.path)
        return Mask(decoded, invert: invert)
    }

    /// Reads a mask held in memory (`name` only labels errors).
    public static func read(data: Data, name: String = "<memory>", invert: Bool = false) throws -> Mask {
        let (decoded, _) = try ImageFile.decode(data: data, path: name)
        return Mask(decoded, invert: invert)
    }

    init(_ decoded: DecodedPixels, invert: Bool) {
        let flags = decoded.luminance().map { ($0 > 0) != invert }
        self.init(width: decoded.width, height: decoded.height, isHole: flags)
    }

    /// Throws if the mask cannot be used with `image`: a different size, no hole, or no known pixel.
    /// `path` only labels the error message.
    public func validate(against image: Image, path: String = "<mask>") throws {
        try validate(width: image.width, height: image.height, path: path)
    }

    /// Throws if the mask is not `width`×`height`, has no hole pixel, or has no known pixel.
    public func validate(width imageWidth: Int, height imageHeight: Int, path: String = "<mask>") throws {
        guard width == imageWidth, height == imageHeight else {
            throw ImageCoreError.maskSizeMismatch(
                maskPath: path, maskWidth: width, maskHeight: height,
                imageWidth: imageWidth, imageHeight: imageHeight)
        }
        let holes = holeCount
        if holes == 0 { throw ImageCoreError.emptyMask(maskPath: path) }
        if holes == width * height { throw ImageCoreError.fullMask(maskPath: path) }
    }

    /// The mask with holes and known pixels swapped.
    public func inverted() -> Mask {
        Mask(width: width, height: height, isHole: isHole.map { !$0 })
    }
}
