// summary.json: per method, the mean scores over the images it completed, FID and KID with their N, the
// timing statistics of the inpainting alone, and mean per-stage seconds; the same per hole-size bin and,
// on aligned faces, per face region (GroupSummary). Made from result rows only (plus FID and
// the configuration), so `compare merge` rebuilds exactly what a single run would have written.

import Foundation
import ImageCore
import Metrics

/// FID of one method over a run.
public struct FIDResult: Codable, Equatable, Sendable {
    /// The Fréchet distance, nil when not computed.
    public var value: Double?
    /// Images on each side.
    public var images: Int
    /// Why the value is missing, when it is.
    public var note: String?

    public init(value: Double?, images: Int, note: String?) {
        self.value = value
        self.images = images
        self.note = note
    }
}

/// One method's line of the summary.
public struct MethodSummary: Codable, Equatable, Sendable {
    public var method: String
    /// Images the method completed.
    public var images: Int
    /// Images on which it failed.
    public var failed: Int
    /// Means over completed images (nil when none).
    public var mse: Double?
    public var psnr: Double?
    /// Half-width of the 95 % interval of the mean PSNR.
    public var psnrCI95: Double?
    public var ssim: Double?
    public var holeMSE: Double?
    public var holePSNR: Double?
    public var holeL1: Double?
    public var fid: FIDResult
    /// KID over the same images as FID (nil in summaries written before KID was added).
    public var kid: KIDResult?
    /// Images on which this method has the highest hole PSNR of all methods (ties count for each).
    public var bestHolePSNR: Int?
    /// Wall seconds per image of the inpainting alone.
    public var wall: TimingStats?
    /// Mean CPU seconds per image (all threads).
    public var cpuMean: Double?
    public var threads: Int
    public var loadSeconds: Double?
    /// Mean seconds per image of each stage, in the order the method reported them.
    public var stages: [StageTime]
    /// True for another tool's precomputed outputs (no timing); nil otherwise.
    public var external: Bool?
}

/// An image that could not be used, and why.
public struct SkippedImage: Codable, Equatable, Sendable {
    public var image: String
    public var reason: String

    public init(image: String, reason: String) {
        self.image = image
        self.reason = reason
    }
}

/// The whole of summary.json.
public struct RunSummary: Codable, Equatable, Sendable {
    public var configuration: RunConfiguration
    /// Images that entered the comparison.
    public var images: Int
    public var skipped: [SkippedImage]
    public var methods: [MethodSummary]
    /// Every method per hole-size bin (only the bins that hold images).
    public var holeSizeBins: [GroupSummary]?
    /// Every method per face region, for runs on aligned faces (`RunConfiguration.faceRegions`).
    public var faceRegions: [GroupSummary]?
    /// Wall seconds of the whole run (sum over the parts of a merged run).
    public var runSeconds: Double
    /// CPU seconds (all threads) of the whole run: the figure that does not depend on other load.
    public var runCPUSeconds: Double
    /// Wall seconds spent computing FID features.
    public var fidFeatureSeconds: Double

    /// Summarises `rows` (every method of `configuration`, in its order); `features` holds each method's FID
    /// and KID over the whole run, `groupFeatures[group key][method]` those over each bin and region.
    public init(
        configuration: RunConfiguration, rows: [ResultRow], skipped: [SkippedImage], features: [String: FeatureScores],
        groupFeatures: [String: [String: FeatureScores]] = [:],
        runSeconds: Double = 0, runCPUSeconds: Double = 0, fidFeatureSeconds: Double = 0
    ) {
        self.configuration = configuration
        self.runSeconds = runSeconds
        self.runCPUSeconds = runCPUSeconds
        self.fidFeatureSeconds = fidFeatureSeconds
        self.images = Set(rows.map(\.image)).count
        self.skipped = skipped
        self.methods = configuration.methods.map { info in
            MethodSummary(
                info: info, rows: rows.filter { $0.method == info.label },
                scores: features[info.label] ?? .missing(images: 0, note: configuration.fidNote ?? "FID and KID not computed"))
        }
        MethodSummary.countBest(rows, into: &methods)
        holeSizeBins = GroupSummary.make(.holeSize, configuration: configuration, rows: rows, features: groupFeatures)
        faceRegions =
            configuration.faceRegions == true
            ? GroupSummary.make(.faceRegion, configuration: configuration, rows: rows, features: groupFeatures) : nil
    }

    /// Pretty-printed JSON (sorted keys; ±∞ written as "inf"/"-inf").
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads summary.json.
    public static func read(_ url: URL) throws -> RunSummary {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(RunSummary.self, from: Data(contentsOf: url)) } catch {
            throw ComparisonError.mergeMismatch("\(url.path) is not a summary.json written by `compare` (\(error.localizedDescription))")
        }
    }

    /// Writes summary.json atomically.
    public func write(to url: URL) throws { try AtomicFile.write(try jsonData(), to: url) }
}

extension MethodSummary {
    init(info: MethodInfo, rows: [ResultRow], scores features: FeatureScores) {
        let done = rows.filter(\.succeeded)
        let scores = done.compactMap(\.scores)
        method = info.label
        images = done.count
        failed = rows.count - done.count
        mse = Statistics.mean(scores.map(\.mse))
        psnr = Statistics.mean(scores.map(\.psnr))
        psnrCI95 = SampleSummary(scores.map(\.psnr)).flatMap { $0.count > 1 && $0.halfWidth95.isFinite ? $0.halfWidth95 : nil }
        ssim = Statistics.mean(scores.map(\.ssim))
        holeMSE = Statistics.mean(scores.map(\.holeMSE))
        holePSNR = Statistics.mean(scores.map(\.holePSNR))
        holeL1 = Statistics.mean(scores.map(\.holeL1))
        fid = features.fid
        kid = features.kid
        wall = TimingStats(seconds: done.compactMap(\.wallSeconds))
        cpuMean = Statistics.mean(done.compactMap(\.cpuSeconds))
        threads = info.threads
        loadSeconds = info.loadSeconds
        stages = MethodSummary.meanStages(done)
        external = info.external
    }

    /// Sets `bestHolePSNR` of each of `methods` from `rows` (every method's rows of the same images).
    static func countBest(_ rows: [ResultRow], into methods: inout [MethodSummary]) {
        var best: [String: Double] = [:]
        for row in rows { if let v = row.scores?.holePSNR, !v.isNaN { best[row.image] = max(best[row.image] ?? -.infinity, v) } }
        var counts: [String: Int] = [:]
        for row in rows { if let v = row.scores?.holePSNR, v == best[row.image] { counts[row.method, default: 0] += 1 } }
        for i in methods.indices { methods[i].bestHolePSNR = counts[methods[i].method] ?? 0 }
    }

    static func meanStages(_ rows: [ResultRow]) -> [StageTime] {
        var order: [String] = []
        var totals: [String: Double] = [:]
        for row in rows {
            for stage in row.stages {
                if totals[stage.name] == nil { order.append(stage.name) }
                totals[stage.name, default: 0] += stage.seconds
            }
        }
        return sortedStages(order).map { StageTime(name: $0, seconds: totals[$0]! / Double(max(1, rows.count))) }
    }

    /// Stage names in a readable order: names without a level first, then "L<k>.<stage>" from the coarsest
    /// level down, each level's stages in the order they were first seen (images differ in level count).
    static func sortedStages(_ names: [String]) -> [String] {
        func split(_ name: String) -> (level: Int, stage: String)? {
            guard name.hasPrefix("L"), let dot = name.firstIndex(of: "."),
                let level = Int(name[name.index(after: name.startIndex)..<dot])
            else { return nil }
            return (level, String(name[name.index(after: dot)...]))
        }
        var stageRank: [String: Int] = [:]
        for name in names { if let s = split(name)?.stage, stageRank[s] == nil { stageRank[s] = stageRank.count } }
        let plain = names.filter { split($0) == nil }
        let levelled = names.compactMap { name in split(name).map { (name, $0.level, stageRank[$0.stage]!) } }
            .sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }
            .map(\.0)
        return plain + levelled
    }
}

/// Wall-time statistics of one method over a run, as the summary reports them.
public struct TimingStats: Codable, Equatable, Sendable {
    /// Number of timed images.
    public var count: Int
    /// Median seconds per image.
    public var median: Double
    /// Mean seconds per image.
    public var mean: Double
    /// 90th percentile of seconds per image.
    public var p90: Double
    /// Images per second of inpainting alone (count / total seconds).
    public var imagesPerSecond: Double
    /// Total seconds.
    public var total: Double

    /// Statistics of `seconds`; nil for an empty sample.
    public init?(seconds: [Double]) {
        guard let median = Statistics.median(seconds), let mean = Statistics.mean(seconds),
            let p90 = Statistics.percentile(seconds, 90)
        else { return nil }
        count = seconds.count
        self.median = median
        self.mean = mean
        self.p90 = p90
        total = seconds.reduce(0, +)
        imagesPerSecond = total > 0 ? Double(count) / total : .infinity
    }
}
