// The side-by-side table (method, MSE, PSNR, SSIM, FID (N), KID (N), time) as plain cells, rendered by the
// Markdown, HTML and terminal writers so all three show the same numbers; the same per group of images
// (hole-size bin, face region).

/// A table of text cells with a header.
public struct ReportTable: Equatable, Sendable {
    public var header: [String]
    public var rows: [[String]]

    /// The main table of a run.
    public init(summary: RunSummary) {
        header = [
            "method", "N", "MSE", "PSNR (dB)", "SSIM", "hole MSE", "hole PSNR (dB)", "hole L1", "FID (N)",
            "KID×10³ (N)", "s/image median", "mean", "p90", "images/s", "CPU s/image", "threads", "failed"
        ]
        rows = summary.methods.map(ReportTable.cells)
    }

    /// The per-stage table (mean seconds per image), for methods that report stages.
    public static func stages(summary: RunSummary) -> ReportTable? {
        let methods = summary.methods.filter { !$0.stages.isEmpty }
        guard !methods.isEmpty else { return nil }
        var table = ReportTable(header: ["method", "stage", "mean s/image"], rows: [])
        for m in methods {
            for stage in m.stages { table.rows.append([m.method, stage.name, format(stage.seconds, 4)]) }
        }
        return table
    }

    /// One line per group and method: counts, every mean, FID and KID over the group's images, median time.
    public static func groups(_ groups: [GroupSummary], title: String) -> ReportTable {
        var table = ReportTable(
            header: [
                title, "method", "N", "MSE", "PSNR (dB)", "SSIM", "hole MSE", "hole PSNR (dB)",
                "hole L1", "FID (N)", "KID×10³ (N)", "best hole PSNR on", "s/image median"
            ], rows: [])
        for group in groups {
            for m in group.methods {
                table.rows.append([
                    group.key, m.method, String(m.images), format(m.mse, 5), format(m.psnr, 2),
                    format(m.ssim, 4), format(m.holeMSE, 5), format(m.holePSNR, 2), format(m.holeL1, 4),
                    fidCell(m), kidCell(m), m.bestHolePSNR.map { "\($0) of \(group.images)" } ?? "–",
                    format(m.wall?.median, 3)
                ])
            }
        }
        return table
    }

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    static func cells(_ m: MethodSummary) -> [String] {
        let psnr =
            m.psnr.map { value in
                format(value, 2) + (m.psnrCI95.map { " ± " + format($0, 2) } ?? "")
            } ?? "–"
        var times = [
            format(m.wall?.median, 3), format(m.wall?.mean, 3), format(m.wall?.p90, 3),
            format(m.wall?.imagesPerSecond, 2), format(m.cpuMean, 3)
        ]
        if m.external == true { times = times.map { _ in "external" } }  // another tool's outputs: not timed
        return [
            m.method, String(m.images), format(m.mse, 5), psnr, format(m.ssim, 4), format(m.holeMSE, 5),
            format(m.holePSNR, 2), format(m.holeL1, 4), fidCell(m), kidCell(m)
        ] + times
            + [m.external == true ? "–" : String(m.threads), String(m.failed)]
    }

    /// "42.30 (330)"; "– (N)" when missing.
    static func fidCell(_ m: MethodSummary) -> String {
        m.fid.value.map { "\(format($0, 2)) (\(m.fid.images))" } ?? "– (\(m.fid.images))"
    }

    /// KID × 10³ "12.34 ± 0.56 (330)": the ± (standard deviation over subsets) only when the subsets are
    /// smaller than the set, since otherwise every subset is the whole set and the spread is 0 by construction.
    static func kidCell(_ m: MethodSummary) -> String {
        guard let kid = m.kid else { return "–" }
        guard let mean = kid.mean else { return "– (\(kid.images))" }
        var text = format(mean * 1000, 2)
        if let sd = kid.standardDeviation, let size = kid.subsetSize, size < kid.images { text += " ± " + format(sd * 1000, 2) }
        return text + " (\(kid.images))"
    }

    /// A number with `digits` decimals, "–" for nil, "∞" for +∞; a negative value that rounds to zero (an
    /// unbiased KID of two near-identical sets, say) prints as "0.00", not "-0.00".
    public static func format(_ value: Double?, _ digits: Int) -> String {
        guard let value else { return "–" }
        if value == .infinity { return "∞" }
        if value.isNaN { return "nan" }
        let text = String(format: "%.\(digits)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// Markdown (GitHub pipe table).
    public var markdown: String {
        var lines = [
            "| " + header.joined(separator: " | ") + " |",
            "|" + header.map { _ in " --- |" }.joined()
        ]
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Plain text with aligned columns, for the terminal.
    public var plainText: String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

import Foundation
