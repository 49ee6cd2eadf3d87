import XCTest
@testable import NeuralEngine

final class GEMMTests: XCTestCase {
    func testSgemmMatchesNaiveForAllTransposes() {
        var rng = TestRNG(1)
        let (m, n, k) = (7, 9, 13)
        for transA in [false, true] {
            for transB in [false, true] {
                let lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3
                let a = randomTensor([(transA ? k : m) * lda], &rng).data
                let b = randomTensor([(transB ? n : k) * ldb], &rng).data
                let c0 = randomTensor([m * ldc], &rng).data
                var fast = c0, slow = c0
                sgemm(
                    transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                    beta: 0.25, c: &fast, ldc: ldc, threads: 1)
                naiveSgemm(
                    transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                    beta: 0.25, c: &slow, ldc: ldc)
                assertClose(Tensor(shape: [m * ldc], data: fast), Tensor(shape: [m * ldc], data: slow), "transA \(transA) transB \(transB)")
            }
        }
    }

    func testSplitSgemmMatchesNaive() {
        // Large enough to be cut into blocks of C (by columns, then by rows).
        var rng = TestRNG(4)
        for (m, n, k) in [(40, 300, 200), (300, 40, 200)] {
            XCTAssertGreaterThan(EngineThreads.gemmParts(m: m, n: n, k: k, threads: 2), 1)
            for transA in [false, true] {
                for transB in [false, true] {
                    let a = randomTensor([m * k], &rng).data, b = randomTensor([k * n], &rng).data
                    var fast = [Float](repeating: 1, count: m * n), slow = fast
                    sgemm(
                        transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: transA ? m : k, b: b,
                        ldb: transB ? k : n, beta: 0.5, c: &fast, ldc: n, threads: 2)
                    naiveSgemm(
                        transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: transA ? m : k, b: b,
                        ldb: transB ? k : n, beta: 0.5, c: &slow, ldc: n)
                    assertClose(
                        Tensor(shape: [m, n], data: fast), Tensor(shape: [m, n], data: slow), abs: 1e-4,
                        "split \(m)×\(n)×\(k) transA \(transA) transB \(transB)")
                }
            }
        }
    }

    func testNaiveSgemmOnHandExample() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
        var c: [Float] = [0, 0, 0, 0]
        naiveSgemm(m: 2, n: 2, k: 2, a: [1, 2, 3, 4], lda: 2, b: [5, 6, 7, 8], ldb: 2, beta: 0, c: &c, ldc: 2)
        XCTAssertEqual(c, [19, 22, 43, 50])
    }

    func testSymmetricEigenReconstructsMatrix() throws {
        var rng = TestRNG(5)
        let n = 6
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let v = Double.random(in: -1...1, using: &rng)
                a[i * n + j] = v; a[j * n + i] = v
            }
        }
        let (values, v) = try symmetricEigen(a, n: n)
        XCTAssertEqual(values, values.sorted())
        for j in 0..<n {
            for i in 0..<n {
                var av = 0.0
                for p in 0..<n { av += a[i * n + p] * v[p * n + j] }
                XCTAssertEqual(av, values[j] * v[i * n + j], accuracy: 1e-10)
            }
        }
        for p in 0..<n {
            for q in 0..<n {
                var dot = 0.0
                for i in 0..<n { dot += v[i * n + p] * v[i * n + q] }
                XCTAssertEqual(dot, p == q ? 1 : 0, accuracy: 1e-10)
            }
        }
    }
}
