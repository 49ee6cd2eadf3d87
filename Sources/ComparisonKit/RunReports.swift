// Turns a run's rows and features into its files: FID per method from the kept features, then
// features/, results.csv, summary.json, report.md and report.html, each written atomically.
// Used by a run at its end and by `compare merge`.

import Foundation

/// Writes the reports of a run folder.
public enum RunReports {
    /// FID of every method of `configuration` over the images it completed, against the ground truth of the
    /// same images. Without features or a distance function, each result says why.
    public static func fid(configuration: RunConfiguration, truth: FeatureSet?, methods: [String: FeatureSet],
                           note: String?, distance: FeatureDistance?) -> [String: FIDResult] {
        var results: [String: FIDResult] = [:]
        for info in configuration.methods {
            guard let truth, let features = methods[info.label], let distance else {
                results[info.label] = FIDResult(value: nil, images: 0, note: note ?? configuration.fidNote ?? "FID not computed")
                continue
            }
            let matched = truth.filtered(Set(features.names))
            guard features.names.count >= 2, matched.names.count == features.names.count else {
                results[info.label] = FIDResult(value: nil, images: features.names.count,
                                                note: "FID needs at least 2 completed images with ground-truth features")
                continue
            }
            do {
                let value = try distance(features.values, matched.values, features.dimension)
                results[info.label] = FIDResult(value: value, images: features.names.count, note: nil)
            } catch {
                results[info.label] = FIDResult(value: nil, images: features.names.count, note: "Fréchet distance failed: \(error)")
            }
        }
        return results
    }

    /// Writes every report file of `folder` and returns the summary.
    @discardableResult
    public static func write(folder: RunFolder, configuration: RunConfiguration, outcome: RunOutcome,
                             distance: FeatureDistance?) throws -> RunSummary {
        if let truth = outcome.truthFeatures {
            try truth.write(base: folder.truthFeatures)
            for info in configuration.methods {
                try outcome.methodFeatures[info.label]?.write(base: folder.features(of: info.label))
            }
        }
        let fid = fid(configuration: configuration, truth: outcome.truthFeatures, methods: outcome.methodFeatures,
                      note: outcome.featureNote, distance: distance)
        let summary = RunSummary(configuration: configuration, rows: outcome.rows, skipped: outcome.skipped, fid: fid,
                                 runSeconds: outcome.runSeconds, runCPUSeconds: outcome.runCPUSeconds, fidFeatureSeconds: outcome.featureSeconds)
        try ResultsCSV.write(outcome.rows, to: folder.resultsCSV)
        try summary.write(to: folder.summaryJSON)
        try ReportMarkdown.write(summary, rows: outcome.rows, to: folder.reportMarkdown)
        try ReportHTML.write(summary, rows: outcome.rows, images: outcome.images, folder: folder)
        return summary
    }
}
