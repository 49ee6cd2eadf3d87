import XCTest
import SharedFixtures
import NeuralEngine
import ImageCore
@testable import Metrics

final class FrechetDistanceTests: XCTestCase {
    /// One dimension: FID = (µ1 − µ2)² + (σ1 − σ2)². Set A = {0, 2}: µ 1, σ² 2; set B = {1, 5, 9}: µ 5, σ² 16.
    func testOneDimensionalHandComputed() throws {
        let fid = try FrechetDistance.compute(featuresA: [[0], [2]], featuresB: [[1], [5], [9]])
        XCTAssertEqual(fid, 16 + pow(2.0.squareRoot() - 4, 2), accuracy: 1e-10)
    }

    /// Non-commuting 2-D covariances; expected value from numpy/scipy (np.cov, scipy.linalg.sqrtm(Σ1 Σ2)):
    /// A = [[0,0],[1,2],[3,1],[2,5]], B = [[1,1],[0,3],[2,0],[4,4],[1,2]] → 0.3991950583208954.
    func testTwoDimensionalAgainstScipy() throws {
        let a: [[Float]] = [[0, 0], [1, 2], [3, 1], [2, 5]]
        let b: [[Float]] = [[1, 1], [0, 3], [2, 0], [4, 4], [1, 2]]
        XCTAssertEqual(try FrechetDistance.compute(featuresA: a, featuresB: b), 0.3991950583208954, accuracy: 1e-10)
        XCTAssertEqual(try FrechetDistance.compute(featuresA: b, featuresB: a), 0.3991950583208954, accuracy: 1e-10)
        XCTAssertEqual(try FrechetDistance.compute(featuresA: a, featuresB: a), 0, accuracy: 1e-10)
    }

    /// The data-matrix form (fewer vectors than dimensions) equals the covariance form (which loses ~1e-8 to the
    /// square roots of rank-deficient covariances).
    func testDataMatrixFormEqualsCovarianceForm() throws {
        var rng = SplitMix64(seed: 11)
        for (na, nb, d) in [(3, 5, 7), (6, 4, 9), (2, 2, 3)] {
            let a = (0..<na).map { _ in (0..<d).map { _ in rng.unitFloat() } }
            let b = (0..<nb).map { _ in (0..<d).map { _ in 2 * rng.unitFloat() } }
            let viaStatistics = try FrechetDistance.compute(FeatureStatistics(features: a), FeatureStatistics(features: b))
            XCTAssertEqual(try FrechetDistance.computeFromData(a, b), viaStatistics, accuracy: 1e-6, "\(na), \(nb), \(d)")
            XCTAssertEqual(try FrechetDistance.computeFromData(b, a), viaStatistics, accuracy: 1e-6)
        }
    }

    /// A set against itself gives 0, never a round-off's tiny negative number (which printed as "FID -0.0000"),
    /// through both forms (fewer vectors than dimensions, and more).
    func testIdenticalSetsGiveZeroNotANegativeRoundOff() throws {
        var rng = SplitMix64(seed: 5)
        var smallest = Double.infinity
        for (n, d) in [(3, 8), (5, 16), (12, 64), (20, 4), (50, 6), (64, 32)] {
            for _ in 0..<8 {
                let a = (0..<n).map { _ in (0..<d).map { _ in 3 * rng.unitFloat() } }
                let fid = try FrechetDistance.compute(featuresA: a, featuresB: a)
                smallest = min(smallest, fid)
                XCTAssertEqual(fid.sign, .plus, "\(n) vectors of \(d): FID \(fid)")
                XCTAssertLessThan(fid, 1e-6, "\(n) vectors of \(d)")
                XCTAssertEqual(String(format: "%.4f", fid), "0.0000")
            }
        }
        XCTAssertGreaterThanOrEqual(smallest, 0)
    }

    func testRejectsTooFewOrMismatchedFeatures() {
        XCTAssertThrowsError(try FrechetDistance.compute(featuresA: [[1, 2]], featuresB: [[1, 2], [3, 4]])) { error in
            guard case MetricsError.notEnoughFeatures(1, 2) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try FrechetDistance.compute(featuresA: [[1, 2], [3, 4]], featuresB: [[1], [2]])) { error in
            guard case MetricsError.featureDimensionMismatch = error else { return XCTFail("\(error)") }
        }
    }

    /// The reference pool3 features of ../shared/reference/fid give FID 162.6225 (fid_golden.json).
    func testReferenceFeaturesGiveGoldenFID() throws {
        let dir = SharedFixtures.url("reference/fid").path
        guard FileManager.default.fileExists(atPath: dir + "/fid_features_a.npy") else {
            throw XCTSkip("../shared/reference/fid absent (not a development machine): skipping the golden FID check")
        }
        let a = try NPY.read(dir + "/fid_features_a.npy"), b = try NPY.read(dir + "/fid_features_b.npy")
        func rows(_ t: Tensor) -> [[Float]] { (0..<t.shape[0]).map { Array(t.data[($0 * t.shape[1])..<(($0 + 1) * t.shape[1])]) } }
        let fid = try FrechetDistance.compute(featuresA: rows(a), featuresB: rows(b))
        XCTAssertEqual(fid, 162.62252567026866, accuracy: 1e-3)
        XCTAssertEqual(try FrechetDistance.compute(featuresA: rows(a), featuresB: rows(a)), 0, accuracy: 1e-3)
    }
}
