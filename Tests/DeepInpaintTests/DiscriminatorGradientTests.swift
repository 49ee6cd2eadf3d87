import Foundation
import ImageCore
import NeuralEngine
import XCTest
@testable import DeepInpaint

/// Central finite differences of the context discriminators end to end (train mode, BCE loss), for the
/// input gradients the trainer passes into the completion network and for a few parameters.
final class DiscriminatorGradientTests: XCTestCase {
    func testContextDiscriminatorsBackwardMatchesFiniteDifferences() {
        for branches in ContextDiscriminator.Branches.allCases {
            let d = ContextDiscriminator(localSize: 64, globalSize: 64, branches: branches, widthMultiplier: 0.5)
            var rng = SplitMix64(seed: 5)
            d.resetParameters(using: &rng)
            d.training = true
            let n = 8
            let local = Tensor(shape: [n, 3, 64, 64], data: (0..<(n * 3 * 4096)).map { _ in rng.unitFloat() })
            let global = Tensor(shape: [n, 3, 64, 64], data: (0..<(n * 3 * 4096)).map { _ in rng.unitFloat() })
            let target: Float = 1
            func loss(_ l: Tensor, _ g: Tensor) -> Double {
                // Train mode updates running statistics but they do not enter the train-mode output.
                Double(BinaryCrossEntropy.forward(probabilities: d.forward(local: l, global: g).y, target: target))
            }
            d.zeroGradients()
            let (p, cache) = d.forward(local: local, global: global)
            var dp = Tensor(shape: p.shape)
            BinaryCrossEntropy.backward(probabilities: p, target: target, into: &dp)
            let (dLocal, dGlobal) = d.backward(dp, cache: cache)
            XCTAssertEqual(dLocal == nil, branches == .globalOnly)
            XCTAssertEqual(dGlobal == nil, branches == .localOnly)
            if let dLocal {
                check(dLocal, "local input \(branches)", h: 1e-3) { i, h in
                    var l = local; l.data[i] += h; return loss(l, global)
                }
            }
            if let dGlobal {
                check(dGlobal, "global input \(branches)", h: 1e-3) { i, h in
                    var g = global; g.data[i] += h; return loss(local, g)
                }
            }
            let w = d.linear1.weight
            let gw = w.grad
            check(gw, "linear1.weight \(branches)", h: 1e-3) { i, h in
                let saved = w.value; w.value.data[i] += h; defer { w.value = saved }
                return loss(local, global)
            }
            let conv = (d.local ?? d.global)!.convs[1].weight
            let gc = conv.grad
            check(gc, "conv2.weight \(branches)", h: 5e-4) { i, h in
                let saved = conv.value; conv.value.data[i] += h; defer { conv.value = saved }
                return loss(local, global)
            }
        }
    }

    /// The trainer's partial backwards: without input gradients the parameter gradients are those of the full
    /// backward; without parameter gradients the input gradients are, and no convolution weight gradient moves.
    func testPartialBackwardsGiveTheFullBackwardsParts() {
        let d = ContextDiscriminator(localSize: 32, globalSize: 64, branches: .both, widthMultiplier: 0.25)
        var rng = SplitMix64(seed: 9)
        d.resetParameters(using: &rng)
        d.training = true
        let n = 4
        let local = Tensor(shape: [n, 3, 32, 32], data: (0..<(n * 3 * 1024)).map { _ in rng.unitFloat() })
        let global = Tensor(shape: [n, 3, 64, 64], data: (0..<(n * 3 * 4096)).map { _ in rng.unitFloat() })
        let (p, cache) = d.forward(local: local, global: global)
        var dp = Tensor(shape: p.shape)
        BinaryCrossEntropy.backward(probabilities: p, target: 0, into: &dp)
        let params = d.namedParameters
        d.zeroGradients()
        let full = d.backward(dp, cache: cache)
        let fullGrads = params.map { $0.parameter.grad.data }
        d.zeroGradients()
        let noInput = d.backward(dp, cache: cache, inputGradients: false)
        XCTAssertNil(noInput.local)
        XCTAssertNil(noInput.global)
        for (k, named) in params.enumerated() { XCTAssertEqual(named.parameter.grad.data, fullGrads[k], named.name) }
        d.zeroGradients()
        let noParameters = d.backward(dp, cache: cache, parameterGradients: false)
        XCTAssertEqual(noParameters.local?.data, full.local?.data)
        XCTAssertEqual(noParameters.global?.data, full.global?.data)
        let convWeights = params.filter { $0.name.contains("conv") && $0.name.hasSuffix(".weight") }
        XCTAssertFalse(convWeights.isEmpty)
        for named in convWeights { XCTAssertTrue(named.parameter.grad.data.allSatisfy { $0 == 0 }, named.name) }
    }

    /// Compares the analytic gradient with central differences at its 4 largest entries.
    /// Steps are small against each tensor's scale (conv2 weights are U(±0.025)) because train-mode BatchNorm
    /// over few values makes the loss strongly curved.
    private func check(_ analytic: Tensor, _ name: String, h: Float, _ f: (Int, Float) -> Double) {
        let top = analytic.data.indices.sorted { abs(analytic.data[$0]) > abs(analytic.data[$1]) }.prefix(4)
        for i in top {
            let numeric = (f(i, h) - f(i, -h)) / Double(2 * h)
            let a = Double(analytic.data[i])
            XCTAssertEqual(numeric, a, accuracy: 0.05 * abs(a) + 1e-6, "\(name)[\(i)]: numeric \(numeric), analytic \(a)")
        }
    }
}
