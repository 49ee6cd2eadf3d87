// report.md: what was compared (data, masks, seed, size, machine, command), the side-by-side table, the
// stage timings, FID notes, and the images that failed or were skipped.

import Foundation
import ImageCore

/// Writes report.md.
public enum ReportMarkdown {
    /// The report's text.
    public static func text(_ summary: RunSummary, rows: [ResultRow]) -> String {
        let c = summary.configuration
        var out = "# Inpainting comparison\n\n"
        out += settingsLines(c).map { "- \($0)\n" }.joined()
        out += "\n## Results (\(summary.images) images)\n\n"
        out += "Scores are means over the images each method completed (PSNR with its 95 % interval); "
        out += "times are the inpainting alone, per image.\n\n"
        out += ReportTable(summary: summary).markdown
        if let stages = ReportTable.stages(summary: summary) {
            out += "\n### Time per stage\n\n" + stages.markdown
        }
        let loads = summary.methods.compactMap { m in m.loadSeconds.map { "\(m.method): \(ReportTable.format($0, 3)) s" } }
        if !loads.isEmpty { out += "\nModel load time (not in the per-image times): " + loads.joined(separator: ", ") + ".\n" }
        out += "\nWhole run: \(ProgressBar.duration(summary.runSeconds)) wall, \(ProgressBar.duration(summary.runCPUSeconds)) CPU "
        out += "(reading, inpainting, scoring, saving, FID features); FID features \(ProgressBar.duration(summary.fidFeatureSeconds)) wall.\n"
        out += notes(summary, rows: rows)
        return out
    }

    /// Writes report.md atomically.
    public static func write(_ summary: RunSummary, rows: [ResultRow], to url: URL) throws {
        try AtomicFile.write(Data(text(summary, rows: rows).utf8), to: url)
    }

    /// The run's choices, one line each.
    static func settingsLines(_ c: RunConfiguration) -> [String] {
        var lines = ["data: `\(c.data)`" + (c.partition.map { ", partition `\($0)` split \(c.split ?? "test")" } ?? "")
                        + (c.limit.map { ", first \($0)" } ?? ""),
                     "holes: \(c.masks.summary); images cropped to \(c.size)×\(c.size) (short side, centre)",
                     "methods: " + c.methods.map { m in
                         m.label + (m.settings.isEmpty ? "" : " (" + m.settings.sorted { $0.key < $1.key }
                             .map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")")
                     }.joined(separator: "; "),
                     "FID: " + (c.fidWeights.map { "Inception-v3 pool3 features, weights `\($0)`" } ?? "not computed (\(c.fidNote ?? "no weights"))"),
                     "machine: \(c.machine), \(c.threads) thread(s); started \(c.started)",
                     "command: `\(c.command)`"]
        if c.shards != [Shard.whole] { lines.append("parts: " + c.shards.map(\.description).joined(separator: ", ")) }
        return lines
    }

    static func notes(_ summary: RunSummary, rows: [ResultRow]) -> String {
        var out = ""
        let fidNotes = summary.methods.compactMap { m in m.fid.note.map { "\(m.method): \($0)" } }
        if !fidNotes.isEmpty { out += "\n### FID notes\n\n" + fidNotes.map { "- \($0)\n" }.joined() }
        if summary.methods.contains(where: { $0.fid.value != nil && $0.fid.images < 2048 }) {
            out += "\nWith fewer than 2048 images the feature covariance is singular; FID is still defined but "
            out += "depends on N, so compare FIDs only at equal N.\n"
        }
        let failures = rows.filter { !$0.succeeded }
        if !failures.isEmpty {
            out += "\n### Failures\n\n" + failures.map { "- \($0.image), \($0.method): \($0.error ?? "failed")\n" }.joined()
        }
        if !summary.skipped.isEmpty {
            out += "\n### Skipped images\n\n" + summary.skipped.map { "- \($0.image): \($0.reason)\n" }.joined()
        }
        return out
    }
}
