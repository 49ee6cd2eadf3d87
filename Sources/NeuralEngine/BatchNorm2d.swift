// Batch normalisation over (N, H, W) per channel (Ioffe & Szegedy 2015, doi:10.48550/arXiv.1502.03167),
// with PyTorch's BatchNorm2d conventions (docs/network-and-training.md §1.1):
// train: x̂ = (x − μ_B)/√(σ²_B + ε) with the biased batch variance; running ← (1−m)·running + m·batch,
//        the running variance taking the unbiased variance (factor n/(n−1)); num_batches_tracked += 1.
// eval:  x̂ = (x − running_mean)/√(running_var + ε).   y = γ·x̂ + β in both.

/// Per-channel batch normalisation of `[N, C, H, W]` tensors. Parameters "weight" (γ), "bias" (β); buffers
/// "running_mean", "running_var", "num_batches_tracked" (a scalar, int64 in PyTorch files).
public final class BatchNorm2d: Module {
    public let channels: Int
    /// Added to the variance (PyTorch default 1e-5; torchvision's Inception-v3 uses 1e-3).
    public let eps: Float
    /// Weight of the new batch statistic in the running update (PyTorch default 0.1).
    public let momentum: Float
    /// Train mode (batch statistics, running update) when true; eval mode (running statistics) when false.
    public var training = false
    /// Threads of the per-channel loops (`options.threads`; EngineOptions.swift). A per-layer setting;
    /// networks set it for all their layers. Results do not depend on it.
    public var options = EngineOptions()
    public let weight: Parameter, bias: Parameter
    public let runningMean: Buffer, runningVar: Buffer, numBatchesTracked: Buffer

    /// What `backward` needs: x̂, 1/√(σ² + ε) per channel and the mode it ran in.
    public struct Cache {
        public let xhat: Tensor
        public let invStd: [Float]
        public let training: Bool
    }

    /// A BatchNorm with PyTorch's initial state: γ = 1, β = 0, running mean 0, running variance 1.
    public init(_ channels: Int, eps: Float = 1e-5, momentum: Float = 0.1) {
        precondition(channels > 0, "BatchNorm2d: \(channels) channels")
        self.channels = channels; self.eps = eps; self.momentum = momentum
        weight = Parameter(Tensor(shape: [channels], value: 1))
        bias = Parameter(Tensor(shape: [channels]))
        runningMean = Buffer(Tensor(shape: [channels]))
        runningVar = Buffer(Tensor(shape: [channels], value: 1))
        numBatchesTracked = Buffer(Tensor(shape: []))
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
    public var namedBuffers: [(name: String, buffer: Buffer)] {
        [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
    }

    /// Eval-mode BatchNorm as `y = x·scale + shift` per channel (for fused epilogues).
    public func evalScaleShift() -> (scale: [Float], shift: [Float]) {
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            let s = weight.value.data[c] / (runningVar.value.data[c] + eps).squareRoot()
            scale[c] = s
            shift[c] = bias.value.data[c] - runningMean.value.data[c] * s
        }
        return (scale, shift)
    }

    private func check(_ x: Tensor) -> (n: Int, hw: Int) {
        let (n, c, h, w) = x.nchw
        precondition(c == channels, "BatchNorm2d: input has \(c) channels, layer has \(channels) (shape \(x.shape))")
        return (n, h * w)
    }

    /// Inference forward (mode as set; in train mode it also updates the running statistics).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if training { return forward(x).y }
        let (scale, shift) = evalScaleShift()
        return affine(x, scale: scale, shift: shift)
    }

    private func affine(_ x: Tensor, scale: [Float], shift: [Float]) -> Tensor {
        let (n, hw) = check(x)
        return x.data.withUnsafeBufferPointer { xp in
            Tensor.uninitialized(x.shape) { out in
                let src = xp.baseAddress!
                EngineThreads.parallelFor(channels, threads: threadCount(n * hw)) { c, _ in
                    let s = scale[c], t = shift[c]
                    for i in 0..<n {
                        let off = (i * channels + c) * hw
                        let q = src + off, o = out + off
                        for j in 0..<hw { o[j] = q[j] * s + t }
                    }
                }
            }
        }
    }

    /// Threads for per-channel loops: all of `options.threads` unless the work is tiny.
    private func threadCount(_ perChannel: Int) -> Int { perChannel * channels >= 1 << 16 ? options.threads : 1 }

    /// Forward. x: `[N, C, H, W]` → y: same shape. Train mode normalises with batch statistics and updates
    /// the running statistics; eval mode uses the running statistics.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let (n, hw) = check(x)
        let m = n * hw
        precondition(!training || m > 1, "BatchNorm2d: train mode needs more than one value per channel, got shape \(x.shape)")
        var mean = runningMean.value.data, variance = runningVar.value.data
        let isTraining = training, gamma = weight.value.data, beta = bias.value.data
        // x̂ and y are written into fresh buffers straight from x (no copies of x first).
        let (xhatData, yData) = uninitializedPair(x.count) { xhatBase, ybase in
            x.data.withUnsafeBufferPointer { xp in
                mean.withUnsafeMutableBufferPointer { meanP in
                    variance.withUnsafeMutableBufferPointer { varP in
                        let src = xp.baseAddress!, base = xhatBase
                        EngineThreads.parallelFor(channels, threads: threadCount(m)) { c, _ in
                            if isTraining {
                                var sum = 0.0, sumSq = 0.0
                                for i in 0..<n {
                                    let (s1, s2) = sumAndSumOfSquares(hw, src + (i * channels + c) * hw)
                                    sum += s1; sumSq += s2
                                }
                                let mu = sum / Double(m)
                                meanP[c] = Float(mu)
                                varP[c] = Float(max(0, sumSq / Double(m) - mu * mu))
                            }
                            let mu = meanP[c], inv = 1 / (varP[c] + eps).squareRoot(), g = gamma[c], b = beta[c]
                            for i in 0..<n {
                                let off = (i * channels + c) * hw
                                let x = src + off, q = base + off, o = ybase + off
                                for j in 0..<hw { let v = (x[j] - mu) * inv; q[j] = v; o[j] = v * g + b }
                            }
                        }
                    }
                }
            }
        }
        let xhat = Tensor(shape: x.shape, data: xhatData), y = Tensor(shape: x.shape, data: yData)
        let invStd = variance.map { 1 / ($0 + eps).squareRoot() }
        if training {
            // PyTorch: running = (1 − momentum)·running + momentum·batch, with the unbiased batch variance.
            let mom = momentum, unbias = Float(Double(m) / Double(m - 1))
            for c in 0..<channels {
                runningMean.value.data[c] = (1 - mom) * runningMean.value.data[c] + mom * mean[c]
                runningVar.value.data[c] = (1 - mom) * runningVar.value.data[c] + mom * variance[c] * unbias
            }
            numBatchesTracked.value.data[0] += 1
        }
        return (y, Cache(xhat: xhat, invStd: invStd, training: training))
    }

    /// Backward: accumulates dγ += Σ dy·x̂ and dβ += Σ dy; returns dx. Train mode differentiates through the
    /// batch statistics, dx = γ·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)); eval mode: dx = γ·invStd·dy.
    /// dy: `[N, C, H, W]`.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        let (n, hw) = check(dy)
        precondition(cache.xhat.shape == dy.shape, "BatchNorm2d.backward: dy \(dy.shape) vs cached \(cache.xhat.shape)")
        let m = n * hw
        var dGamma = [Float](repeating: 0, count: channels), dBeta = dGamma
        let gamma = weight.value.data
        let dx = Tensor.uninitialized(dy.shape) { out in
            dy.data.withUnsafeBufferPointer { p in
                cache.xhat.data.withUnsafeBufferPointer { xh in
                    dGamma.withUnsafeMutableBufferPointer { dg in
                        dBeta.withUnsafeMutableBufferPointer { dbeta in
                            let base = p.baseAddress!, xb = xh.baseAddress!
                            EngineThreads.parallelFor(channels, threads: threadCount(m)) { c, _ in
                                var sumDy = 0.0, sumDyXhat = 0.0
                                for i in 0..<n {
                                    let off = (i * channels + c) * hw
                                    let (s1, s2) = sumAndDot(hw, base + off, xb + off)
                                    sumDy += s1; sumDyXhat += s2
                                }
                                dbeta[c] = Float(sumDy)
                                dg[c] = Float(sumDyXhat)
                                let g = gamma[c] * cache.invStd[c]
                                let a = cache.training ? Float(sumDy / Double(m)) : 0
                                let b = cache.training ? Float(sumDyXhat / Double(m)) : 0
                                for i in 0..<n {
                                    let off = (i * channels + c) * hw
                                    for j in 0..<hw { out[off + j] = g * (base[off + j] - a - xb[off + j] * b) }
                                }
                            }
                        }
                    }
                }
            }
        }
        for c in 0..<channels {
            weight.grad.data[c] += dGamma[c]
            bias.grad.data[c] += dBeta[c]
        }
        return dx
    }
}

/// Two fresh arrays of `count` floats that `fill` writes completely (no zeroing first).
private func uninitializedPair(
    _ count: Int, _ fill: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
) -> ([Float], [Float]) {
    guard count > 0 else { return ([], []) }
    var second: [Float] = []
    let first = [Float](unsafeUninitializedCapacity: count) { a, na in
        second = [Float](unsafeUninitializedCapacity: count) { b, nb in
            fill(a.baseAddress!, b.baseAddress!)
            nb = count
        }
        na = count
    }
    return (first, second)
}
