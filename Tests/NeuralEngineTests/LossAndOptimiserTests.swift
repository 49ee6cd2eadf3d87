import Foundation
import SharedFixtures
import XCTest
@testable import NeuralEngine

/// Losses against PyTorch's values and finite differences; Adadelta against its definition.
final class LossAndOptimiserTests: XCTestCase {
    private var sharedReference: String {
        SharedFixtures.url("reference/glcic").path
    }

    func testBCEMatchesPyTorchExample() throws {
        let manifestPath = sharedReference + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw XCTSkip("../shared/reference/glcic absent: skipping the BCE check against PyTorch")
        }
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let example = try XCTUnwrap(manifest["bce_example"] as? [String: Any])
        let p = try XCTUnwrap(example["p"] as? [Double]).map(Float.init)
        let real = Float(try XCTUnwrap(example["target_real"] as? Double))
        let fake = Float(try XCTUnwrap(example["target_fake"] as? Double))
        let t = Tensor(shape: [p.count, 1], data: p)
        XCTAssertEqual(BinaryCrossEntropy.forward(probabilities: t, target: 1), real, accuracy: 1e-6 * real)
        XCTAssertEqual(BinaryCrossEntropy.forward(probabilities: t, target: 0), fake, accuracy: 1e-6 * fake)
    }

    func testBCEBackwardMatchesFiniteDifferences() {
        var rng = TestRNG(12)
        let p = Tensor(shape: [5, 1], data: (0..<5).map { _ in Float.random(in: 0.1...0.9, using: &rng) })
        for target: Float in [0, 1] {
            var g = Tensor(shape: p.shape)
            BinaryCrossEntropy.backward(probabilities: p, target: target, scale: 0.5, into: &g)
            for i in 0..<p.count {
                let numeric = 0.5 * centralDifference(p, i, h: 1e-3) { BinaryCrossEntropy.forward(probabilities: $0, target: target) }
                XCTAssertEqual(g.data[i], numeric, accuracy: 2e-3 * max(1, abs(numeric)), "BCE grad \(i), target \(target)")
            }
        }
    }

    func testCompletionLossIsMeanOverAllElementsAndBackwardMatchesFiniteDifferences() {
        var rng = TestRNG(13)
        let shape = [2, 3, 4, 5]
        let out = Tensor(shape: shape, data: (0..<120).map { _ in Float.random(in: 0...1, using: &rng) })
        let x = Tensor(shape: shape, data: (0..<120).map { _ in Float.random(in: 0...1, using: &rng) })
        let mask = Tensor(shape: [2, 1, 4, 5], data: (0..<40).map { $0 % 3 == 0 ? 1 : 0 })
        // Direct definition: sum over hole pixels of (o − x)², divided by all 120 elements.
        var expected: Double = 0
        for b in 0..<2 {
            for c in 0..<3 {
                for i in 0..<20 where mask.data[b * 20 + i] == 1 {
                    let d = Double(out.data[(b * 3 + c) * 20 + i] - x.data[(b * 3 + c) * 20 + i]); expected += d * d
                }
            }
        }
        expected /= 120
        XCTAssertEqual(Double(CompletionLoss.forward(output: out, target: x, mask: mask)), expected, accuracy: 1e-6)
        var g = Tensor(shape: shape, value: 1)  // accumulates onto what is there
        CompletionLoss.backward(output: out, target: x, mask: mask, into: &g)
        for i in stride(from: 0, to: 120, by: 7) {
            let numeric = centralDifference(out, i, h: 1e-2) { CompletionLoss.forward(output: $0, target: x, mask: mask) }
            XCTAssertEqual(g.data[i] - 1, numeric, accuracy: 1e-4, "completion loss grad \(i)")
        }
    }

    func testAdadeltaFirstStepAndDefinition() {
        let opt = Adadelta(slotSizes: [3])
        var p: [Float] = [1, 1, 1]
        let g: [Float] = [1, -1e-5, 0]
        opt.update(slot: 0, parameter: &p, gradient: g)
        // First step: d = sqrt(eps)/sqrt(0.1 g² + eps) · g.
        for i in 0..<3 {
            let gi = Double(g[i])
            let d = (1e-6).squareRoot() / (0.1 * gi * gi + 1e-6).squareRoot() * gi
            XCTAssertEqual(Double(p[i]), 1 - d, accuracy: 1e-7)
        }
        XCTAssertEqual(Double(1 - p[0]), 3.16e-3, accuracy: 1e-5)
    }

    func testAdadeltaLowersAQuadratic() {
        // f(p) = Σ a_i (p_i − c_i)², from a fixed start; Adadelta must bring it well down.
        let a: [Float] = [1, 3, 0.5, 2]
        let c: [Float] = [0.3, -0.2, 0.1, 0.05]
        var p: [Float] = [1, 1, -1, 0.5]
        func f(_ p: [Float]) -> Float { (0..<4).reduce(0) { $0 + a[$1] * (p[$1] - c[$1]) * (p[$1] - c[$1]) } }
        let start = f(p)
        let opt = Adadelta(slotSizes: [4])
        for _ in 0..<2000 {
            let g = (0..<4).map { 2 * a[$0] * (p[$0] - c[$0]) }
            opt.update(slot: 0, parameter: &p, gradient: g)
        }
        XCTAssertLessThan(f(p), start * 0.01, "Adadelta did not lower the quadratic: \(start) → \(f(p))")
    }

    private func centralDifference(_ t: Tensor, _ i: Int, h: Float, _ f: (Tensor) -> Float) -> Float {
        var plus = t, minus = t
        plus.data[i] += h
        minus.data[i] -= h
        return (f(plus) - f(minus)) / (2 * h)
    }
}
