// Layout-only layers: flatten (`x.view(N, -1)`, index c·H·W + h·W + w) and concatenation along axis 1
// (channels of NCHW, features of [N, F]); their backward passes reshape and split the gradient.

/// Flattens `[N, d1, d2, …]` to `[N, d1·d2·…]`.
public struct Flatten {
    /// What `backward` needs: the input shape.
    public struct Cache { public let shape: [Int] }
    public init() {}

    /// Inference forward.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1, "Flatten: scalar input")
        return x.reshaped([x.shape[0], x.count / max(1, x.shape[0])])
    }

    /// Forward: `[N, …]` → `[N, rest]`.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) { (callAsFunction(x), Cache(shape: x.shape)) }

    /// Backward: dy `[N, rest]` → dx with the input shape.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor { dy.reshaped(cache.shape) }
}

/// Concatenation along axis 1 (`torch.cat(xs, dim=1)`; for `[N, F]` features, the same as dim=−1).
public struct Concat {
    /// What `backward` needs: each input's extent along axis 1.
    public struct Cache { public let sizes: [Int] }
    public init() {}

    /// Inference forward.
    public func callAsFunction(_ xs: [Tensor]) -> Tensor { forward(xs).y }

    /// Forward: inputs `[N, C_i, …]` with equal N and trailing extents → `[N, ΣC_i, …]`.
    public func forward(_ xs: [Tensor]) -> (y: Tensor, cache: Cache) {
        precondition(!xs.isEmpty, "Concat: no inputs")
        let first = xs[0].shape
        precondition(first.count >= 2, "Concat: inputs need rank ≥ 2, found \(first)")
        for x in xs {
            precondition(
                x.rank == first.count && x.shape[0] == first[0] && Array(x.shape.dropFirst(2)) == Array(first.dropFirst(2)),
                "Concat: shapes \(xs.map(\.shape)) differ outside axis 1")
        }
        let n = first[0], inner = first.dropFirst(2).reduce(1, *)
        let sizes = xs.map { $0.shape[1] }, total = sizes.reduce(0, +)
        var shape = first
        shape[1] = total
        let y = Tensor.uninitialized(shape) { yp in
            for i in 0..<n {
                var offset = 0
                for x in xs {
                    let block = x.shape[1] * inner
                    x.data.withUnsafeBufferPointer { xb in
                        (yp + (i * total * inner) + offset).update(from: xb.baseAddress! + i * block, count: block)
                    }
                    offset += block
                }
            }
        }
        return (y, Cache(sizes: sizes))
    }

    /// Backward: splits dy `[N, ΣC_i, …]` into the inputs' gradients.
    public func backward(_ dy: Tensor, cache: Cache) -> [Tensor] {
        let total = cache.sizes.reduce(0, +)
        precondition(dy.rank >= 2 && dy.shape[1] == total, "Concat.backward: dy \(dy.shape), expected axis 1 = \(total)")
        let n = dy.shape[0], inner = dy.shape.dropFirst(2).reduce(1, *)
        var offset = 0
        return cache.sizes.map { c in
            var shape = dy.shape
            shape[1] = c
            let start = offset
            offset += c * inner
            return Tensor.uninitialized(shape) { p in
                dy.data.withUnsafeBufferPointer { d in
                    for i in 0..<n { (p + i * c * inner).update(from: d.baseAddress! + i * total * inner + start, count: c * inner) }
                }
            }
        }
    }
}
