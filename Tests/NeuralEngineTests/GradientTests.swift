import XCTest
@testable import NeuralEngine

/// Central finite differences of L = Σ r·layer(x) against each layer's backward, for the input and for
/// every parameter, on tiny inputs.
final class GradientTests: XCTestCase {
    /// Checks dL/dx and dL/dparameters of a module layer whose output is `run(x)` and whose backward
    /// (after `run` in the same state) is `back(r)`.
    private func checkModule(
        _ name: String, module: Module, x: Tensor, seed: UInt64,
        forward: (Tensor) -> (Tensor, (Tensor) -> Tensor?), tolerance: Double = 2e-2
    ) {
        var rng = TestRNG(seed)
        let (y, back) = forward(x)
        let r = randomTensor(y.shape, &rng)
        module.zeroGradients()
        let dx = back(r)
        if let dx {
            checkGradient("\(name) dx", at: x, analytic: dx, tolerance: tolerance) { weightedSum(forward($0).0, r) }
        }
        for (pname, p) in module.namedParameters {
            let analytic = p.grad
            let v = p.value
            checkGradient("\(name) d\(pname)", at: v, analytic: analytic, tolerance: tolerance) {
                p.value = $0
                return weightedSum(forward(x).0, r)
            }
            p.value = v
        }
    }

    func testConv2dGradients() {
        var rng = TestRNG(20)
        let layers = [
            Conv2d(2, 3, kernelSize: 3, stride: 1, padding: 1),
            Conv2d(2, 3, kernelSize: 3, stride: 2, padding: 1),
            Conv2d(2, 2, kernelSize: 3, stride: 1, padding: 2, dilation: 2),
            Conv2d(3, 2, kernelSize: 1),
            Conv2d(inChannels: 2, outChannels: 2, kernel: (1, 3), padding: (0, 1), bias: false)
        ]
        for (i, layer) in layers.enumerated() {
            layer.resetParameters(using: &rng)
            let x = randomTensor([2, layer.inChannels, 6, 5], &rng)
            checkModule("conv \(i)", module: layer, x: x, seed: UInt64(i)) { x in
                let (y, cache) = layer.forward(x)
                return (y, { layer.backward($0, cache: cache) })
            }
        }
    }

    func testConvBackwardParametersOnlyMatchesFullBackward() {
        var rng = TestRNG(21)
        let layer = Conv2d(2, 3, kernelSize: 3, padding: 1)
        layer.resetParameters(using: &rng)
        let x = randomTensor([1, 2, 5, 5], &rng), dy = randomTensor([1, 3, 5, 5], &rng)
        let (_, cache) = layer.forward(x)
        layer.zeroGradients()
        _ = layer.backward(dy, cache: cache)
        let full = layer.weight.grad
        layer.zeroGradients()
        layer.backwardParameters(dy, cache: cache)
        assertClose(layer.weight.grad, full, "parameters-only backward")
        layer.backwardParameters(dy, cache: cache)
        assertClose(layer.weight.grad, Tensor(shape: full.shape, data: full.data.map { 2 * $0 }), "gradients accumulate")
    }

    func testConvTranspose2dGradients() {
        var rng = TestRNG(22)
        let layers = [
            ConvTranspose2d(2, 3, kernelSize: 4, stride: 2, padding: 1),
            ConvTranspose2d(3, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1),
            ConvTranspose2d(2, 2, kernelSize: 3, stride: 1, padding: 2, dilation: 2)
        ]
        for (i, layer) in layers.enumerated() {
            layer.resetParameters(using: &rng)
            let x = randomTensor([2, layer.inChannels, 4, 3], &rng)
            checkModule("deconv \(i)", module: layer, x: x, seed: UInt64(i)) { x in
                let (y, cache) = layer.forward(x)
                return (y, { layer.backward($0, cache: cache) })
            }
        }
    }

    func testBatchNormGradientsInBothModes() {
        var rng = TestRNG(23)
        for training in [true, false] {
            let bn = BatchNorm2d(3)
            bn.weight.value = randomTensor([3], &rng)
            bn.bias.value = randomTensor([3], &rng)
            bn.runningMean.value = randomTensor([3], &rng)
            bn.runningVar.value = Tensor(shape: [3], data: [0.5, 1, 2])
            bn.training = training
            let x = randomTensor([2, 3, 3, 4], &rng, scale: 2)
            checkModule("bn training=\(training)", module: bn, x: x, seed: 3) { x in
                let (y, cache) = bn.forward(x)
                return (y, { bn.backward($0, cache: cache) })
            }
        }
    }

    func testLinearGradients() {
        var rng = TestRNG(24)
        let layer = Linear(5, 4)
        layer.resetParameters(using: &rng)
        checkModule("linear", module: layer, x: randomTensor([3, 5], &rng), seed: 4) { x in
            let (y, cache) = layer.forward(x)
            return (y, { layer.backward($0, cache: cache) })
        }
    }

    /// Stateless layers: dL/dx only.
    private func checkStateless(_ name: String, x: Tensor, seed: UInt64, _ forward: (Tensor) -> (Tensor, (Tensor) -> Tensor)) {
        var rng = TestRNG(seed)
        let (y, back) = forward(x)
        let r = randomTensor(y.shape, &rng)
        checkGradient(name, at: x, analytic: back(r)) { weightedSum(forward($0).0, r) }
    }

    func testActivationAndShapeGradients() {
        var rng = TestRNG(25)
        // Keep ReLU inputs away from the kink so that finite differences are valid.
        var x = randomTensor([2, 3, 4, 4], &rng)
        x.data = x.data.map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        checkStateless("relu", x: x, seed: 1) { x in
            let (y, c) = ReLU().forward(x); return (y, { ReLU().backward($0, cache: c) })
        }
        checkStateless("sigmoid", x: x, seed: 2) { x in
            let (y, c) = Sigmoid().forward(x); return (y, { Sigmoid().backward($0, cache: c) })
        }
        checkStateless("flatten", x: x, seed: 3) { x in
            let (y, c) = Flatten().forward(x); return (y, { Flatten().backward($0, cache: c) })
        }
        let other = randomTensor([2, 2, 4, 4], &rng)
        checkStateless("concat", x: x, seed: 4) { x in
            let (y, c) = Concat().forward([other, x, other])
            return (y, { Concat().backward($0, cache: c)[1] })
        }
        checkStateless("avgpool", x: x, seed: 5) { x in
            let pool = AvgPool2d(kernelSize: 3, stride: 1, padding: 1, countIncludePad: false)
            let (y, c) = pool.forward(x)
            return (y, { pool.backward($0, cache: c) })
        }
        checkStateless("maxpool", x: x, seed: 6) { x in
            let pool = MaxPool2d(kernelSize: 3, stride: 2)
            let (y, c) = pool.forward(x)
            return (y, { pool.backward($0, cache: c) })
        }
        checkStateless("global avgpool", x: x, seed: 7) { x in
            let (y, c) = GlobalAvgPool2d().forward(x)
            return (y, { GlobalAvgPool2d().backward($0, cache: c) })
        }
    }
}
