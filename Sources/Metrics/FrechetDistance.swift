// The Fréchet distance between two Gaussians fitted to feature sets (Heusel et al., "GANs Trained by a Two
// Time-Scale Update Rule Converge to a Local Nash Equilibrium", NeurIPS 2017, arXiv:1706.08500):
//   FID = |µ1 − µ2|² + tr Σ1 + tr Σ2 − 2 tr (Σ1 Σ2)^½.
// tr (Σ1 Σ2)^½ is computed stably as tr (Σ1^½ Σ2 Σ1^½)^½: Σ1^½ comes from the symmetric eigendecomposition
// of Σ1 (negative round-off eigenvalues clamped to 0), M = Σ1^½ Σ2 Σ1^½ is symmetric positive
// semi-definite, and its trace square root is Σ √max(λ_i(M), 0). (Σ1 Σ2 is similar to M, so both have the
// same eigenvalues.) Everything in Double. Covariances use the n − 1 denominator (numpy.cov, as
// pytorch-fid and the reference vectors do).
//
// With fewer images than feature dimensions (the usual case here: a few hundred images, d = 2048) the same
// number comes exactly, and far faster, from the centred data matrices X1 (n1×d), X2 (n2×d):
// Σi = Xiᵀ Xi / (ni − 1), the non-zero eigenvalues of Σ1 Σ2 are those of K Kᵀ with
// K = X1 X2ᵀ / √((n1 − 1)(n2 − 1)) (n1×n2), so tr (Σ1 Σ2)^½ = Σ σ_i(K), the sum of K's singular values,
// and tr Σi = ‖Xi‖²_F / (ni − 1). Cost O(n1·n2·d) instead of O(d³).

import NeuralEngine

/// Mean and covariance of a set of feature vectors.
public struct FeatureStatistics: Sendable {
    /// Feature dimension d.
    public let dimension: Int
    /// Number of vectors the statistics were computed from.
    public let count: Int
    /// Mean vector, length d.
    public let mean: [Double]
    /// Covariance, row-major d×d, n − 1 denominator.
    public let covariance: [Double]

    /// Statistics of `features` (n ≥ 2 vectors of equal length).
    public init(features: [[Float]]) throws {
        guard features.count >= 2 else { throw MetricsError.notEnoughFeatures(setA: features.count, setB: features.count) }
        let d = features[0].count
        for f in features where f.count != d { throw MetricsError.featureDimensionMismatch(expected: d, found: f.count) }
        try FrechetDistance.checkFinite(features)
        let n = features.count
        var mu = [Double](repeating: 0, count: d)
        for f in features { for j in 0..<d { mu[j] += Double(f[j]) } }
        for j in 0..<d { mu[j] /= Double(n) }
        // Centred data X (n×d); Σ = Xᵀ X / (n − 1) through a Double GEMM.
        var centred = [Double](repeating: 0, count: n * d)
        for (i, f) in features.enumerated() { for j in 0..<d { centred[i * d + j] = Double(f[j]) - mu[j] } }
        var cov = dgemm(transA: true, m: d, n: d, k: n, a: centred, b: centred)
        let scale = 1 / Double(n - 1)
        for i in cov.indices { cov[i] *= scale }
        dimension = d
        count = n
        mean = mu
        covariance = cov
    }
}

/// FID between two feature sets.
public enum FrechetDistance {
    /// FID between the features of two image sets (each at least 2 vectors, same length).
    public static func compute(featuresA: [[Float]], featuresB: [[Float]]) throws -> Double {
        guard featuresA.count >= 2, featuresB.count >= 2 else {
            throw MetricsError.notEnoughFeatures(setA: featuresA.count, setB: featuresB.count)
        }
        try checkFinite(featuresA)
        try checkFinite(featuresB)
        let d = featuresA[0].count
        if min(featuresA.count, featuresB.count) < d {
            return try computeFromData(featuresA, featuresB)
        }
        return try compute(FeatureStatistics(features: featuresA), FeatureStatistics(features: featuresB))
    }

    /// The data-matrix form (exact; used when a set has fewer vectors than dimensions).
    static func computeFromData(_ a: [[Float]], _ b: [[Float]]) throws -> Double {
        let d = a[0].count
        for f in a + b where f.count != d { throw MetricsError.featureDimensionMismatch(expected: d, found: f.count) }
        let (xa, meanA) = centred(a), (xb, meanB) = centred(b)
        let (na, nb) = (a.count, b.count)
        var meanTerm = 0.0
        for j in 0..<d { meanTerm += (meanA[j] - meanB[j]) * (meanA[j] - meanB[j]) }
        let traces = xa.reduce(0) { $0 + $1 * $1 } / Double(na - 1) + xb.reduce(0) { $0 + $1 * $1 } / Double(nb - 1)
        // K Kᵀ (or Kᵀ K, whichever is smaller) = the Gram products of the two centred sets.
        let (small, large, ns, nl) = na <= nb ? (xa, xb, na, nb) : (xb, xa, nb, na)
        let k = dgemm(transB: true, m: ns, n: nl, k: d, a: small, b: large)  // ns×nl
        let kkT = dgemm(transB: true, m: ns, n: ns, k: nl, a: k, b: k)
        let (values, _) = try symmetricEigen(kkT, n: ns)
        let traceSqrt = values.reduce(0) { $0 + max($1, 0).squareRoot() } / (Double(na - 1) * Double(nb - 1)).squareRoot()
        return try distance(meanTerm: meanTerm, traces: traces, traceSqrt: traceSqrt)
    }

    /// Row-major centred data (n×d) and the mean.
    private static func centred(_ features: [[Float]]) -> ([Double], [Double]) {
        let n = features.count, d = features[0].count
        var mean = [Double](repeating: 0, count: d)
        for f in features { for j in 0..<d { mean[j] += Double(f[j]) } }
        for j in 0..<d { mean[j] /= Double(n) }
        var x = [Double](repeating: 0, count: n * d)
        for (i, f) in features.enumerated() { for j in 0..<d { x[i * d + j] = Double(f[j]) - mean[j] } }
        return (x, mean)
    }

    /// FID between two Gaussians.
    public static func compute(_ a: FeatureStatistics, _ b: FeatureStatistics) throws -> Double {
        guard a.dimension == b.dimension else { throw MetricsError.featureDimensionMismatch(expected: a.dimension, found: b.dimension) }
        let d = a.dimension
        var meanTerm = 0.0
        for j in 0..<d { meanTerm += (a.mean[j] - b.mean[j]) * (a.mean[j] - b.mean[j]) }
        var traces = 0.0
        for j in 0..<d { traces += a.covariance[j * d + j] + b.covariance[j * d + j] }
        return try distance(meanTerm: meanTerm, traces: traces, traceSqrt: try traceSqrtProduct(a.covariance, b.covariance, n: d))
    }

    /// |µ1 − µ2|² + tr Σ1 + tr Σ2 − 2 tr (Σ1 Σ2)^½, both forms' last step. The distance is never negative, but
    /// for close sets the difference of the traces can come out a round-off below 0 (−1e-7 for a set against
    /// itself, printed "−0.0000"): it is clamped to 0.
    private static func distance(meanTerm: Double, traces: Double, traceSqrt: Double) throws -> Double {
        let fid = meanTerm + traces - 2 * traceSqrt
        guard fid.isFinite else { throw MetricsError.nonFiniteFeatures(reason: "the Fréchet distance came out as \(fid)") }
        return max(fid, 0)
    }

    /// Throws when a feature vector holds NaN or ±Inf (a corrupt network or feature file), naming the first.
    static func checkFinite(_ features: [[Float]]) throws {
        for (i, f) in features.enumerated() {
            if let j = f.firstIndex(where: { !$0.isFinite }) {
                throw MetricsError.nonFiniteFeatures(reason: "feature vector \(i) holds \(f[j]) at element \(j)")
            }
        }
    }

    /// tr (Σ1 Σ2)^½ = tr (Σ1^½ Σ2 Σ1^½)^½ for symmetric positive semi-definite Σ1, Σ2 (row-major n×n).
    static func traceSqrtProduct(_ s1: [Double], _ s2: [Double], n: Int) throws -> Double {
        let root1 = try symmetricSquareRoot(s1, n: n)
        let m = dgemm(m: n, n: n, k: n, a: dgemm(m: n, n: n, k: n, a: root1, b: s2), b: root1)
        // Symmetrise away round-off before the second decomposition.
        var sym = m
        for i in 0..<n { for j in 0..<n { sym[i * n + j] = 0.5 * (m[i * n + j] + m[j * n + i]) } }
        let (values, _) = try symmetricEigen(sym, n: n)
        return values.reduce(0) { $0 + max($1, 0).squareRoot() }
    }

    /// V diag(√max(λ, 0)) Vᵀ.
    static func symmetricSquareRoot(_ s: [Double], n: Int) throws -> [Double] {
        let (values, vectors) = try symmetricEigen(s, n: n)
        var scaled = vectors  // column j scaled by √λ_j
        for i in 0..<n { for j in 0..<n { scaled[i * n + j] *= max(values[j], 0).squareRoot() } }
        return dgemm(transB: true, m: n, n: n, k: n, a: scaled, b: vectors)
    }
}
