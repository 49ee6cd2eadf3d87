// Face regions of an aligned CelebA crop: a fixed face-core box (eyes, nose, mouth) in the canonical
// 160×160 crop, scaled with the crop size, and the rule that puts a hole in the core or the periphery
// (hair, background). How the box was chosen: docs/evaluation.md, "Face regions".

import ImageCore

/// Where a hole lies on an aligned face.
public enum FaceRegion: String, Codable, CaseIterable, Sendable {
    /// At least half of the hole's pixels lie in the face-core box (eyes, nose, mouth).
    case core
    /// Less than half does: mostly hair, forehead, cheeks, neck or background.
    case periphery

    /// The share of a hole that must lie in the box for the hole to count as `core`.
    public static let coreThreshold = 0.5

    /// The region of a hole whose share inside the face-core box is `coreFraction`.
    public init(coreFraction: Double) {
        self = coreFraction >= FaceRegion.coreThreshold ? .core : .periphery
    }

    /// A short description for the reports.
    public var title: String {
        switch self {
        case .core: return "face core (eyes, nose, mouth)"
        case .periphery: return "periphery (hair, background)"
        }
    }
}

/// The face-core box of the aligned CelebA layout, in pixels of a `size`×`size` canonical crop.
public struct FaceCoreBox: Equatable, Sendable {
    /// The box in the 160×160 crop: columns 48..<112, rows 66..<130 (half-open).
    public static let canonical = (x0: 48, y0: 66, x1: 112, y1: 130, size: 160)

    /// Left column (inclusive), top row (inclusive), right column and bottom row (exclusive).
    public let x0: Int, y0: Int, x1: Int, y1: Int

    /// The canonical box scaled to a `size`×`size` crop (edges rounded to the nearest pixel).
    public init(size: Int) {
        precondition(size > 0, "FaceCoreBox: size \(size)")
        let c = FaceCoreBox.canonical
        func scaled(_ v: Int) -> Int { Int((Double(v) * Double(size) / Double(c.size)).rounded()) }
        x0 = scaled(c.x0)
        y0 = scaled(c.y0)
        x1 = max(x0 + 1, scaled(c.x1))
        y1 = max(y0 + 1, scaled(c.y1))
    }

    /// The share of `mask`'s hole pixels that lie in the box; nil for an empty hole.
    public func coreFraction(of mask: Mask) -> Double? {
        var inside = 0, total = 0
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask[x, y] {
                total += 1
                if x >= x0 && x < x1 && y >= y0 && y < y1 { inside += 1 }
            }
        }
        return total == 0 ? nil : Double(inside) / Double(total)
    }

    /// "columns 48–111, rows 66–129 of 160×160" (inclusive bounds), for the reports.
    public func description(size: Int) -> String {
        "columns \(x0)–\(x1 - 1), rows \(y0)–\(y1 - 1) of the \(size)×\(size) crop"
    }
}
