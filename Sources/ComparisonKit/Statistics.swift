// Summary statistics of per-image values (timings and scores): mean, median, percentiles. The 95 %
// interval of the mean PSNR comes from Metrics' SampleSummary (Student t).

/// Summary statistics of a sample of values.
public enum Statistics {
    /// The arithmetic mean; nil for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The p-th percentile (p in 0...100) with linear interpolation between order statistics
    /// (NumPy's default, "linear"); nil for an empty sample.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        precondition((0...100).contains(p), "percentile: p = \(p) is outside 0...100")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = p / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The median (50th percentile).
    public static func median(_ values: [Double]) -> Double? { percentile(values, 50) }
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
              let p90 = Statistics.percentile(seconds, 90) else { return nil }
        count = seconds.count
        self.median = median
        self.mean = mean
        self.p90 = p90
        total = seconds.reduce(0, +)
        imagesPerSecond = total > 0 ? Double(count) / total : .infinity
    }
}
