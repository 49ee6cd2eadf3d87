// Cropping, and the canonical CelebA crop of the evaluation protocol
// (docs/evaluation-protocol.md §1.2): resize so the short side is 160 the way torchvision's
// Resize(160) does on a PIL image (long side = Int(160 · long / short), truncated; PIL bilinear on
// 8-bit samples), then crop 160×160 at the centre (torchvision CenterCrop: offset = round((size − 160) / 2),
// Python's round, halves to even) or at a given offset along the long side (training's random crop).
// The FID reference crops in ../shared/reference/fid were made with the long side rounded (196, not 195):
// `rounding: .round` reproduces them byte for byte.

extension Image {
    /// The `width`×`height` sub-image whose top-left corner is (x, y); it must lie inside the image.
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> Image {
        precondition(
            x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height,
            "cropped: rectangle x=\(x) y=\(y) \(w)x\(h) is not inside the \(width)x\(height) image")
        var out = [Float](repeating: 0, count: channels * w * h)
        for c in 0..<channels {
            for row in 0..<h {
                let src = c * width * height + (y + row) * width + x
                let dst = c * w * h + row * w
                for col in 0..<w { out[dst + col] = pixels[src + col] }
            }
        }
        return Image(width: w, height: h, channels: channels, pixels: out)
    }

    /// How the long side's length is rounded when the short side is resized to a given length.
    public enum LongSideRounding: Sendable {
        /// `Int(shortSide · long / short)`, as torchvision's Resize(int) does (178×218 → 160×195): the protocol's rule.
        case truncate
        /// Python's `round(shortSide · long / short)` (178×218 → 160×196): how ../shared/reference/fid's crops were made.
        case round
    }

    /// The size a short-side resize gives: the short side becomes `shortSide`, the long side
    /// `shortSide · long / short`, truncated (torchvision's Resize(int)) or rounded.
    public static func shortSideResize(
        width: Int, height: Int, shortSide: Int,
        rounding: LongSideRounding = .truncate
    ) -> (width: Int, height: Int) {
        precondition(width > 0 && height > 0 && shortSide > 0, "shortSideResize: bad sizes \(width)x\(height) -> \(shortSide)")
        let short = min(width, height), long = max(width, height)
        let exact = Double(shortSide) * Double(long) / Double(short)
        let longSide = rounding == .truncate ? Int(exact) : Int(exact.rounded(.toNearestOrEven))
        return width <= height ? (shortSide, longSide) : (longSide, shortSide)
    }

    /// The largest offset along the long side that `canonicalCrop(size:offset:)` accepts
    /// (35 for a 178×218 CelebA image and size 160).
    public func maximumCropOffset(size: Int = 160, rounding: LongSideRounding = .truncate) -> Int {
        let resized = Image.shortSideResize(width: width, height: height, shortSide: size, rounding: rounding)
        return max(resized.width, resized.height) - size
    }

    /// The protocol's crop: resize so the short side is `size` (PIL bilinear on 8-bit samples), then take the
    /// `size`×`size` square at `offset` along the long side, or at the centre when `offset` is nil.
    /// For a portrait image (CelebA's 178×218) the offset is vertical; training draws it from 0...maximumCropOffset.
    public func canonicalCrop(size: Int = 160, offset: Int? = nil, rounding: LongSideRounding = .truncate) -> Image {
        let target = Image.shortSideResize(width: width, height: height, shortSide: size, rounding: rounding)
        let resized = resized8Bit(width: target.width, height: target.height)
        let excess = max(target.width, target.height) - size
        let position = offset ?? Int((Double(excess) / 2).rounded(.toNearestOrEven))
        precondition(position >= 0 && position <= excess, "canonicalCrop: offset \(position) outside 0...\(excess)")
        if target.width > target.height {
            return resized.cropped(x: position, y: 0, width: size, height: size)
        }
        return resized.cropped(x: 0, y: position, width: size, height: size)
    }
}
