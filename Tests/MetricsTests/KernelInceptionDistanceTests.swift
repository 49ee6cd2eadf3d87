import XCTest
import ImageCore
import NeuralEngine
@testable import Metrics

final class KernelInceptionDistanceTests: XCTestCase {
    /// Reference pool3 features (24 CelebA crops and the same crops with a grey square), or a skip.
    func referenceFeatures() throws -> (a: [[Float]], b: [[Float]]) {
        let dir = "../shared/reference/fid"
        guard FileManager.default.fileExists(atPath: dir + "/fid_features_a.npy") else {
            throw XCTSkip("../shared/reference/fid absent (not a development machine): skipping the numpy KID check")
        }
        func rows(_ t: Tensor) -> [[Float]] { (0..<t.shape[0]).map { Array(t.data[($0 * t.shape[1])..<(($0 + 1) * t.shape[1])]) } }
        return (rows(try NPY.read(dir + "/fid_features_a.npy")), rows(try NPY.read(dir + "/fid_features_b.npy")))
    }

    /// Expected values from the independent numpy implementation, tools/kid_reference.py:
    ///   F=../shared/reference/fid
    ///   python3 tools/kid_reference.py $F/fid_features_a.npy $F/fid_features_b.npy
    ///     → mmd_full 0.10588322400363426 (kid_mean equal, kid_std 2.4e-16: 24 < 1000, every subset is the whole set)
    ///   python3 tools/kid_reference.py $F/fid_features_a.npy $F/fid_features_b.npy --subsets 100 --subset-size 10 --seed 0
    ///     → kid_mean 0.10537760048686433, kid_std 0.010999535453743235
    ///   python3 tools/kid_reference.py $F/fid_features_a.npy $F/fid_features_a.npy --subset-size 10 --seed 7
    ///     → mmd_full -0.02182427630128503, kid_mean -0.023619156409178225, kid_std 0.008358605071350916
    func testMatchesNumpyOnReferenceFeatures() throws {
        let (a, b) = try referenceFeatures()
        XCTAssertEqual(try KernelInceptionDistance.unbiasedMMD(featuresA: a, featuresB: b), 0.10588322400363426, accuracy: 1e-10)
        XCTAssertEqual(try KernelInceptionDistance.unbiasedMMD(featuresA: a, featuresB: a), -0.02182427630128503, accuracy: 1e-10)

        let whole = try KernelInceptionDistance.compute(featuresA: a, featuresB: b)
        XCTAssertEqual(whole.subsetSize, 24)
        XCTAssertEqual(whole.subsets, 100)
        XCTAssertEqual(whole.mean, 0.10588322400363426, accuracy: 1e-10)
        XCTAssertEqual(whole.standardDeviation, 0, accuracy: 1e-12)

        let seeded = try KernelInceptionDistance.compute(
            featuresA: a, featuresB: b, parameters: .init(subsets: 100, subsetSize: 10, seed: 0))
        XCTAssertEqual(seeded.subsetSize, 10)
        XCTAssertEqual(seeded.mean, 0.10537760048686433, accuracy: 1e-10)
        XCTAssertEqual(seeded.standardDeviation, 0.010999535453743235, accuracy: 1e-10)

        let self7 = try KernelInceptionDistance.compute(
            featuresA: a, featuresB: a, parameters: .init(subsets: 100, subsetSize: 10, seed: 7))
        XCTAssertEqual(self7.mean, -0.023619156409178225, accuracy: 1e-10)
        XCTAssertEqual(self7.standardDeviation, 0.008358605071350916, accuracy: 1e-10)
    }

    /// One dimension, hand-computed: d = 1, k(x, y) = (xy + 1)³. A = {0, 1}, B = {1, 2}:
    /// k(0,1) = 1; k(1,2) = 27; cross: k(0,1) = 1, k(0,2) = 1, k(1,1) = 8, k(1,2) = 27 → sum 37.
    /// MMD² = (2·1 + 2·27) / 2 − 2·37 / 4 = 28 − 18.5 = 9.5.
    func testHandComputedOneDimension() throws {
        XCTAssertEqual(try KernelInceptionDistance.unbiasedMMD(featuresA: [[0], [1]], featuresB: [[1], [2]]), 9.5, accuracy: 1e-12)
        let kid = try KernelInceptionDistance.compute(featuresA: [[0], [1]], featuresB: [[1], [2]])
        XCTAssertEqual(kid.mean, 9.5, accuracy: 1e-12)
        XCTAssertEqual(kid.standardDeviation, 0, accuracy: 1e-12)
    }

    /// The per-subset kernel path (large sets) gives the same numbers as the whole-set kernel matrices.
    func testSubsetKernelPathEqualsWholeSetPath() throws {
        var rng = SplitMix64(seed: 5)
        let a = (0..<30).map { _ in (0..<8).map { _ in rng.unitFloat() } }
        let b = (0..<25).map { _ in (0..<8).map { _ in 1.5 * rng.unitFloat() } }
        let parameters = KernelInceptionDistance.Parameters(subsets: 20, subsetSize: 12, seed: 3)
        let gram = try KernelInceptionDistance.compute(featuresA: a, featuresB: b, parameters: parameters, gramLimit: 100)
        let direct = try KernelInceptionDistance.compute(featuresA: a, featuresB: b, parameters: parameters, gramLimit: 0)
        XCTAssertEqual(gram.mean, direct.mean, accuracy: 1e-12)
        XCTAssertEqual(gram.standardDeviation, direct.standardDeviation, accuracy: 1e-12)
        XCTAssertGreaterThan(gram.standardDeviation, 0)
        XCTAssertGreaterThan(gram.mean, 0, "sets from different distributions")
        // Same seed, same draws; another seed, other draws.
        let again = try KernelInceptionDistance.compute(featuresA: a, featuresB: b, parameters: parameters)
        XCTAssertEqual(again, gram)
        var other = parameters
        other.seed = 4
        XCTAssertNotEqual(try KernelInceptionDistance.compute(featuresA: a, featuresB: b, parameters: other).mean, gram.mean)
    }

    func testDrawsDistinctIndices() {
        var rng = SplitMix64(seed: 1)
        for (m, n) in [(5, 5), (3, 10), (10, 1000)] {
            let drawn = KernelInceptionDistance.draw(m, from: n, &rng)
            XCTAssertEqual(drawn.count, m)
            XCTAssertEqual(Set(drawn).count, m)
            XCTAssertTrue(drawn.allSatisfy { (0..<n).contains($0) })
        }
    }

    func testRejectsTooFewOrMismatchedFeatures() {
        XCTAssertThrowsError(try KernelInceptionDistance.compute(featuresA: [[1]], featuresB: [[1], [2]])) { error in
            guard case MetricsError.notEnoughFeatures(setA: 1, setB: 2) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try KernelInceptionDistance.compute(featuresA: [[1, 2], [3, 4]], featuresB: [[1], [2]])) { error in
            guard case MetricsError.featureDimensionMismatch(expected: 2, found: 1) = error else { return XCTFail("\(error)") }
        }
    }
}
