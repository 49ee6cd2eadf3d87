// Inline SVG charts of report.html (no script, no network): the per-image scatter of one metric, method A
// against method B (one dot per image, a link to its grid row), and grouped bar charts of a mean per
// hole-size bin or face region. report.html's script redraws the scatter with the same geometry
// (`ReportHTMLAssets.script`) when another pair of methods is chosen.

import Foundation

/// SVG charts for report.html.
enum ReportSVG {
    /// Colours of the methods in the bar charts (a colour-blind-safe palette, cycled).
    static let palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]

    /// The scatter's side and margin in pixels (the script uses the same numbers).
    static let scatterSide = 380.0, scatterMargin = 44.0

    /// One dot per image with both values: x = method A's value, y = method B's; the diagonal y = x.
    /// `points` are (image index in the grid, x, y, tooltip).
    static func scatter(points: [(index: Int, x: Double, y: Double, title: String)], xLabel: String, yLabel: String) -> String {
        let side = scatterSide, margin = scatterMargin
        var out =
            "<svg id=\"scatter\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(side))\" height=\"\(Int(side))\" "
            + "viewBox=\"0 0 \(Int(side)) \(Int(side))\" role=\"img\" aria-label=\"per-image scatter\">\n"
        let values = points.flatMap { [$0.x, $0.y] }
        guard var lo = values.min(), var hi = values.max() else {
            return out + "<text x=\"20\" y=\"40\">no image with values for both methods</text></svg>\n"
        }
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.04
        lo -= pad
        hi += pad
        func sx(_ v: Double) -> Double { margin + (v - lo) / (hi - lo) * (side - 1.5 * margin) }
        func sy(_ v: Double) -> Double { side - margin - (v - lo) / (hi - lo) * (side - 1.5 * margin) }
        out +=
            "<g class=\"axes\"><rect x=\"\(f(sx(lo)))\" y=\"\(f(sy(hi)))\" width=\"\(f(sx(hi) - sx(lo)))\" height=\"\(f(sy(lo) - sy(hi)))\" fill=\"none\" stroke=\"#999\"/>"
        out +=
            "<line x1=\"\(f(sx(lo)))\" y1=\"\(f(sy(lo)))\" x2=\"\(f(sx(hi)))\" y2=\"\(f(sy(hi)))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
        out += "<text x=\"\(f(sx(lo)))\" y=\"\(f(side - margin + 14))\" font-size=\"11\">\(f1(lo))</text>"
        out += "<text x=\"\(f(sx(hi)))\" y=\"\(f(side - margin + 14))\" font-size=\"11\" text-anchor=\"end\">\(f1(hi))</text>"
        out += "<text x=\"\(f(margin - 4))\" y=\"\(f(sy(lo)))\" font-size=\"11\" text-anchor=\"end\">\(f1(lo))</text>"
        out += "<text x=\"\(f(margin - 4))\" y=\"\(f(sy(hi) + 10))\" font-size=\"11\" text-anchor=\"end\">\(f1(hi))</text>"
        out +=
            "<text class=\"xlabel\" x=\"\(f(side / 2))\" y=\"\(f(side - 8))\" font-size=\"12\" text-anchor=\"middle\">\(ReportHTML.escape(xLabel))</text>"
        out +=
            "<text class=\"ylabel\" x=\"12\" y=\"\(f(side / 2))\" font-size=\"12\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 12 \(f(side / 2)))\">\(ReportHTML.escape(yLabel))</text></g>\n<g class=\"dots\">"
        for p in points {
            out +=
                "<circle data-i=\"\(p.index)\" cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(p.y)))\" r=\"3.5\">"
                + "<title>\(ReportHTML.escape(p.title))</title></circle>"
        }
        return out + "</g></svg>\n"
    }

    /// Grouped bars: one group per entry of `groups` (label), one bar per method (at most `palette.count`),
    /// height `value`; missing values leave a gap. `unit` is printed on the axis.
    static func bars(groups: [(label: String, values: [Double?])], methods: [String], unit: String) -> String {
        let barWidth = 14.0, gap = 18.0, height = 160.0, left = 46.0, top = 24.0, bottom = 34.0
        let shown = min(methods.count, palette.count)
        let band = max(Double(shown) * barWidth + gap, 92)  // room for a label like "10–20 % (150)"
        let width = left + Double(groups.count) * band + 10
        let legendRows = (shown + 3) / 4
        let legendHeight = Double(legendRows) * 16
        let all = groups.flatMap { $0.values.prefix(shown).compactMap { $0 } }.filter(\.isFinite)
        let hi = max(all.max() ?? 1, 1e-9) * 1.05, lo = min(0, all.min() ?? 0)
        func y(_ v: Double) -> Double { top + legendHeight + (hi - v) / (hi - lo) * height }
        let total = top + legendHeight + height + bottom
        var out =
            "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(max(width, 320)))\" height=\"\(Int(total))\" "
            + "role=\"img\" aria-label=\"bar chart\">\n"
        for (m, name) in methods.prefix(shown).enumerated() {
            let lx = left + Double(m % 4) * 150, ly = 6 + Double(m / 4) * 16
            out +=
                "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"10\" height=\"10\" fill=\"\(palette[m])\"/>"
                + "<text x=\"\(f(lx + 14))\" y=\"\(f(ly + 9))\" font-size=\"11\">\(ReportHTML.escape(String(name.prefix(22))))</text>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(y(lo)))\" x2=\"\(f(width - 10))\" y2=\"\(f(y(lo)))\" stroke=\"#999\"/>"
        out += "<text x=\"\(f(left - 4))\" y=\"\(f(y(hi) + 10))\" font-size=\"11\" text-anchor=\"end\">\(f1(hi))</text>"
        out += "<text x=\"\(f(left - 4))\" y=\"\(f(y(lo)))\" font-size=\"11\" text-anchor=\"end\">\(f1(lo))</text>"
        out += "<text x=\"4\" y=\"\(f(top + legendHeight - 6))\" font-size=\"11\">\(ReportHTML.escape(unit))</text>\n"
        for (g, group) in groups.enumerated() {
            let x0 = left + Double(g) * band + (band - Double(shown) * barWidth) / 2
            for (m, value) in group.values.prefix(shown).enumerated() {
                guard let value, value.isFinite else { continue }
                let top = min(y(value), y(lo)), h = abs(y(lo) - y(value))
                out +=
                    "<rect x=\"\(f(x0 + Double(m) * barWidth))\" y=\"\(f(top))\" width=\"\(f(barWidth - 2))\" height=\"\(f(h))\" "
                    + "fill=\"\(palette[m])\"><title>\(ReportHTML.escape("\(methods[m]), \(group.label): \(f2(value))"))</title></rect>"
            }
            out +=
                "<text x=\"\(f(x0 + Double(shown) * barWidth / 2))\" y=\"\(f(y(lo) + 16))\" font-size=\"11\" "
                + "text-anchor=\"middle\">\(ReportHTML.escape(group.label))</text>\n"
        }
        return out + "</svg>\n"
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    private static func f1(_ v: Double) -> String { String(format: "%.1f", v) }
    private static func f2(_ v: Double) -> String { String(format: "%.3f", v) }
}
