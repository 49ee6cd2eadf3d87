import XCTest
@testable import NeuralEngine

/// The bf16 (oneDNN) convolutions against the engine's f32 lowering on small shapes (docs/bf16.md).
/// Tolerance: bf16 keeps 8 significant bits (relative rounding 2⁻⁹ per operand), accumulation is f32, so
/// every result must lie within 2 % of the largest magnitude of the f32 result.
final class BF16ConvolutionTests: XCTestCase {
    static let tolerance: Float = 0.02

    override func setUpWithError() throws {
        try XCTSkipUnless(ComputePrecision.bf16Available, "this CPU has no AVX512_BF16: the bf16 path falls back to f32")
    }

    /// max |a − b| / max |b|, with the index of the worst element.
    private func relativeError(_ a: Tensor, _ b: Tensor) -> (Float, Int) {
        precondition(a.shape == b.shape, "shapes \(a.shape) vs \(b.shape)")
        let scale = max(b.data.map(abs).max() ?? 0, 1e-20)
        var worst: Float = 0, at = 0
        for i in 0..<a.count where abs(a.data[i] - b.data[i]) > worst { worst = abs(a.data[i] - b.data[i]); at = i }
        return (worst / scale, at)
    }

    private func assertBF16Close(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let (e, at) = relativeError(a, b)
        XCTAssertLessThanOrEqual(
            e, Self.tolerance, "\(what): relative error \(e) at \(at): \(a.data[at]) vs \(b.data[at])",
            file: file, line: line)
        XCTAssertNotEqual(a, b, "\(what): bf16 result identical to f32 (did the bf16 path run?)", file: file, line: line)
    }

    /// Forward, dx, dW and db of `layer` in bf16 against f32 on an input of `shape`.
    private func check(_ layer: Conv2d, input shape: [Int], seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        var rng = TestRNG(seed)
        layer.resetParameters(using: &rng)
        let x = randomTensor(shape, &rng)
        layer.precision = .f32
        let (y32, c32) = layer.forward(x)
        let dy = randomTensor(y32.shape, &rng)
        layer.zeroGradients()
        let dx32 = layer.backward(dy, cache: c32)
        let (dW32, db32) = (layer.weight.grad, layer.bias?.grad)

        layer.precision = .bf16
        let (y16, c16) = layer.forward(x)
        layer.zeroGradients()
        let dx16 = layer.backward(dy, cache: c16)
        let name = "conv \(layer.kernel) s\(layer.stride) d\(layer.dilation) \(shape)"
        assertBF16Close(y16, y32, "\(name) forward", file: file, line: line)
        assertBF16Close(dx16, dx32, "\(name) dx", file: file, line: line)
        if layer.stride != (1, 1) && layer.kernel.h * layer.kernel.w >= 25 {  // dW and db stay f32 (docs/bf16.md)
            assertClose(layer.weight.grad, dW32, "\(name) dW (f32)", file: file, line: line)
            if let db32, let db16 = layer.bias?.grad { assertClose(db16, db32, "\(name) db (f32)", file: file, line: line) }
        } else {
            assertBF16Close(layer.weight.grad, dW32, "\(name) dW", file: file, line: line)
            if let db32, let db16 = layer.bias?.grad { assertBF16Close(db16, db32, "\(name) db", file: file, line: line) }
        }
        // Gradients accumulate: a second backward doubles them; dx-only leaves them alone.
        let once = layer.weight.grad
        _ = layer.backward(dy, cache: c16)
        _ = layer.backwardInput(dy, cache: c16)
        assertClose(
            layer.weight.grad, Tensor(shape: once.shape, data: once.data.map { 2 * $0 }), abs: 1e-5, rel: 1e-5,
            "\(name) dW accumulates", file: file, line: line)
    }

    func testConvolutionsMatchF32() {
        check(Conv2d(4, 16, kernelSize: 5, stride: 1, padding: 2), input: [2, 4, 12, 12], seed: 1)
        check(Conv2d(16, 32, kernelSize: 3, stride: 2, padding: 1), input: [2, 16, 12, 12], seed: 2)
        check(Conv2d(32, 32, kernelSize: 3, stride: 1, padding: 4, dilation: 4), input: [1, 32, 16, 16], seed: 3)
        check(Conv2d(3, 16, kernelSize: 5, stride: 2, padding: 2), input: [3, 3, 16, 16], seed: 4)
        check(Conv2d(16, 3, kernelSize: 3, stride: 1, padding: 1, bias: true), input: [2, 16, 8, 8], seed: 5)
    }

    /// GLCIC's k4 s2 p1 (the sub-pixel lowering) and a general geometry (oneDNN's deconvolution).
    func testTransposedConvolutionsMatchF32() {
        for (layer, shape, seed) in [
            (ConvTranspose2d(32, 16, kernelSize: 4, stride: 2, padding: 1), [2, 32, 6, 6], UInt64(7)),
            (ConvTranspose2d(8, 16, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1), [2, 8, 5, 7], 8)
        ] {
            var rng = TestRNG(seed)
            layer.resetParameters(using: &rng)
            let x = randomTensor(shape, &rng)
            let (y32, c32) = layer.forward(x)
            let dy = randomTensor(y32.shape, &rng)
            let dx32 = layer.backward(dy, cache: c32)
            let (dW32, db32) = (layer.weight.grad, layer.bias!.grad)
            layer.zeroGradients()
            layer.precision = .bf16
            let (y16, c16) = layer.forward(x)
            let dx16 = layer.backward(dy, cache: c16)
            let name = "deconv k\(layer.kernelSize) s\(layer.stride)"
            assertBF16Close(y16, y32, "\(name) forward")
            assertBF16Close(dx16, dx32, "\(name) dx")
            assertBF16Close(layer.weight.grad, dW32, "\(name) dW")
            assertBF16Close(layer.bias!.grad, db32, "\(name) db")
        }
    }

    func testFusedEpilogueAndWeightRefresh() {
        let layer = Conv2d(8, 16, kernelSize: 3, stride: 1, padding: 1)
        var rng = TestRNG(9)
        layer.resetParameters(using: &rng)
        let x = randomTensor([1, 8, 10, 10], &rng)
        let scale = (0..<16).map { Float($0) / 8 - 1 }, shift = (0..<16).map { Float($0) / 16 }
        let f32 = layer.inference(x, epilogue: .reluThenAffine(scale: scale, shift: shift))
        layer.precision = .bf16
        assertBF16Close(layer.inference(x, epilogue: .reluThenAffine(scale: scale, shift: shift)), f32, "epilogue")
        // New weights (a new version) must be picked up, not the cached bf16 copy.
        layer.weight.value.data = layer.weight.value.data.map { -$0 }
        layer.precision = .f32
        let negated = layer(x)
        layer.precision = .bf16
        assertBF16Close(layer(x), negated, "after a weight update")
    }

    func testChosenImplementationsAreNativeBF16() {
        let layer = DNNLConvolution(
            .init(
                transposed: false, inChannels: 64, outChannels: 64, kernel: [3, 3], stride: [1, 1],
                padding: [1, 1], dilation: [1, 1], bias: true))
        let names = layer.implementations(input: [2, 64, 16, 16], output: [2, 64, 16, 16])
        for name in names { XCTAssertTrue(name.contains("bf16"), "oneDNN chose \(names)") }
    }
}
