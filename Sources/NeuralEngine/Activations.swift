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
        var y = x
        y.data.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress
            EngineThreads.parallelRanges(p.count, threads: threads) { r in for i in r { base![i] = max(base![i], 0) } }
        }
        return y
    }

    /// Forward: y = max(x, 0), same shape as x.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let y = callAsFunction(x)
        return (y, Cache(y: y))
    }

    /// Backward: dx = dy where y > 0, else 0 (PyTorch's convention at 0).
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        precondition(dy.shape == cache.y.shape, "ReLU.backward: dy \(dy.shape) vs y \(cache.y.shape)")
        var dx = dy
        dx.data.withUnsafeMutableBufferPointer { p in
            cache.y.data.withUnsafeBufferPointer { y in
                let base = p.baseAddress, yb = y.baseAddress
                EngineThreads.parallelRanges(p.count, threads: threads) { r in for i in r where !(yb![i] > 0) { base![i] = 0 } }
            }
        }
        return dx
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
        var y = x
        y.data.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress
            EngineThreads.parallelRanges(p.count, threads: threads) { r in for i in r { base![i] = 1 / (1 + expf(-base![i])) } }
        }
        return y
    }

    /// Forward: y = 1/(1 + e^−x), same shape as x.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let y = callAsFunction(x)
        return (y, Cache(y: y))
    }

    /// Backward: dx = dy·y·(1 − y).
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        precondition(dy.shape == cache.y.shape, "Sigmoid.backward: dy \(dy.shape) vs y \(cache.y.shape)")
        var dx = dy
        dx.data.withUnsafeMutableBufferPointer { p in
            cache.y.data.withUnsafeBufferPointer { y in
                let base = p.baseAddress, yb = y.baseAddress
                EngineThreads.parallelRanges(p.count, threads: threads) { r in for i in r { base![i] *= yb![i] * (1 - yb![i]) } }
            }
        }
        return dx
    }
}
