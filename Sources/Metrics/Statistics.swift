// The suite's summary statistics of samples of values (per-image scores, timings, KID subsets): mean,
// percentiles and median (`Statistics`), variance, and the mean with its 95 % confidence interval
// (`SampleSummary`, Student t). The run reports, the benches and KID all use these.

import Foundation

/// Summary statistics of a sample of values.
public enum Statistics {
    /// The arithmetic mean; nil for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The variance about `mean`: Σ (x − mean)² / (n − `correction`), so 0 for the population variance and
    /// 1 for the sample variance (NumPy's `ddof`). The caller checks that n > `correction`.
    public static func variance(_ values: [Double], mean: Double, correction: Int) -> Double {
        values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - correction)
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

/// Mean and 95 % confidence interval of a sample of per-image scores.
public struct SampleSummary: Equatable, Sendable {
    /// Number of values.
    public let count: Int
    /// Arithmetic mean (+∞ if any value is +∞, e.g. a PSNR of an identical image).
    public let mean: Double
    /// Sample standard deviation (n − 1 denominator); 0 for a single value.
    public let standardDeviation: Double
    /// Half width of the 95 % interval of the mean: t(0.975, n − 1) · s / √n (Student t; 0 for n = 1).
    public let halfWidth95: Double

    /// The interval [mean − halfWidth95, mean + halfWidth95].
    public var interval95: ClosedRange<Double> { (mean - halfWidth95)...(mean + halfWidth95) }

    /// Summarises `values`; nil for an empty sample.
    public init?(_ values: [Double]) {
        guard let m = Statistics.mean(values) else { return nil }
        let n = values.count
        count = n
        mean = m
        if n > 1, m.isFinite {
            let sd = Statistics.variance(values, mean: m, correction: 1).squareRoot()
            standardDeviation = sd
            halfWidth95 = Self.studentT975(degreesOfFreedom: n - 1) * sd / Double(n).squareRoot()
        } else {
            standardDeviation = 0
            halfWidth95 = values.count > 1 ? .nan : 0
        }
    }

    /// The 97.5 % quantile of Student's t distribution: exact table for 1…30 degrees of freedom, then the
    /// Cornish–Fisher expansion around the normal quantile 1.959964 (error < 1e-4 for df > 30).
    static func studentT975(degreesOfFreedom df: Int) -> Double {
        precondition(df >= 1, "Student t needs at least one degree of freedom, got \(df)")
        let table: [Double] = [
            12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
            2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
            2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423
        ]
        if df <= table.count { return table[df - 1] }
        let z = 1.959964, n = Double(df)
        let g1 = (z * z * z + z) / 4
        let g2 = (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / 96
        let g3 = (3 * pow(z, 7) + 19 * pow(z, 5) + 17 * z * z * z - 15 * z) / 384
        return z + g1 / n + g2 / (n * n) + g3 / (n * n * n)
    }
}
