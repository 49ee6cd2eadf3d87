// report.md: what was compared (data, masks, seed, size, machine, command), the side-by-side table, the
// stage timings, the same table per hole-size bin and per face region, FID/KID notes, and the images that
// failed or were skipped.

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
        out +=
            "(reading, inpainting, scoring, saving, FID features); FID features \(ProgressBar.duration(summary.fidFeatureSeconds)) wall.\n"
        out += groupSections(summary)
        out += notes(summary, rows: rows)
        return out
    }

    /// The per-bin and per-region tables with what they mean.
    static func groupSections(_ summary: RunSummary) -> String {
        var out = ""
        if let bins = summary.holeSizeBins, !bins.isEmpty {
            out += "\n## By hole size\n\n" + binsText + "\n\n" + ReportTable.groups(bins, title: "hole").markdown
        }
        if let regions = summary.faceRegions {
            out += "\n## By face region\n\n" + regionText(size: summary.configuration.size) + "\n\n"
            out += regions.isEmpty ? "No hole to classify.\n" : ReportTable.groups(regions, title: "region").markdown
        }
        return out
    }

    static let binsText =
        "Images grouped by the hole's share of the image area (10 % bins: a bin holds its lower edge); "
        + "FID and KID are over the bin's images only (N beside them), so they are comparable between methods "
        + "within a bin, not between bins. \"best hole PSNR on\": the images of the group on which the method's "
        + "hole PSNR is the highest of all methods."

    /// The region rule, with the box at the run's crop size.
    static func regionText(size: Int) -> String {
        "A hole is in the face core when at least \(Int(FaceRegion.coreThreshold * 100)) % of its pixels lie in the "
            + "face-core box of the aligned CelebA layout (eyes, nose, mouth: \(FaceCoreBox(size: size).description(size: size))), "
            + "else in the periphery (hair, forehead, cheeks, background); docs/evaluation.md says how the box was chosen."
    }

    /// Writes report.md atomically.
    public static func write(_ summary: RunSummary, rows: [ResultRow], to url: URL) throws {
        try AtomicFile.write(Data(text(summary, rows: rows).utf8), to: url)
    }

    /// The run's choices, one line each.
    static func settingsLines(_ c: RunConfiguration) -> [String] {
        var lines = [
            "data: `\(c.data)`" + (c.partition.map { ", partition `\($0)` split \(c.split ?? "test")" } ?? "")
                + (c.limit.map { ", first \($0)" } ?? ""),
            "holes: \(c.masks.summary); images cropped to \(c.size)×\(c.size) (short side, centre)",
            "methods: "
                + c.methods.map { m in
                    m.label
                        + (m.settings.isEmpty
                            ? ""
                            : " ("
                                + m.settings.sorted { $0.key < $1.key }
                                .map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")")
                }.joined(separator: "; "),
            "FID and KID: "
                + (c.fidWeights.map { "Inception-v3 pool3 features, weights `\($0)`; KID: \(kidSettings(c))" }
                    ?? "not computed (\(c.fidNote ?? "no weights"))"),
            "machine: \(c.machine), \(c.threads) thread(s); started \(c.started)",
            "command: `\(c.command)`"
        ]
        if c.shards != [Shard.whole] { lines.append("parts: " + c.shards.map(\.description).joined(separator: ", ")) }
        return lines
    }

    /// "cubic kernel, 100 subsets of up to 1000 images, seed 0".
    static func kidSettings(_ c: RunConfiguration) -> String {
        let p = c.kidParameters
        return "cubic polynomial kernel, \(p.subsets) subsets of min(N, \(p.subsetSize)) images, seed \(p.seed); "
            + "KID×10³ is printed, ± its standard deviation over the subsets when they are smaller than N"
    }

    static func notes(_ summary: RunSummary, rows: [ResultRow]) -> String {
        var out = ""
        let fidNotes = summary.methods.compactMap { m in m.fid.note.map { "\(m.method): \($0)" } }
        if !fidNotes.isEmpty { out += "\n### FID notes\n\n" + fidNotes.map { "- \($0)\n" }.joined() }
        let kidNotes = summary.methods.compactMap { m in m.kid?.note.map { "\(m.method): \($0)" } }
        if !kidNotes.isEmpty && kidNotes.count != fidNotes.count { out += "\n### KID notes\n\n" + kidNotes.map { "- \($0)\n" }.joined() }
        if summary.methods.contains(where: { $0.fid.value != nil && $0.fid.images < 2048 }) {
            out += "\n**With N < 2048 images, KID is the number to compare.** The feature covariance is then singular: "
            out += "FID is still defined but biased upwards and dependent on N, so compare FIDs only at equal N; KID "
            out += "(unbiased MMD², " + kidSettings(summary.configuration) + ") has no such bias.\n"
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
