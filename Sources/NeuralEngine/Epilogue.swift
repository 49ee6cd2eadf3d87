// Per-channel elementwise work fused into the convolution's output pass (inference only): bias, then an
// activation and/or a BatchNorm in eval mode folded into a per-channel scale and shift.
import Foundation

/// What follows a convolution's GEMM in the inference fast path, applied per output tile while it is hot.
public enum Epilogue {
    /// Bias only.
    case none
    /// Bias, then ReLU.
    case relu
    /// Bias, then sigmoid.
    case sigmoid
    /// Bias, ReLU, then `y·scale[c] + shift[c]` (Conv → ReLU → BatchNorm in eval mode, as in otenim's GLCIC).
    case reluThenAffine(scale: [Float], shift: [Float])
    /// Bias, `y·scale[c] + shift[c]`, then ReLU (Conv → BatchNorm(eval) → ReLU, as in Inception-v3).
    case affineThenRelu(scale: [Float], shift: [Float])

    /// The epilogue of the output channels `range` alone (per-channel scale and shift sliced), for code that
    /// applies it to a channel sub-range with `apply(y + range.lowerBound·ld, channels: range.count, …)`.
    func channels(_ range: Range<Int>) -> Epilogue {
        switch self {
        case .none, .relu, .sigmoid: return self
        case let .reluThenAffine(scale, shift): return .reluThenAffine(scale: Array(scale[range]), shift: Array(shift[range]))
        case let .affineThenRelu(scale, shift): return .affineThenRelu(scale: Array(scale[range]), shift: Array(shift[range]))
        }
    }

    /// Applies bias and epilogue to channel rows of `y`: channel o occupies `y[o·ld ..< o·ld + count]`.
    func apply(_ y: UnsafeMutablePointer<Float>, channels: Int, count: Int, ld: Int, bias: UnsafePointer<Float>?) {
        for o in 0..<channels {
            let p = y + o * ld
            let b = bias?[o] ?? 0
            switch self {
            case .none:
                if b != 0 { for i in 0..<count { p[i] += b } }
            case .relu:
                for i in 0..<count { p[i] = max(p[i] + b, 0) }
            case .sigmoid:
                for i in 0..<count { p[i] = 1 / (1 + expf(-(p[i] + b))) }
            case let .reluThenAffine(scale, shift):
                let s = scale[o], t = shift[o]
                for i in 0..<count { p[i] = max(p[i] + b, 0) * s + t }
            case let .affineThenRelu(scale, shift):
                let s = scale[o], t = shift[o] + b * scale[o]
                for i in 0..<count { p[i] = max(p[i] * s + t, 0) }
            }
        }
    }
}

extension Epilogue {
    /// Applies the epilogue (without bias: the producer added it) to a whole `[N, C, H, W]` output, over the
    /// `threads` threads (images in parallel, or channel ranges of each image when there are fewer images).
    func applyInParallel(to y: inout Tensor, threads: Int) {
        if case .none = self { return }
        let (n, c, h, w) = y.nchw
        let plane = h * w, cores = max(1, threads)
        y.data.withUnsafeMutableBufferPointer { yb in
            let base = yb.baseAddress!
            if n >= cores {
                EngineThreads.parallelForDynamic(n, threads: cores) { i in
                    apply(base + i * c * plane, channels: c, count: plane, ld: plane, bias: nil)
                }
                return
            }
            for i in 0..<n {
                EngineThreads.parallelFor(cores, threads: cores) { part, _ in
                    let cs = (part * c / cores)..<((part + 1) * c / cores)
                    channels(cs).apply(base + (i * c + cs.lowerBound) * plane, channels: cs.count, count: plane, ld: plane, bias: nil)
                }
            }
        }
    }
}

extension Tensor {
    /// A tensor whose samples are written by `fill` (every element must be written), without zeroing first.
    static func uninitialized(_ shape: [Int], _ fill: (UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let n = shape.reduce(1, *)
        let data = [Float](unsafeUninitializedCapacity: n) { buffer, initialised in
            if n > 0 { fill(buffer.baseAddress!) }
            initialised = n
        }
        return Tensor(shape: shape, data: data)
    }
}
