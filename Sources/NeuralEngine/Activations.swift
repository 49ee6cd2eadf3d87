// Elementwise activations with their derivatives: ReLU (y = max(x, 0), dy/dx = [y > 0]) and the logistic
// sigmoid (y = 1/(1+e^−x), dy/dx = y·(1−y)). Stateless; the cache is the output.
import Foundation
import Parallelism

/// Rectified linear unit, any shape.
public struct ReLU {
    /// What `backward` needs: the output.
    public struct Cache { public let y: Tensor }
    /// Threads of the elementwise loop (a network passes its `EngineOptions.threads`).
    public let threads: Int
    public init(threads: Int = defaultThreadCount) { self.threads = max(1, threads) }

    /// Inference forward.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        elementwiseMap(x, threads: threads) { max($0, 0) }
    }

    /// Forward: y = max(x, 0), same shape as x.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let y = callAsFunction(x)
        return (y, Cache(y: y))
    }

    /// Backward: dx = dy where y > 0, else 0 (PyTorch's convention at 0).
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        precondition(dy.shape == cache.y.shape, "ReLU.backward: dy \(dy.shape) vs y \(cache.y.shape)")
        return zipMap(dy, cache.y, threads: threads) { g, y in y > 0 ? g : 0 }
    }
}

/// Logistic sigmoid, any shape.
public struct Sigmoid {
    /// What `backward` needs: the output.
    public struct Cache { public let y: Tensor }
    /// Threads of the elementwise loop (a network passes its `EngineOptions.threads`).
    public let threads: Int
    public init(threads: Int = defaultThreadCount) { self.threads = max(1, threads) }

    /// Inference forward.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        elementwiseMap(x, threads: threads) { 1 / (1 + expf(-$0)) }
    }

    /// Forward: y = 1/(1 + e^−x), same shape as x.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let y = callAsFunction(x)
        return (y, Cache(y: y))
    }

    /// Backward: dx = dy·y·(1 − y).
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        precondition(dy.shape == cache.y.shape, "Sigmoid.backward: dy \(dy.shape) vs y \(cache.y.shape)")
        return zipMap(dy, cache.y, threads: threads) { g, y in g * (y * (1 - y)) }
    }
}

/// `f` of every sample of `x`, written into a fresh tensor over `threads` cores: one pass (copying `x` and
/// then overwriting it in place would be two, since the caller still holds `x`).
@inline(__always)
func elementwiseMap(_ x: Tensor, threads: Int, _ f: (Float) -> Float) -> Tensor {
    x.data.withUnsafeBufferPointer { xb in
        Tensor.uninitialized(x.shape) { out in
            let xp = xb.baseAddress
            EngineThreads.parallelRanges(xb.count, threads: threads) { r in for i in r { out[i] = f(xp![i]) } }
        }
    }
}

/// `f(a[i], b[i])` for every sample of two same-shaped tensors, into a fresh tensor shaped like `a`.
@inline(__always)
func zipMap(_ a: Tensor, _ b: Tensor, threads: Int, _ f: (Float, Float) -> Float) -> Tensor {
    a.data.withUnsafeBufferPointer { ab in
        b.data.withUnsafeBufferPointer { bb in
            Tensor.uninitialized(a.shape) { out in
                let ap = ab.baseAddress, bp = bb.baseAddress
                EngineThreads.parallelRanges(ab.count, threads: threads) { r in for i in r { out[i] = f(ap![i], bp![i]) } }
            }
        }
    }
}
