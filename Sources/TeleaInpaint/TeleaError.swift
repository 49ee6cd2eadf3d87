// What can go wrong when the caller's input cannot be inpainted.

/// A user or input error of `TeleaInpainter`; the description says what to change.
public enum TeleaError: Error, Equatable, CustomStringConvertible {
    /// The mask is not the image's size.
    case sizeMismatch(imageWidth: Int, imageHeight: Int, maskWidth: Int, maskHeight: Int)
    /// Every pixel is a hole: nothing to propagate from.
    case noKnownPixel
    /// The radius is not a finite number of at least 1 pixel.
    case badRadius(Double)

    public var description: String {
        switch self {
        case let .sizeMismatch(iw, ih, mw, mh):
            return "the mask is \(mw)×\(mh) but the image is \(iw)×\(ih): give a mask of the image's size"
        case .noKnownPixel:
            return "the mask covers the whole image: Telea's method needs known pixels to propagate from"
        case .badRadius(let r):
            return "the radius must be a finite number of at least 1 pixel, got \(r)"
        }
    }
}
