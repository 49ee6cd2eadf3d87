// The per-image parts of report.html: the controls (two methods, a metric, the grid order) with the
// scatter of the chosen pair, the image grid, and the per-image scores as JSON for the page's script.

import Foundation

/// The per-image parts of report.html.
struct ReportGrid {
    let methods: [MethodSummary]
    let images: [String]
    let folder: RunFolder
    /// byImage[image][method index] = that row.
    let byImage: [String: [ResultRow?]]
    /// Hole fraction and region of each image (from its first row).
    let holes: [String: ResultRow]
    /// Whether the run groups holes by face region (aligned faces).
    let showRegions: Bool

    init(summary: RunSummary, rows: [ResultRow], images: [String], folder: RunFolder) {
        methods = summary.methods
        self.images = images
        self.folder = folder
        let index = Dictionary(summary.methods.enumerated().map { ($1.method, $0) }, uniquingKeysWith: { a, _ in a })
        var byImage: [String: [ResultRow?]] = [:]
        var holes: [String: ResultRow] = [:]
        for row in rows {
            guard let m = index[row.method] else { continue }
            byImage[row.image, default: Array(repeating: nil, count: summary.methods.count)][m] = row
            if holes[row.image] == nil { holes[row.image] = row }
        }
        self.byImage = byImage
        self.holes = holes
        showRegions = summary.faceRegions != nil
    }

    var compact: Bool { methods.count > ReportHTML.fullGridLimit }

    /// Select boxes and the scatter (nothing with fewer than two methods).
    var controls: String {
        guard methods.count >= 2 else { return "" }
        func select(_ id: String, _ chosen: Int) -> String {
            "<select id=\"\(id)\">"
                + methods.enumerated().map { i, m in
                    "<option value=\"\(i)\"\(i == chosen ? " selected" : "")>\(ReportHTML.escape(m.method))</option>"
                }.joined() + "</select>"
        }
        var out = "<h2>Per image: method A against method B</h2>\n<div class=\"controls\">"
        out += "<label>A " + select("method-a", 0) + "</label><label>B " + select("method-b", 1) + "</label>"
        out +=
            "<label>metric <select id=\"metric\"><option value=\"psnr\">PSNR (dB)</option>"
            + "<option value=\"hole\">hole PSNR (dB)</option><option value=\"ssim\">SSIM</option></select></label>"
        out +=
            "<label>grid order <select id=\"order\"><option value=\"run\">run order</option>"
            + "<option value=\"a-b\">A − B, largest first (where A wins)</option>"
            + "<option value=\"b-a\">B − A, largest first (where B wins)</option>"
            + "<option value=\"hole\">hole size, largest first</option></select></label>"
        out += "<label>images <select id=\"filter\"><option value=\"all\">all</option>" + filterOptions + "</select></label></div>\n"
        out += "<p>One dot per image (click: its row in the grid); above the diagonal B scores higher. <span id=\"wins\"></span></p>\n"
        let points = images.enumerated().compactMap { i, name -> (Int, Double, Double, String)? in
            guard let a = byImage[name]?[0]?.scores?.psnr, let b = byImage[name]?[1]?.scores?.psnr,
                a.isFinite, b.isFinite
            else { return nil }
            return (i, a, b, "\(name): \(ReportTable.format(a, 2)) vs \(ReportTable.format(b, 2)) dB")
        }
        out +=
            "<div id=\"scatter-box\">"
            + ReportSVG.scatter(
                points: points, xLabel: methods[0].method + " — PSNR (dB)",
                yLabel: methods[1].method + " — PSNR (dB)") + "</div>\n"
        return out
    }

    /// One option per hole-size bin that holds images and per face region (when shown).
    var filterOptions: String {
        let bins = Set(holes.values.map(\.holeSizeBin)).sorted()
        var out = bins.map { "<option value=\"bin-\($0.index)\">holes \($0.label)</option>" }.joined()
        if showRegions {
            let regions = Set(holes.values.compactMap(\.faceRegion))
            out += FaceRegion.allCases.filter(regions.contains).map { "<option value=\"region-\($0.rawValue)\">\($0.rawValue)</option>" }
                .joined()
        }
        return out
    }

    /// The grid: one row per image.
    var table: String {
        let shown: [(index: Int, pick: String?)] = compact ? [(0, "pick-a"), (1, "pick-b")] : methods.indices.map { ($0, nil) }
        let note = compact ? "<p>\(methods.count) methods: the grid shows the methods A and B chosen above.</p>\n" : ""
        return note + gridTable(shown)
    }

    private func gridTable(_ shown: [(index: Int, pick: String?)]) -> String {
        var out = "<table class=\"grid\">\n<thead><tr><th>image</th><th>masked input</th>"
        for s in shown {
            out += "<th\(s.pick.map { " class=\"\($0)\"" } ?? "")>\(ReportHTML.escape(methods[s.index].method))</th>"
        }
        out += "<th>ground truth</th></tr></thead>\n<tbody>\n"
        for (i, name) in images.enumerated() {
            let stem = (name as NSString).deletingPathExtension
            var caption = name
            if let hole = holes[name] {
                caption += " · hole \(ReportTable.format(hole.holeFraction * 100, 1)) %"
                if showRegions, let region = hole.faceRegion { caption += " · \(region.rawValue)" }
            }
            out +=
                "<tr id=\"img-\(i)\" data-i=\"\(i)\"><td>\(ReportHTML.escape(caption))</td>"
                + cell(folder.relativeImagePath(stem: stem, kind: .masked), caption: "", pick: nil)
            for s in shown {
                let method = methods[s.index].method
                guard let row = byImage[name]?[s.index] else {
                    out +=
                        s.pick == nil
                        ? "<td>–</td>" : cell(folder.relativeImagePath(stem: stem, kind: .method(method)), caption: "–", pick: s.pick)
                    continue
                }
                if let scores = row.scores {
                    let text = "PSNR \(ReportTable.format(scores.psnr, 2)) · SSIM \(ReportTable.format(scores.ssim, 3))"
                    out += cell(folder.relativeImagePath(stem: stem, kind: .method(method)), caption: text, pick: s.pick)
                } else if s.pick != nil {
                    out += cell(folder.relativeImagePath(stem: stem, kind: .method(method)), caption: "failed", pick: s.pick)
                } else {
                    out += "<td class=\"failed\">failed: \(ReportHTML.escape(row.error ?? ""))</td>"
                }
            }
            out += cell(folder.relativeImagePath(stem: stem, kind: .truth), caption: "", pick: nil) + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    private func cell(_ path: String, caption: String, pick: String?) -> String {
        "<td\(pick.map { " class=\"pick \($0)\"" } ?? "")><img src=\"\(ReportHTML.escape(path))\" alt=\"\(ReportHTML.escape(path))\" "
            + "loading=\"lazy\"><span>\(ReportHTML.escape(caption))</span></td>"
    }

    /// What the script reads: methods (label, file-name slug) and, per image in grid order, its name, stem,
    /// hole fraction, region and [PSNR, SSIM, hole PSNR] per method (null where failed or not finite).
    var dataJSON: String {
        struct Method: Encodable { let label: String, slug: String }
        struct Entry: Encodable {
            let name: String, stem: String, hole: Double, region: String?
            let s: [[Double?]?]
        }
        struct Payload: Encodable { let methods: [Method], images: [Entry] }
        func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }
        let payload = Payload(
            methods: methods.map { Method(label: $0.method, slug: RunFolder.slug($0.method)) },
            images: images.map { name in
                Entry(
                    name: name, stem: (name as NSString).deletingPathExtension, hole: holes[name]?.holeFraction ?? 0,
                    region: showRegions ? holes[name]?.faceRegion?.rawValue : nil,
                    s: (byImage[name] ?? Array(repeating: nil, count: methods.count)).map { row in
                        row?.scores.map { [finite($0.psnr), finite($0.ssim), finite($0.holePSNR)] }
                    })
            })
        let data = (try? JSONEncoder().encode(payload)) ?? Data("{\"methods\":[],\"images\":[]}".utf8)
        // Inside <script>, "<" must never open a tag ("</script>" in a file name): JSON allows \u003c.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
