// report.html, a page to read: the settings and the sortable results table (as report.md), the KID note,
// a per-image scatter of two chosen methods (dots jump to the image's row), bar charts and tables per
// hole-size bin and per face region, and the image grid (masked input | methods | ground truth), which
// can be ordered by the difference between the two chosen methods. With many methods (a channel sweep)
// the grid shows the two chosen ones instead of one column per method. Everything is inline: no network.
// Layout of the page and of its script: docs/evaluation.md, "The HTML report".

import Foundation
import ImageCore

/// Writes report.html.
public enum ReportHTML {
    /// Above this many methods the grid shows only the two chosen ones (select boxes).
    public static let fullGridLimit = 6

    /// The page's text; `images` are the image names in run order.
    public static func text(_ summary: RunSummary, rows: [ResultRow], images: [String], folder: RunFolder) -> String {
        let grid = ReportGrid(summary: summary, rows: rows, images: images, folder: folder)
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Inpainting comparison</title>
            <style>
            \(ReportHTMLAssets.style)
            </style></head><body>
            <h1>Inpainting comparison</h1>\n
            """
        out +=
            "<ul>\n"
            + ReportMarkdown.settingsLines(summary.configuration)
            .map { "<li>\(escape($0.replacingOccurrences(of: "`", with: "")))</li>\n" }.joined() + "</ul>\n"
        out += "<h2>Results (\(summary.images) images)</h2>\n" + table(ReportTable(summary: summary), id: "results")
        if summary.methods.contains(where: { $0.fid.value != nil && $0.fid.images < 2048 }) {
            out +=
                "<p class=\"note\"><strong>With N &lt; 2048 images, KID is the number to compare:</strong> FID is then "
                + "biased upwards and depends on N; KID (unbiased MMD², \(escape(ReportMarkdown.kidSettings(summary.configuration)))) is not.</p>\n"
        }
        if let stages = ReportTable.stages(summary: summary) {
            out += "<details><summary>Time per stage</summary>\n" + table(stages, id: "stages") + "</details>\n"
        }
        out += grid.controls
        out += groupSection(
            summary.holeSizeBins, title: "By hole size", keyTitle: "hole", text: ReportMarkdown.binsText,
            methods: summary.methods.map(\.method), id: "bins")
        if let regions = summary.faceRegions {
            out += groupSection(
                regions, title: "By face region", keyTitle: "region",
                text: ReportMarkdown.regionText(size: summary.configuration.size),
                methods: summary.methods.map(\.method), id: "regions")
        }
        out += "<h2>Images</h2>\n" + grid.table
        out += "<script type=\"application/json\" id=\"report-data\">\(grid.dataJSON)</script>\n"
        out += "<script>\n\(ReportHTMLAssets.script)\n</script>\n"
        return out + "</body></html>\n"
    }

    /// Writes report.html atomically.
    public static func write(_ summary: RunSummary, rows: [ResultRow], images: [String], folder: RunFolder) throws {
        try AtomicFile.write(Data(text(summary, rows: rows, images: images, folder: folder).utf8), to: folder.reportHTML)
    }

    /// A bar chart of mean hole PSNR and one of mean SSIM per group, then the group table.
    static func groupSection(
        _ groups: [GroupSummary]?, title: String, keyTitle: String, text: String,
        methods: [String], id: String
    ) -> String {
        guard let groups, !groups.isEmpty else { return "" }
        var out = "<h2>\(escape(title))</h2>\n<p>\(escape(text))</p>\n"
        if methods.count > ReportSVG.palette.count {
            out += "<p>The charts show the first \(ReportSVG.palette.count) of \(methods.count) methods; the table lists all.</p>\n"
        }
        func chart(_ value: (MethodSummary) -> Double?, unit: String) -> String {
            ReportSVG.bars(groups: groups.map { g in ("\(g.key) (\(g.images))", g.methods.map(value)) }, methods: methods, unit: unit)
        }
        out +=
            "<div class=\"charts\">" + chart(\.holePSNR, unit: "mean hole PSNR (dB)") + chart(\.ssim, unit: "mean SSIM")
            + "</div>\n"
        return out + table(ReportTable.groups(groups, title: keyTitle), id: id)
    }

    /// A sortable table (click a header).
    static func table(_ t: ReportTable, id: String) -> String {
        var out =
            "<table class=\"sortable\" id=\"\(escape(id))\">\n<thead><tr>"
            + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in t.rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table>\n"
    }

    /// Escapes &, <, >, and quotes.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
