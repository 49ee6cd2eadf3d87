// The bf16 lowering of GLCIC's transposed convolutions (k = 4, stride 2, padding 1) as four stride-1 2×2
// convolutions, one per output parity (docs/bf16.md, "transposed convolutions"): oneDNN's own bf16
// deconvolution runs at a fraction of its convolution speed on these shapes. With o = 2i − 1 + k, the
// outputs of parity a (rows 2m + a) take taps k = 3 − a − 2t (t = 0, 1) from inputs m − 1 + a + t, so
//   y[o, 2m+a, 2q+b] = Σ_c Σ_t,u x[c, m−1+a+t, q−1+b+u] · W[c, o, 3−a−2t, 3−b−2u] + bias[o],
// a correlation with a 2×2 kernel and left padding 1 − a. Backward: dx is the sum of the four sub-convolutions'
// dx; their dW are scattered back into the 4×4 kernel; each adds its share of db.
import Foundation

/// A bf16 convolution lowering as the layers call it.
protocol BF16ConvolutionKernel: AnyObject {
    func forward(_ x: Tensor, outputShape: [Int], weight: Parameter, bias: Parameter?, threads: Int) -> Tensor
    func backward(
        _ dy: Tensor, input x: Tensor, weight: Parameter, bias: Parameter?,
        inputGradient: Bool, parameterGradient: Bool, threads: Int
    ) -> Tensor?
}

extension DNNLConvolution: BF16ConvolutionKernel {}

final class DNNLSubpixelDeconvolution: BF16ConvolutionKernel {
    let inChannels: Int, outChannels: Int
    /// Parities (a, b) = (p / 2, p % 2).
    private let parts: [DNNLConvolution]
    /// The 2×2 kernels `[Cout, Cin, 2, 2]` gathered from the 4×4 one, and the weight version they were made from.
    private let subWeights: [Parameter]
    private var version = -1

    /// Whether a transposed convolution has the geometry this lowering handles.
    static func applies(kernelSize: Int, stride: Int, padding: Int, dilation: Int, outputPadding: Int) -> Bool {
        kernelSize == 4 && stride == 2 && padding == 1 && dilation == 1 && outputPadding == 0
    }

    init(inChannels: Int, outChannels: Int, bias: Bool) {
        self.inChannels = inChannels; self.outChannels = outChannels
        parts = (0..<4).map { p in
            DNNLConvolution(
                .init(
                    transposed: false, inChannels: inChannels, outChannels: outChannels, kernel: [2, 2],
                    stride: [1, 1], padding: [1 - p / 2, 1 - p % 2], dilation: [1, 1], bias: bias))
        }
        subWeights = (0..<4).map { _ in Parameter(Tensor(shape: [outChannels, inChannels, 2, 2])) }
    }

    /// x: `[N, Cin, H, W]` → `[N, Cout, 2H, 2W]`.
    func forward(_ x: Tensor, outputShape: [Int], weight: Parameter, bias: Parameter?, threads: Int) -> Tensor {
        refresh(weight)
        let (n, _, h, w) = x.nchw
        precondition(outputShape == [n, outChannels, 2 * h, 2 * w], "DNNLSubpixelDeconvolution: output \(outputShape)")
        var y = Tensor.uninitialized(outputShape) { _ in }
        for p in 0..<4 {
            let part = parts[p].forward(
                x, outputShape: [n, outChannels, h, w], weight: subWeights[p], bias: bias,
                threads: threads)
            Self.interleave(part, into: &y, parity: (p / 2, p % 2), threads: threads)
        }
        return y
    }

    func backward(
        _ dy: Tensor, input x: Tensor, weight: Parameter, bias: Parameter?,
        inputGradient: Bool, parameterGradient: Bool, threads: Int
    ) -> Tensor? {
        refresh(weight)
        let (n, _, h, w) = x.nchw
        var dx: Tensor? = inputGradient ? Tensor(shape: x.shape) : nil
        for p in 0..<4 {
            let dyPart = Self.deinterleave(dy, parity: (p / 2, p % 2), shape: [n, outChannels, h, w], threads: threads)
            subWeights[p].grad = Tensor(shape: subWeights[p].shape)
            let dxPart = parts[p].backward(
                dyPart, input: x, weight: subWeights[p], bias: bias,
                inputGradient: inputGradient, parameterGradient: parameterGradient,
                threads: threads)
            if let dxPart { dx!.data.withUnsafeMutableBufferPointer { d in for i in d.indices { d[i] += dxPart.data[i] } } }
            if parameterGradient { scatterGradient(subWeights[p].grad, parity: (p / 2, p % 2), into: weight) }
        }
        return dx
    }

    /// Gathers the four 2×2 kernels from `weight` `[Cin, Cout, 4, 4]` when it changed.
    private func refresh(_ weight: Parameter) {
        guard weight.version != version else { return }
        let (ci, co) = (inChannels, outChannels)
        weight.value.data.withUnsafeBufferPointer { w in
            for p in 0..<4 {
                let (a, b) = (p / 2, p % 2)
                var sub = [Float](repeating: 0, count: co * ci * 4)
                for o in 0..<co {
                    for c in 0..<ci {
                        for t in 0..<2 {
                            for u in 0..<2 {
                                sub[((o * ci + c) * 2 + t) * 2 + u] = w[((c * co + o) * 4 + 3 - a - 2 * t) * 4 + 3 - b - 2 * u]
                            }
                        }
                    }
                }
                subWeights[p].value = Tensor(shape: [co, ci, 2, 2], data: sub)
            }
        }
        version = weight.version
    }

    /// weight.grad[c, o, 3−a−2t, 3−b−2u] += dSub[o, c, t, u].
    private func scatterGradient(_ dSub: Tensor, parity: (Int, Int), into weight: Parameter) {
        let (ci, co, a, b) = (inChannels, outChannels, parity.0, parity.1)
        weight.grad.data.withUnsafeMutableBufferPointer { g in
            for o in 0..<co {
                for c in 0..<ci {
                    for t in 0..<2 {
                        for u in 0..<2 {
                            g[((c * co + o) * 4 + 3 - a - 2 * t) * 4 + 3 - b - 2 * u] += dSub.data[((o * ci + c) * 2 + t) * 2 + u]
                        }
                    }
                }
            }
        }
    }

    /// y[:, :, 2m+a, 2q+b] = part[:, :, m, q], over `threads` threads by (image, channel) plane.
    static func interleave(_ part: Tensor, into y: inout Tensor, parity: (Int, Int), threads: Int) {
        let (planes, h, w) = (part.shape[0] * part.shape[1], part.shape[2], part.shape[3])
        part.data.withUnsafeBufferPointer { s in
            y.data.withUnsafeMutableBufferPointer { d in
                let (src, dst) = (s.baseAddress!, d.baseAddress!)
                EngineThreads.parallelRanges(planes, threads: threads, minimum: 2) { range in
                    for plane in range {
                        let sp = src + plane * h * w, dp = dst + plane * 4 * h * w + parity.0 * 2 * w + parity.1
                        for m in 0..<h { for q in 0..<w { dp[m * 4 * w + 2 * q] = sp[m * w + q] } }
                    }
                }
            }
        }
    }

    /// The `shape` `[N, C, H, W]` tensor of dy[:, :, 2m+a, 2q+b].
    static func deinterleave(_ dy: Tensor, parity: (Int, Int), shape: [Int], threads: Int) -> Tensor {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        return Tensor.uninitialized(shape) { d in
            dy.data.withUnsafeBufferPointer { s in
                let src = s.baseAddress!
                EngineThreads.parallelRanges(planes, threads: threads, minimum: 2) { range in
                    for plane in range {
                        let sp = src + plane * 4 * h * w + parity.0 * 2 * w + parity.1, dp = d + plane * h * w
                        for m in 0..<h { for q in 0..<w { dp[m * w + q] = sp[m * 4 * w + 2 * q] } }
                    }
                }
            }
        }
    }
}
