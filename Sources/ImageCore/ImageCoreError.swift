import Foundation

/// Everything that can go wrong in ImageCore because of the user's files or the environment.
/// Each case carries the data needed to say what happened and what to do about it.
public enum ImageCoreError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The file could not be read at all (missing, unreadable).
    case unreadableFile(path: String, reason: String)
    /// The bytes are neither PNG nor JPEG (the format is told by the first bytes, not the extension).
    case unknownFormat(path: String)
    /// The file claims to be a PNG or JPEG but the decoder rejected it (corrupt or truncated).
    case corruptFile(path: String, format: String, reason: String)
    /// A valid file of a kind the suite does not handle (e.g. a CMYK JPEG).
    case unsupportedImage(path: String, reason: String)
    /// The file's header announces an image larger than `ImageLimits` allow (checked before decoding).
    case imageTooLarge(path: String, width: Int, height: Int)
    /// The file could not be written.
    case writeFailed(path: String, reason: String)
    /// A mask's size differs from the image it belongs to.
    case maskSizeMismatch(maskPath: String, maskWidth: Int, maskHeight: Int, imageWidth: Int, imageHeight: Int)
    /// A mask with no hole pixel: there is nothing to inpaint.
    case emptyMask(maskPath: String)
    /// A mask whose every pixel is a hole: there is nothing known to inpaint from.
    case fullMask(maskPath: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read '\(path)': \(reason). Check that the file exists and is readable."
        case let .unknownFormat(path):
            return "'\(path)' is neither a PNG nor a JPEG file (judged by its first bytes). Convert it to PNG or JPEG."
        case let .corruptFile(path, format, reason):
            return "'\(path)' is not a valid \(format) file (\(reason)). It may be truncated or corrupt: re-export or re-download it."
        case let .unsupportedImage(path, reason):
            return "'\(path)' cannot be used: \(reason)."
        case let .imageTooLarge(path, width, height):
            return
                "'\(path)' is \(width)x\(height) pixels; the suite reads images of at most \(ImageLimits.maxSide) pixels a side and \(ImageLimits.maxPixels) pixels in all. Resize it first."
        case let .writeFailed(path, reason):
            return "cannot write '\(path)': \(reason). Check that the folder exists and is writable and that the disk is not full."
        case let .maskSizeMismatch(maskPath, mw, mh, iw, ih):
            return "mask '\(maskPath)' is \(mw)x\(mh) but the image is \(iw)x\(ih). Use a mask of the image's size \(iw)x\(ih)."
        case let .emptyMask(maskPath):
            return
                "mask '\(maskPath)' has no hole pixel (all zero), so there is nothing to inpaint. If holes are black in your mask, pass --invert-mask."
        case let .fullMask(maskPath):
            return
                "mask '\(maskPath)' marks every pixel as a hole, so nothing is known to inpaint from. If holes are black in your mask, pass --invert-mask."
        }
    }

    public var errorDescription: String? { description }
}
