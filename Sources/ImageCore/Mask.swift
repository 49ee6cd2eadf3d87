// Hole masks: `true` marks a hole (missing) pixel, `false` a known one.

/// A binary mask over an image; `true` = hole.
public struct Mask: Equatable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major flags: `isHole[y * width + x]`.
    public var isHole: [Bool]

    /// Creates a mask with every pixel set to `hole`.
    public init(width: Int, height: Int, hole: Bool = false) {
        precondition(width > 0 && height > 0, "Mask size must be positive, got \(width)x\(height)")
        self.width = width
        self.height = height
        self.isHole = [Bool](repeating: hole, count: width * height)
    }

    /// Creates a mask from row-major flags.
    public init(width: Int, height: Int, isHole: [Bool]) {
        precondition(isHole.count == width * height, "Mask: \(isHole.count) flags for \(width)x\(height)")
        self.width = width
        self.height = height
        self.isHole = isHole
    }

    /// Whether (x, y) is a hole pixel.
    @inlinable public subscript(x: Int, y: Int) -> Bool {
        get { isHole[y * width + x] }
        set { isHole[y * width + x] = newValue }
    }

    /// Number of hole pixels.
    public var holeCount: Int { isHole.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Marks the rectangle [x0, x0+w) × [y0, y0+h) (clipped to the mask) as hole.
    public mutating func fillRectangle(x0: Int, y0: Int, width w: Int, height h: Int) {
        for y in max(0, y0)..<min(height, y0 + h) {
            for x in max(0, x0)..<min(width, x0 + w) { isHole[y * width + x] = true }
        }
    }
}
