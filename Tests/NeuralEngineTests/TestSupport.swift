import XCTest
@testable import NeuralEngine

/// A small deterministic generator for test data (SplitMix64 steps; the engine does not depend on ImageCore).
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomTensor(_ shape: [Int], _ rng: inout TestRNG, scale: Float = 1) -> Tensor {
    Tensor.uniform(shape, bound: scale, using: &rng)
}

/// Asserts |a − b| ≤ abs + rel·|b| elementwise, reporting the worst element and its index.
func assertClose(
    _ a: Tensor, _ b: Tensor, abs: Float = 1e-5, rel: Float = 1e-4, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.shape, b.shape, "\(what): shapes", file: file, line: line)
    guard a.shape == b.shape else { return }
    var worst: Float = 0, at = 0
    for i in 0..<a.count {
        let excess = Swift.abs(a.data[i] - b.data[i]) - (abs + rel * Swift.abs(b.data[i]))
        if excess > worst || excess.isNaN { worst = excess; at = i }
    }
    XCTAssertFalse(
        worst > 0 || worst.isNaN,
        "\(what): largest excess \(worst) at \(at): \(a.data[at]) vs \(b.data[at])", file: file, line: line)
}

/// Central finite differences of L = Σ r·f(x) (Double accumulation) with respect to each element of `x`
/// (all of them, or a strided subset for bigger tensors), compared with `analytic`.
func checkGradient(
    _ name: String, at x0: Tensor, analytic: Tensor, step: Float = 1e-2,
    tolerance: Double = 2e-2, maxChecks: Int = 60, loss: (Tensor) -> Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    var x = x0
    XCTAssertEqual(x.shape, analytic.shape, "\(name): gradient shape", file: file, line: line)
    let stride = max(1, x.count / maxChecks)
    var worst = 0.0, at = -1, numericAt = 0.0
    var scale = 0.0
    for i in Swift.stride(from: 0, to: x.count, by: stride) { scale = max(scale, Double(abs(analytic.data[i]))) }
    for i in Swift.stride(from: 0, to: x.count, by: stride) {
        let saved = x.data[i]
        x.data[i] = saved + step
        let lp = loss(x)
        x.data[i] = saved - step
        let lm = loss(x)
        x.data[i] = saved
        let numeric = (lp - lm) / (2 * Double(step))
        let err = abs(numeric - Double(analytic.data[i])) / max(1e-3, scale)
        if err > worst { worst = err; at = i; numericAt = numeric }
    }
    XCTAssertLessThanOrEqual(
        worst, tolerance,
        "\(name): relative error \(worst) at \(at): numeric \(numericAt) vs analytic \(at >= 0 ? analytic.data[at] : 0)",
        file: file, line: line)
}

/// Σ r·y in Double.
func weightedSum(_ y: Tensor, _ r: Tensor) -> Double {
    precondition(y.shape == r.shape, "weightedSum: \(y.shape) vs \(r.shape)")
    var s = 0.0
    for i in 0..<y.count { s += Double(y.data[i]) * Double(r.data[i]) }
    return s
}
