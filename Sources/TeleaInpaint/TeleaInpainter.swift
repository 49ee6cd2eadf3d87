// Telea's fast-marching inpainting: A. Telea, "An Image Inpainting Technique Based on the Fast Marching
// Method", Journal of Graphics Tools 9(1):25–36, 2004 (doi:10.1080/10867651.2004.10487596), written from the
// paper (README.md in this folder; docs/methods-and-masks.md).
//
// The hole is filled from its boundary inwards, in the order of the distance T to the boundary that the fast
// marching method computes (§3). Each pixel p, when the band reaches it, becomes a weighted mean of the
// first-order extrapolations I(q) + ∇I(q)·(p − q) from the pixels q with known values within ε of p (§2).

import ImageCore

/// Inpaints images with Telea's method.
public struct TeleaInpainter: Sendable {
    public let parameters: Parameters

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// `image` with every hole pixel of `mask` filled; known pixels are returned bit for bit, and the
    /// values the hole holds in `image` are never read. A mask without a hole returns the image unchanged.
    /// Throws for a mask of another size, a mask that is all hole, or a bad radius.
    public func inpaint(_ image: Image, mask: Mask) throws -> Image {
        guard image.width == mask.width, image.height == mask.height else {
            throw TeleaError.sizeMismatch(
                imageWidth: image.width, imageHeight: image.height,
                maskWidth: mask.width, maskHeight: mask.height)
        }
        guard parameters.radius.isFinite, parameters.radius >= 1 else { throw TeleaError.badRadius(parameters.radius) }
        let holes = mask.holeCount
        if holes == 0 { return image }
        if holes == mask.width * mask.height { throw TeleaError.noKnownPixel }
        var marching = FastMarching(
            image: image, mask: mask, radius: parameters.radius,
            firstOrder: parameters.firstOrder)
        marching.march()
        return marching.image
    }
}
