// The parameters of LaMa's three random mask families (Suvorov et al., "Resolution-robust Large Mask
// Inpainting with Fourier Convolutions", WACV 2022, arXiv:2109.07161): `thin`, `medium` and
// `thick`, as LaMa's 256×256 mask-generation configs give them. Every length is in pixels at 256×256 and is
// scaled to the crop size by the generator. Where the values come from, and the two places where LaMa's
// generator draws one more than its config says: docs/methods-and-masks.md ("LaMa's mask families").

/// One of LaMa's random mask families: strokes, or (with `boxProbability`) a few boxes instead.
public struct LaMaMaskFamily: Equatable, Sendable {
    /// Strokes per mask (LaMa `min_times`…`max_times` + 1: its generator without a ramp draws one more).
    public var strokes: ClosedRange<Int>
    /// Segments (polyline vertices after the start) per stroke (LaMa: 1 + randint(5)).
    public var segmentsPerStroke: ClosedRange<Int> = 1...5
    /// Brush width of a segment, full width in px at 256 (LaMa: 5 + randint(`max_width`)).
    public var brushWidth: ClosedRange<Int>
    /// Segment length in px at 256 (LaMa: 10 + randint(`max_len`)).
    public var segmentLength: ClosedRange<Int>
    /// Number of distinct directions (LaMa `max_angle` = 4: angles 0.01, 1.01, 2.01, 3.01 radians).
    public var angleCount: Int = 4
    /// Chance that a mask is boxes instead of strokes (LaMa: box_proba / (irregular_proba + box_proba)).
    public var boxProbability: Double
    /// Boxes per box mask (LaMa `min_times`…`max_times`).
    public var boxes: ClosedRange<Int>
    /// Box side in px at 256 (LaMa `bbox_min_size`…`bbox_max_size`; its generator allows the maximum itself).
    public var boxSide: ClosedRange<Int>
    /// Distance of boxes from the image border in px at 256 (LaMa `margin`).
    public var boxMargin: Int
    /// Largest hole fraction kept (LaMa `max_tamper_area` = 0.5: larger masks are drawn again).
    public var maximumHoleFraction: Double = 0.5

    /// The side LaMa's parameters are given at.
    public static let referenceSide = 256.0

    /// `random_thin_256`: 4–50 thin strokes (widths 5–14 px), no boxes.
    public static let thin = LaMaMaskFamily(
        strokes: 4...51, brushWidth: 5...14, segmentLength: 10...49,
        boxProbability: 0, boxes: 0...0, boxSide: 0...0, boxMargin: 0)
    /// `random_medium_256`: 4–5 strokes of widths 5–54 px, or 1–5 boxes of 10–50 px.
    public static let medium = LaMaMaskFamily(
        strokes: 4...6, brushWidth: 5...54, segmentLength: 10...109,
        boxProbability: 0.3 / 1.3, boxes: 1...5, boxSide: 10...50, boxMargin: 0)
    /// `random_thick_256`: 1–5 strokes of widths 5–104 px, or 1–3 boxes of 30–150 px, 10 px from the border.
    public static let thick = LaMaMaskFamily(
        strokes: 1...6, brushWidth: 5...104, segmentLength: 10...209,
        boxProbability: 0.3 / 1.3, boxes: 1...3, boxSide: 30...150, boxMargin: 10)
}
