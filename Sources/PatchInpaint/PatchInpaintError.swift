// Errors of the patch-based inpainter: user input problems, each with a hint.
import Foundation

/// Why `PatchInpainter.inpaint` refused its input.
public enum PatchInpaintError: Error, Equatable, CustomStringConvertible {
    /// The mask's size differs from the image's.
    case sizeMismatch(imageWidth: Int, imageHeight: Int, maskWidth: Int, maskHeight: Int)
    /// The mask marks no pixel as hole.
    case emptyMask
    /// The mask marks every pixel as hole.
    case fullMask
    /// The image is smaller than one patch.
    case imageSmallerThanPatch(width: Int, height: Int, patchSize: Int)
    /// No patch of the image lies fully outside the (dilated) hole, so there is nothing to copy from.
    case noSourcePatch(patchSize: Int)
    /// A parameter is out of range.
    case invalidParameter(name: String, value: String, expected: String)
    /// The image has a channel count the inpainter does not handle.
    case unsupportedChannels(Int)
    /// An image larger than `PatchInpainter.maxPixels`.
    case imageTooLarge(width: Int, height: Int)

    public var description: String {
        switch self {
        case let .sizeMismatch(iw, ih, mw, mh):
            return "the mask is \(mw)x\(mh) but the image is \(iw)x\(ih); give a mask of the image's size"
        case .emptyMask:
            return
                "the mask marks no pixel as hole (any non-zero pixel is a hole); nothing to inpaint — check the mask or use --invert-mask"
        case .fullMask:
            return "the mask covers the whole image, so nothing is known to copy from; check the mask or use --invert-mask"
        case let .imageSmallerThanPatch(w, h, p):
            return "the image is \(w)x\(h), smaller than one \(p)x\(p) patch; use a larger image or a smaller --patch-size"
        case let .noSourcePatch(p):
            return "no \(p)x\(p) patch lies fully outside the hole; use a smaller hole or a smaller --patch-size"
        case let .invalidParameter(name, value, expected):
            return "\(name) = \(value) is invalid: expected \(expected)"
        case let .imageTooLarge(w, h):
            return
                "the image is \(w)x\(h); the patch method takes at most \(PatchInpainter.maxPixels) pixels (4096x4096, a few GB of working memory): downscale or crop it"
        case let .unsupportedChannels(c):
            return "the image has \(c) channels; the inpainter takes 1 (grey) or 3 (RGB)"
        }
    }
}

extension PatchInpaintError: LocalizedError {
    public var errorDescription: String? { description }
}
