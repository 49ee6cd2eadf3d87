// Hole-size bins: the hole's share of the image area in steps of 10 % (0–10 %, 10–20 %, …, 90–100 %),
// the convention of LaMa's and NVIDIA's irregular-mask test sets. A bin holds its lower edge, not its upper
// one; a full mask falls in the last bin (docs/evaluation.md, "Hole-size bins").

/// One 10 % bin of hole fraction.
public struct HoleSizeBin: Hashable, Comparable, Codable, Sendable {
    /// 0 for 0–10 %, …, 9 for 90–100 %.
    public let index: Int

    /// The bin of a hole covering `fraction` of the image (clamped to 0...1).
    public init(fraction: Double) {
        // The small epsilon keeps 0.3 (= 3 × 0.1 in binary, a little below) in the 30–40 % bin.
        let scaled = (min(max(fraction.isNaN ? 0 : fraction, 0), 1) * 10 + 1e-9).rounded(.down)
        index = min(9, Int(scaled))
    }

    public init(index: Int) {
        precondition((0...9).contains(index), "HoleSizeBin: index \(index) outside 0...9")
        self.index = index
    }

    /// Lower and upper edges as fractions.
    public var lower: Double { Double(index) / 10 }
    public var upper: Double { Double(index + 1) / 10 }

    /// "10–20 %".
    public var label: String { "\(index * 10)–\((index + 1) * 10) %" }

    public static func < (a: HoleSizeBin, b: HoleSizeBin) -> Bool { a.index < b.index }
}
