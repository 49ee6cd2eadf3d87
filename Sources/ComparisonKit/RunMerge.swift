// `compare merge`: joins the folders of the parts of one evaluation (`--shard i/n`) into one run folder:
// rows concatenated in part order, features concatenated and FID recomputed over all images, PNGs copied,
// and the reports written again. The parts must share data, split, limit, size, masks and methods.

import Foundation
import ImageCore
import Metrics

/// Merges run folders.
public enum RunMerge {
    /// Merges `parts` into `output`; returns the merged summary.
    @discardableResult
    public static func merge(
        _ parts: [RunFolder], into output: RunFolder, distance: FeatureDistance?,
        command: String
    ) throws -> RunSummary {
        guard !parts.isEmpty else { throw ComparisonError.mergeMismatch("no run folder given") }
        let summaries = try parts.map { try RunSummary.read($0.summaryJSON) }
        let configuration = try mergedConfiguration(summaries.map(\.configuration), command: command)
        var outcome = RunOutcome()
        outcome.truthFeatures = summaries.allSatisfy { $0.configuration.fidWeights != nil } ? FeatureSet() : nil
        var seen = Set<String>()
        for (part, summary) in zip(parts, summaries) {
            let rows = try ResultsCSV.read(part.resultsCSV)
            let before = seen
            for row in rows where !seen.contains(row.image) || before.contains(row.image) {
                guard !before.contains(row.image) else {
                    throw ComparisonError.mergeMismatch("image \(row.image) appears in more than one part")
                }
                outcome.images.append(row.image)
                seen.insert(row.image)
            }
            outcome.rows += rows
            outcome.skipped += summary.skipped
            outcome.runSeconds += summary.runSeconds
            outcome.runCPUSeconds += summary.runCPUSeconds
            outcome.featureSeconds += summary.fidFeatureSeconds
            if outcome.truthFeatures != nil {
                do { try appendFeatures(of: part, configuration, to: &outcome) } catch {
                    outcome.truthFeatures = nil
                    outcome.methodFeatures = [:]
                    outcome.featureNote = "features of \(part.url.path) unreadable: \(error)"
                }
            }
        }
        for part in parts { try copyImages(from: part, to: output) }
        return try RunReports.write(folder: output, configuration: configuration, outcome: outcome, distance: distance)
    }

    static func appendFeatures(of part: RunFolder, _ configuration: RunConfiguration, to outcome: inout RunOutcome) throws {
        outcome.truthFeatures = try joined(outcome.truthFeatures!, FeatureSet.read(base: part.truthFeatures), part.truthFeatures)
        for info in configuration.methods {
            let base = part.features(of: info.label)
            outcome.methodFeatures[info.label] = try joined(
                outcome.methodFeatures[info.label] ?? FeatureSet(), FeatureSet.read(base: base), base)
        }
    }

    /// `a` followed by `b`, whose vectors must have `a`'s length (files from another network or corrupt).
    private static func joined(_ a: FeatureSet, _ b: FeatureSet, _ base: URL) throws -> FeatureSet {
        guard a.names.isEmpty || b.names.isEmpty || a.dimension == b.dimension else {
            throw ComparisonError.featureFile(
                path: base.path, reason: "vectors of \(b.dimension) values where the other parts have \(a.dimension)")
        }
        return a.appending(b)
    }

    /// The parts' common configuration with every shard listed; throws when they do not belong together.
    static func mergedConfiguration(_ configs: [RunConfiguration], command: String) throws -> RunConfiguration {
        var merged = configs[0]
        for c in configs.dropFirst() {
            let checks: [(String, Bool)] = [
                ("data folder", c.data == merged.data), ("partition", c.partition == merged.partition),
                ("split", c.split == merged.split), ("limit", c.limit == merged.limit), ("size", c.size == merged.size),
                ("masks", c.masks == merged.masks), ("methods", c.methods.map(\.label) == merged.methods.map(\.label)),
                ("KID settings", c.kidParameters == merged.kidParameters), ("face regions", c.faceRegions == merged.faceRegions)
            ]
            if let bad = checks.first(where: { !$0.1 }) {
                throw ComparisonError.mergeMismatch("the parts differ in their \(bad.0)")
            }
            merged.shards += c.shards
        }
        guard Set(merged.shards.map(\.description)).count == merged.shards.count else {
            throw ComparisonError.mergeMismatch(
                "the same part (\(merged.shards.map(\.description).joined(separator: ", "))) is given twice")
        }
        if merged.shards.count > 1, let total = merged.shards.first?.count, merged.shards.count == total,
            merged.shards.allSatisfy({ $0.count == total })
        {
            merged.shards = [Shard.whole]
        }
        merged.methods = merged.methods.enumerated().map { i, info in
            var info = info
            let loads = configs.compactMap { $0.methods[i].loadSeconds }
            info.loadSeconds = Statistics.mean(loads)
            return info
        }
        merged.fidWeights = configs.allSatisfy({ $0.fidWeights != nil }) ? merged.fidWeights : nil
        merged.command = command
        return merged
    }

    static func copyImages(from part: RunFolder, to output: RunFolder) throws {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: part.imagesFolder.path) else { return }
        try fm.createDirectory(at: output.imagesFolder, withIntermediateDirectories: true)
        for name in names where name.hasSuffix(".png") {
            let data = try Data(contentsOf: part.imagesFolder.appendingPathComponent(name))
            try AtomicFile.write(data, to: output.imagesFolder.appendingPathComponent(name))
        }
    }
}
