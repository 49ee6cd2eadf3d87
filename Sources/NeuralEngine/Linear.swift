// Fully connected layer (PyTorch's Linear): y = x·Wᵀ + b with W `[out, in]`.
// Backward: dW += dyᵀ·x, db += Σ_n dy, dx = dy·W.

/// A fully connected layer. Weight `[out, in]`, bias `[out]` ("weight", "bias").
public final class Linear: Module {
    public let inFeatures: Int, outFeatures: Int
    /// `[out, in]`.
    public let weight: Parameter
    /// `[out]`, or nil for `bias: false`.
    public let bias: Parameter?
    /// Threads of the layer's GEMMs (`options.threads`; EngineOptions.swift). A per-layer setting; networks
    /// set it for all their layers.
    public var options = EngineOptions()

    /// What `backward` needs: the input.
    public struct Cache { public let x: Tensor }

    /// A layer with zero weights and bias (load or `resetParameters` them).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) {
        precondition(inFeatures > 0 && outFeatures > 0, "Linear: features \(inFeatures)→\(outFeatures)")
        self.inFeatures = inFeatures; self.outFeatures = outFeatures
        weight = Parameter(Tensor(shape: [outFeatures, inFeatures]))
        self.bias = bias ? Parameter(Tensor(shape: [outFeatures])) : nil
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        var p = [("weight", weight)]
        if let bias { p.append(("bias", bias)) }
        return p
    }

    /// PyTorch's default initialisation: U(±1/√in) for weight and bias.
    public func resetParameters<G: RandomNumberGenerator>(using generator: inout G) {
        let bound = 1 / Float(inFeatures).squareRoot()
        weight.value = .uniform(weight.shape, bound: bound, using: &generator)
        bias?.value = .uniform([outFeatures], bound: bound, using: &generator)
    }

    private func batch(_ x: Tensor) -> Int {
        precondition(x.rank == 2 && x.shape[1] == inFeatures, "Linear: input \(x.shape), expected [N, \(inFeatures)]")
        return x.shape[0]
    }

    /// Inference forward. x: `[N, in]` → `[N, out]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let n = batch(x)
        var y = Tensor(shape: [n, outFeatures])
        if let bias { for i in 0..<n { for o in 0..<outFeatures { y.data[i * outFeatures + o] = bias.value.data[o] } } }
        y.data.withUnsafeMutableBufferPointer { yb in
            x.data.withUnsafeBufferPointer { xb in
                weight.value.data.withUnsafeBufferPointer { wb in
                    sgemm(
                        transB: true, m: n, n: outFeatures, k: inFeatures, a: xb.baseAddress!, lda: inFeatures,
                        b: wb.baseAddress!, ldb: inFeatures, beta: 1, c: yb.baseAddress!, ldc: outFeatures, threads: options.threads)
                }
            }
        }
        return y
    }

    /// Forward. x: `[N, in]` → y: `[N, out]`.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) { (callAsFunction(x), Cache(x: x)) }

    /// Backward: accumulates dW, db; returns dx `[N, in]`. dy: `[N, out]`.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        let n = batch(cache.x)
        precondition(dy.shape == [n, outFeatures], "Linear.backward: dy \(dy.shape), expected \([n, outFeatures])")
        if let bias { for i in 0..<n { for o in 0..<outFeatures { bias.grad.data[o] += dy.data[i * outFeatures + o] } } }
        var dx = Tensor(shape: [n, inFeatures])
        dy.data.withUnsafeBufferPointer { dyb in
            cache.x.data.withUnsafeBufferPointer { xb in
                weight.grad.data.withUnsafeMutableBufferPointer { gb in
                    sgemm(
                        transA: true, m: outFeatures, n: inFeatures, k: n, a: dyb.baseAddress!, lda: outFeatures,
                        b: xb.baseAddress!, ldb: inFeatures, beta: 1, c: gb.baseAddress!, ldc: inFeatures, threads: options.threads)
                }
            }
            weight.value.data.withUnsafeBufferPointer { wb in
                dx.data.withUnsafeMutableBufferPointer { dxb in
                    sgemm(
                        m: n, n: inFeatures, k: outFeatures, a: dyb.baseAddress!, lda: outFeatures,
                        b: wb.baseAddress!, ldb: inFeatures, beta: 0, c: dxb.baseAddress!, ldc: inFeatures, threads: options.threads)
                }
            }
        }
        return dx
    }
}
