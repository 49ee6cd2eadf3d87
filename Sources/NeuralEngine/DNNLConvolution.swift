// bf16 convolutions and transposed convolutions on oneDNN (issue 10, docs/bf16.md): bf16 inputs, weights and
// output gradients, float32 accumulation, float32 outputs, input gradients and weight gradients. The engine's
// tensors stay NCHW float32; each call reorders its operands into the blocked bf16 layouts the primitive
// chose and its results back. Primitives, memory descriptors and reorders are built once per input shape;
// the bf16 weights are reordered once per weight version (once per optimiser step).
import CDNNL

/// The oneDNN lowering of one Conv2d or ConvTranspose2d layer, with its per-shape plans.
final class DNNLConvolution: @unchecked Sendable {
    /// The layer's hyper-parameters. For a transposed convolution `inChannels`/`outChannels` are the
    /// layer's (input, output) and the weights are PyTorch's `[Cin, Cout, k, k]`.
    struct Layer: Hashable {
        var transposed: Bool
        var inChannels: Int, outChannels: Int
        var kernel: [Int], stride: [Int], padding: [Int], dilation: [Int]
        var bias: Bool
    }

    let layer: Layer
    private var plans: [[Int]: Plan] = [:]

    init(_ layer: Layer) { self.layer = layer }

    /// The right-hand padding oneDNN needs for an input `inSize` → output `outSize` along axis `a`, or nil
    /// where it would be negative (PyTorch's floor rounding dropping input; those layers stay on f32).
    func rightPadding(in inSize: Int, out outSize: Int, axis a: Int) -> Int? {
        let (small, large) = layer.transposed ? (inSize, outSize) : (outSize, inSize)
        let pr = (small - 1) * layer.stride[a] + (layer.kernel[a] - 1) * layer.dilation[a] + 1 - large - layer.padding[a]
        return pr >= 0 ? pr : nil
    }

    /// Whether oneDNN can run this layer for an input `[N, Cin, H, W]` → output `[N, Cout, Ho, Wo]`.
    func supports(input: [Int], output: [Int]) -> Bool {
        rightPadding(in: input[2], out: output[2], axis: 0) != nil && rightPadding(in: input[3], out: output[3], axis: 1) != nil
    }

    /// Forward. x: `[N, Cin, H, W]` → y `[N, Cout, Ho, Wo]` (bias added), written into `y`'s storage.
    func forward(_ x: Tensor, outputShape: [Int], weight: Parameter, bias: Parameter?, threads: Int) -> Tensor {
        let threads = team(threads)
        return Tensor.uninitialized(outputShape) { y in
            DNNLRuntime.shared.run(threads: threads) {
                let plan = self.plan(input: x.shape, output: outputShape, threads: threads)
                plan.forward(x, y, weight: weight, bias: bias)
            }
        }
    }

    /// Backward. Returns dx `[N, Cin, H, W]` when `inputGradient`; adds dW (and db) into the parameters'
    /// gradients when `parameterGradient`. dy: `[N, Cout, Ho, Wo]`.
    func backward(
        _ dy: Tensor, input x: Tensor, weight: Parameter, bias: Parameter?,
        inputGradient: Bool, parameterGradient: Bool, threads: Int
    ) -> Tensor? {
        var dx: Tensor?
        let threads = team(threads)
        DNNLRuntime.shared.run(threads: threads) {
            let plan = self.plan(input: x.shape, output: dy.shape, threads: threads)
            dx = plan.backward(
                dy, x, weight: weight, bias: bias, inputGradient: inputGradient,
                parameterGradient: parameterGradient)
        }
        return dx
    }

    /// The implementations oneDNN chose for the plan of this input shape (forward, backward data, backward
    /// weights), building the plan where needed: for benchmarks and tests.
    func implementations(input: [Int], output: [Int], threads: Int = EngineOptions().threads) -> [String] {
        let threads = team(threads)
        return DNNLRuntime.shared.run(threads: threads) { plan(input: input, output: output, threads: threads).implementations }
    }

    /// OpenMP team size: the layer's threads, or one inside an engine parallel region.
    private func team(_ threads: Int) -> Int { EngineThreads.inParallelRegion ? 1 : max(1, threads) }

    private func plan(input: [Int], output: [Int], threads: Int) -> Plan {
        let key = input + output + [threads]
        if let p = plans[key] { return p }
        let p = Plan(
            layer: layer, input: input, output: output,
            rightPadding: [
                rightPadding(in: input[2], out: output[2], axis: 0)!,
                rightPadding(in: input[3], out: output[3], axis: 1)!
            ])
        plans[key] = p
        return p
    }
}
