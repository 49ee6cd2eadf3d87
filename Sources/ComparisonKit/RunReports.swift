// Turns a run's rows and features into its files: FID and KID per method (whole run, each hole-size bin,
// each face region) from the kept features, then
// features/, results.csv, summary.json, report.md and report.html, each written atomically.
// Used by a run at its end and by `compare merge`.

import Foundation

/// Writes the reports of a run folder.
public enum RunReports {
    /// FID and KID of every method of `configuration` over the images it completed (only those in `only`,
    /// when given), against the ground truth of the same images. Without features, each result says why.
    public static func featureScores(
        configuration: RunConfiguration, truth: FeatureSet?, methods: [String: FeatureSet],
        note: String?, distance: FeatureDistance?, only: Set<String>? = nil
    ) -> [String: FeatureScores] {
        var results: [String: FeatureScores] = [:]
        for info in configuration.methods {
            guard let truth, let features = methods[info.label] else {
                results[info.label] = .missing(images: 0, note: note ?? configuration.fidNote ?? "FID and KID not computed")
                continue
            }
            results[info.label] = FeatureScores.compute(
                method: features, truth: truth, only: only, distance: distance,
                kid: configuration.kidParameters)
        }
        return results
    }

    /// The feature scores of every hole-size bin and face region of `rows`, by group key.
    static func groupFeatureScores(
        configuration: RunConfiguration, outcome: RunOutcome,
        distance: FeatureDistance?
    ) -> [String: [String: FeatureScores]] {
        var groupings: [ImageGrouping] = [.holeSize]
        if configuration.faceRegions == true { groupings.append(.faceRegion) }
        var out: [String: [String: FeatureScores]] = [:]
        for grouping in groupings {
            for group in grouping.groups(outcome.rows) {
                out[group.key] = featureScores(
                    configuration: configuration, truth: outcome.truthFeatures,
                    methods: outcome.methodFeatures, note: outcome.featureNote,
                    distance: distance, only: group.images)
            }
        }
        return out
    }

    /// Writes every report file of `folder` and returns the summary.
    @discardableResult
    public static func write(
        folder: RunFolder, configuration: RunConfiguration, outcome: RunOutcome,
        distance: FeatureDistance?
    ) throws -> RunSummary {
        if let truth = outcome.truthFeatures {
            try truth.write(base: folder.truthFeatures)
            for info in configuration.methods {
                try outcome.methodFeatures[info.label]?.write(base: folder.features(of: info.label))
            }
        }
        let features = featureScores(
            configuration: configuration, truth: outcome.truthFeatures, methods: outcome.methodFeatures,
            note: outcome.featureNote, distance: distance)
        let groups = groupFeatureScores(configuration: configuration, outcome: outcome, distance: distance)
        let summary = RunSummary(
            configuration: configuration, rows: outcome.rows, skipped: outcome.skipped, features: features,
            groupFeatures: groups,
            runSeconds: outcome.runSeconds, runCPUSeconds: outcome.runCPUSeconds, fidFeatureSeconds: outcome.featureSeconds)
        try ResultsCSV.write(outcome.rows, to: folder.resultsCSV)
        try summary.write(to: folder.summaryJSON)
        try ReportMarkdown.write(summary, rows: outcome.rows, to: folder.reportMarkdown)
        try ReportHTML.write(summary, rows: outcome.rows, images: outcome.images, folder: folder)
        return summary
    }
}
