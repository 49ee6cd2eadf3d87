// Geometry on masks: nearest-neighbour resizing (a resized mask stays binary) and cropping, so that a mask
// can follow its image through `resized` and `cropped`.

extension Mask {
    /// This mask resized to `width`×`height` by nearest neighbour with pixel centres at i + 0.5
    /// (output pixel i reads input pixel floor((i + 0.5) · in / out), as PIL's NEAREST).
    public func resized(width newWidth: Int, height newHeight: Int) -> Mask {
        precondition(newWidth > 0 && newHeight > 0, "Mask.resized: size must be positive, got \(newWidth)x\(newHeight)")
        let xs = (0..<newWidth).map { min(width - 1, Int((Double($0) + 0.5) * Double(width) / Double(newWidth))) }
        let ys = (0..<newHeight).map { min(height - 1, Int((Double($0) + 0.5) * Double(height) / Double(newHeight))) }
        var out = Mask(width: newWidth, height: newHeight)
        for y in 0..<newHeight {
            for x in 0..<newWidth { out.isHole[y * newWidth + x] = isHole[ys[y] * width + xs[x]] }
        }
        return out
    }

    /// The `width`×`height` sub-mask whose top-left corner is (x, y); it must lie inside the mask.
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> Mask {
        precondition(
            x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height,
            "Mask.cropped: rectangle x=\(x) y=\(y) \(w)x\(h) is not inside the \(width)x\(height) mask")
        var out = Mask(width: w, height: h)
        for row in 0..<h {
            for col in 0..<w { out.isHole[row * w + col] = isHole[(y + row) * width + x + col] }
        }
        return out
    }
}
