// report.html: the same settings and table as report.md, then a grid with one line per image:
// masked input | each method | ground truth, with each method's PSNR/SSIM under its picture.

import Foundation
import ImageCore

/// Writes report.html.
public enum ReportHTML {
    /// The page's text; `images` are the image names in run order.
    public static func text(_ summary: RunSummary, rows: [ResultRow], images: [String], folder: RunFolder) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Inpainting comparison</title>
        <style>
        body { font-family: sans-serif; margin: 2em; }
        table { border-collapse: collapse; }
        td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
        td:first-child, th:first-child { text-align: left; }
        .grid td { text-align: center; font-size: 0.8em; vertical-align: top; }
        .grid img { width: 160px; image-rendering: pixelated; display: block; }
        .failed { color: #a00; }
        </style></head><body>
        <h1>Inpainting comparison</h1>\n
        """
        out += "<ul>\n" + ReportMarkdown.settingsLines(summary.configuration)
            .map { "<li>\(escape($0.replacingOccurrences(of: "`", with: "")))</li>\n" }.joined() + "</ul>\n"
        out += "<h2>Results (\(summary.images) images)</h2>\n" + table(ReportTable(summary: summary))
        if let stages = ReportTable.stages(summary: summary) { out += "<h3>Time per stage</h3>\n" + table(stages) }
        out += "<h2>Images</h2>\n" + grid(summary, rows: rows, images: images, folder: folder)
        return out + "</body></html>\n"
    }

    /// Writes report.html atomically.
    public static func write(_ summary: RunSummary, rows: [ResultRow], images: [String], folder: RunFolder) throws {
        try AtomicFile.write(Data(text(summary, rows: rows, images: images, folder: folder).utf8), to: folder.reportHTML)
    }

    static func table(_ t: ReportTable) -> String {
        var out = "<table>\n<tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in t.rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return out + "</table>\n"
    }

    static func grid(_ summary: RunSummary, rows: [ResultRow], images: [String], folder: RunFolder) -> String {
        let methods = summary.methods.map(\.method)
        var byKey: [String: ResultRow] = [:]
        for row in rows { byKey[row.image + "\u{0}" + row.method] = row }
        var out = "<table class=\"grid\">\n<tr><th>image</th><th>masked input</th>"
            + methods.map { "<th>\(escape($0))</th>" }.joined() + "<th>ground truth</th></tr>\n"
        for name in images {
            let stem = (name as NSString).deletingPathExtension
            out += "<tr><td>\(escape(name))</td>" + cell(folder.relativeImagePath(stem: stem, kind: .masked), caption: "")
            for method in methods {
                guard let row = byKey[name + "\u{0}" + method] else { out += "<td>–</td>"; continue }
                if let s = row.scores {
                    let caption = "PSNR \(ReportTable.format(s.psnr, 2)) · SSIM \(ReportTable.format(s.ssim, 3))"
                    out += cell(folder.relativeImagePath(stem: stem, kind: .method(method)), caption: caption)
                } else {
                    out += "<td class=\"failed\">failed: \(escape(row.error ?? ""))</td>"
                }
            }
            out += cell(folder.relativeImagePath(stem: stem, kind: .truth), caption: "") + "</tr>\n"
        }
        return out + "</table>\n"
    }

    static func cell(_ path: String, caption: String) -> String {
        "<td><img src=\"\(escape(path))\" alt=\"\(escape(path))\" loading=\"lazy\">\(escape(caption))</td>"
    }

    /// Escapes &, <, >, and quotes.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
