// Kernel Inception Distance (Bińkowski, Sutherland, Arbel, Gretton, "Demystifying MMD GANs", ICLR 2018,
// arXiv:1801.01401): the unbiased estimate of the squared maximum mean discrepancy between two feature sets
// under the cubic polynomial kernel k(x, y) = (x·y / d + 1)³, on the same pool3 features as FID.
// For subsets X, Y of m vectors each:
//   MMD²_u = [Σ_{i≠j} k(x_i, x_j) + Σ_{i≠j} k(y_i, y_j)] / (m (m − 1)) − 2 Σ_{i,j} k(x_i, y_j) / m².
// As clean-fid and torchmetrics report it: the mean and the population standard deviation over `subsets`
// draws of m = min(n_a, n_b, subsetSize) vectors without replacement from each set, drawn independently.
// With m equal to both set sizes every draw is the whole set, so the deviation is 0 (docs/evaluation.md).
// The kernel matrices of the whole sets are computed once (three Double GEMMs) when they fit in
// `gramLimit` vectors; a draw then only sums entries. Larger sets compute each draw's matrices.

import ImageCore
import NeuralEngine

/// KID between two feature sets.
public enum KernelInceptionDistance {
    /// How the subsets are drawn.
    public struct Parameters: Codable, Equatable, Sendable {
        /// Number of subsets (clean-fid and torchmetrics: 100).
        public var subsets: Int
        /// Largest subset size (clean-fid and torchmetrics: 1000); smaller sets use all their vectors.
        public var subsetSize: Int
        /// Seed of the SplitMix64 generator that draws the subsets.
        public var seed: UInt64

        public init(subsets: Int = 100, subsetSize: Int = 1000, seed: UInt64 = 0) {
            self.subsets = subsets
            self.subsetSize = subsetSize
            self.seed = seed
        }
    }

    /// KID over the subsets.
    public struct Value: Equatable, Sendable {
        /// Mean of MMD²_u over the subsets.
        public var mean: Double
        /// Population standard deviation (denominator = subsets) of MMD²_u over the subsets.
        public var standardDeviation: Double
        /// Vectors per subset.
        public var subsetSize: Int
        /// Subsets drawn.
        public var subsets: Int
    }

    /// Sets up to this many vectors get their whole kernel matrices computed once (3 × n² Doubles).
    static let gramLimit = 4096

    /// KID between `a` and `b` (each at least 2 vectors of one length).
    public static func compute(
        featuresA a: [[Float]], featuresB b: [[Float]],
        parameters: Parameters = Parameters()
    ) throws -> Value {
        try compute(featuresA: a, featuresB: b, parameters: parameters, gramLimit: gramLimit)
    }

    /// `compute` with the whole-set kernel matrices used up to `gramLimit` vectors (tests check both paths).
    static func compute(
        featuresA a: [[Float]], featuresB b: [[Float]], parameters: Parameters,
        gramLimit: Int
    ) throws -> Value {
        guard a.count >= 2, b.count >= 2 else { throw MetricsError.notEnoughFeatures(setA: a.count, setB: b.count) }
        precondition(
            parameters.subsets >= 1 && parameters.subsetSize >= 2,
            "KID: \(parameters.subsets) subsets of \(parameters.subsetSize) vectors")
        let d = a[0].count
        for f in a + b where f.count != d { throw MetricsError.featureDimensionMismatch(expected: d, found: f.count) }
        let m = min(a.count, b.count, parameters.subsetSize)
        let xa = doubles(a), xb = doubles(b)
        var rng = SplitMix64(seed: parameters.seed)
        var values: [Double] = []
        if max(a.count, b.count) <= gramLimit {
            let kaa = kernel(xa, a.count, xa, a.count, d), kbb = kernel(xb, b.count, xb, b.count, d)
            let kab = kernel(xa, a.count, xb, b.count, d)
            for _ in 0..<parameters.subsets {
                let ia = draw(m, from: a.count, &rng), ib = draw(m, from: b.count, &rng)
                values.append(mmd(ia: ia, ib: ib, kaa: kaa, kbb: kbb, kab: kab, na: a.count, nb: b.count))
            }
        } else {
            for _ in 0..<parameters.subsets {
                let ia = draw(m, from: a.count, &rng), ib = draw(m, from: b.count, &rng)
                let sa = gather(xa, ia, d), sb = gather(xb, ib, d)
                let kaa = kernel(sa, m, sa, m, d), kbb = kernel(sb, m, sb, m, d), kab = kernel(sa, m, sb, m, d)
                let all = Array(0..<m)
                values.append(mmd(ia: all, ib: all, kaa: kaa, kbb: kbb, kab: kab, na: m, nb: m))
            }
        }
        let mean = Statistics.mean(values)!  // subsets ≥ 1
        let variance = Statistics.variance(values, mean: mean, correction: 0)
        return Value(mean: mean, standardDeviation: variance.squareRoot(), subsetSize: m, subsets: parameters.subsets)
    }

    /// MMD²_u of the whole sets (no subsets, no randomness): the deterministic form tests compare exactly.
    public static func unbiasedMMD(featuresA a: [[Float]], featuresB b: [[Float]]) throws -> Double {
        guard a.count >= 2, b.count >= 2 else { throw MetricsError.notEnoughFeatures(setA: a.count, setB: b.count) }
        let d = a[0].count
        for f in a + b where f.count != d { throw MetricsError.featureDimensionMismatch(expected: d, found: f.count) }
        let xa = doubles(a), xb = doubles(b)
        let kaa = kernel(xa, a.count, xa, a.count, d), kbb = kernel(xb, b.count, xb, b.count, d)
        let kab = kernel(xa, a.count, xb, b.count, d)
        return mmd(ia: Array(0..<a.count), ib: Array(0..<b.count), kaa: kaa, kbb: kbb, kab: kab, na: a.count, nb: b.count)
    }

    /// m distinct indices of 0..<n: the first m steps of a Fisher–Yates shuffle, each swap partner drawn as
    /// `next() % (n − i)` (the modulo bias, below 2⁻⁴⁴ for n < 2²⁰, is irrelevant here and keeps the draw
    /// easy to reproduce outside Swift: tools/kid_reference.py).
    static func draw(_ m: Int, from n: Int, _ rng: inout SplitMix64) -> [Int] {
        var indices = Array(0..<n)
        for i in 0..<m {
            let j = i + Int(rng.next() % UInt64(n - i))
            indices.swapAt(i, j)
        }
        return Array(indices[0..<m])
    }

    /// MMD²_u of the rows `ia` of set A and `ib` of set B (|ia| = |ib| = m), from kernel matrices
    /// kaa (na×na), kbb (nb×nb), kab (na×nb).
    static func mmd(ia: [Int], ib: [Int], kaa: [Double], kbb: [Double], kab: [Double], na: Int, nb: Int) -> Double {
        let m = Double(ia.count)
        var sumAA = 0.0, sumBB = 0.0, sumAB = 0.0
        for i in ia { for j in ia where j != i { sumAA += kaa[i * na + j] } }
        for i in ib { for j in ib where j != i { sumBB += kbb[i * nb + j] } }
        for i in ia { for j in ib { sumAB += kab[i * nb + j] } }
        return (sumAA + sumBB) / (m * (m - 1)) - 2 * sumAB / (m * m)
    }

    /// (X Yᵀ / d + 1)³ for row-major X (n×d) and Y (p×d): an n×p matrix.
    static func kernel(_ x: [Double], _ n: Int, _ y: [Double], _ p: Int, _ d: Int) -> [Double] {
        var k = dgemm(transB: true, m: n, n: p, k: d, a: x, b: y)
        let scale = 1 / Double(d)
        for i in k.indices {
            let t = k[i] * scale + 1
            k[i] = t * t * t
        }
        return k
    }

    private static func doubles(_ rows: [[Float]]) -> [Double] { rows.flatMap { $0.map(Double.init) } }

    private static func gather(_ x: [Double], _ rows: [Int], _ d: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(rows.count * d)
        for r in rows { out.append(contentsOf: x[r * d..<(r + 1) * d]) }
        return out
    }
}
