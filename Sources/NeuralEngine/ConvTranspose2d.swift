// Transposed 2-D convolution (PyTorch's ConvTranspose2d): the adjoint of Conv2d with respect to its input.
// With the "equivalent convolution" G whose input is this layer's output (Cout × Hout × Wout) and whose output
// is this layer's input (Cin × Hin × Win):
// Forward:  y[n] = col2im_G(Wᵀ · x[n]) + b            (W viewed as [Cin, Cout·kh·kw]; GEMM then scatter-add)
// Backward: dx[n] = W · im2col_G(dy[n]),  dW += x[n] · im2col_G(dy[n])ᵀ,  db += Σ dy[n].
// For k=4, s=2, p=1 this is the scatter y[o, 2iy−1+ky, 2ix−1+kx] += x[i, iy, ix]·W[i, o, ky, kx] (docs/network-and-training.md §1.1).

/// A transposed convolution with square kernel, stride, padding, dilation and output padding, and a bias.
/// Weights `[Cin, Cout, k, k]`, bias `[Cout]`; output side (H−1)·s − 2p + d·(k−1) + 1 + outputPadding.
public final class ConvTranspose2d: Module {
    public let inChannels: Int, outChannels: Int
    public let kernelSize: Int, stride: Int, padding: Int, dilation: Int, outputPadding: Int
    /// `[Cin, Cout, k, k]`.
    public let weight: Parameter
    /// `[Cout]`, or nil for `bias: false`.
    public let bias: Parameter?

    /// What `backward` needs: the input.
    public struct Cache { public let x: Tensor }

    /// The arithmetic of this layer (f32: the engine's lowering; bf16: oneDNN where the CPU has BF16, else
    /// f32). A per-layer setting; networks set it for all their layers.
    public var precision: ComputePrecision = .f32
    /// Threads and work budget of this layer (EngineOptions.swift; the lowering choice concerns `Conv2d` only).
    /// A per-layer setting; networks set it for all their layers.
    public var options = EngineOptions()
    private lazy var lowPrecision: BF16ConvolutionKernel =
        DNNLSubpixelDeconvolution.applies(
            kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
            outputPadding: outputPadding)
        ? DNNLSubpixelDeconvolution(inChannels: inChannels, outChannels: outChannels, bias: bias != nil)
        : DNNLConvolution(
            .init(
                transposed: true, inChannels: inChannels, outChannels: outChannels,
                kernel: [kernelSize, kernelSize], stride: [stride, stride], padding: [padding, padding],
                dilation: [dilation, dilation], bias: bias != nil))

    /// A transposed convolution with zero weights and bias (load or `resetParameters` them).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, outputPadding: Int = 0, bias: Bool = true
    ) {
        precondition(inChannels > 0 && outChannels > 0, "ConvTranspose2d: channels \(inChannels)→\(outChannels)")
        precondition(
            outputPadding >= 0 && outputPadding < max(stride, dilation),
            "ConvTranspose2d: outputPadding \(outputPadding) must be below stride \(stride) or dilation \(dilation)")
        self.inChannels = inChannels; self.outChannels = outChannels
        self.kernelSize = kernelSize; self.stride = stride; self.padding = padding
        self.dilation = dilation; self.outputPadding = outputPadding
        weight = Parameter(Tensor(shape: [inChannels, outChannels, kernelSize, kernelSize]))
        self.bias = bias ? Parameter(Tensor(shape: [outChannels])) : nil
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        var p = [("weight", weight)]
        if let bias { p.append(("bias", bias)) }
        return p
    }

    /// PyTorch's default initialisation: U(±1/√(Cout·k²)) (torch takes fan_in from weight.size(1)).
    public func resetParameters<G: RandomNumberGenerator>(using generator: inout G) {
        let bound = 1 / Float(outChannels * kernelSize * kernelSize).squareRoot()
        weight.value = .uniform(weight.shape, bound: bound, using: &generator)
        bias?.value = .uniform([outChannels], bound: bound, using: &generator)
    }

    /// Output extent for an input extent.
    public func outputSize(_ inSize: Int) -> Int {
        (inSize - 1) * stride - 2 * padding + dilation * (kernelSize - 1) + 1 + outputPadding
    }

    /// The equivalent convolution, from this layer's output (Cout channels) to its input.
    private func equivalent(_ x: Tensor) -> ConvGeometry {
        let (_, c, h, w) = x.nchw
        precondition(c == inChannels, "ConvTranspose2d: input has \(c) channels, layer expects \(inChannels) (shape \(x.shape))")
        let g = ConvGeometry(
            channels: outChannels, height: outputSize(h), width: outputSize(w), kernelH: kernelSize,
            kernelW: kernelSize, strideH: stride, strideW: stride, padH: padding, padW: padding,
            dilationH: dilation, dilationW: dilation)
        precondition(g.outHeight == h && g.outWidth == w, "ConvTranspose2d: geometry mismatch for input \(x.shape)")
        return g
    }

    /// Training forward. x: `[N, Cin, H, W]` → y: `[N, Cout, Hout, Wout]`.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        (inference(x, epilogue: .none), Cache(x: x))
    }

    /// Inference forward (bias only).
    public func callAsFunction(_ x: Tensor) -> Tensor { inference(x, epilogue: .none) }

    /// Inference forward with a fused per-channel epilogue. x: `[N, Cin, H, W]` → `[N, Cout, Hout, Wout]`.
    /// With at least as many images as `options.threads`, images run in parallel (one-thread sgemm each); otherwise each
    /// image runs its GEMM on all the threads and its scatter-add and epilogue over channel ranges in parallel.
    public func inference(_ x: Tensor, epilogue: Epilogue) -> Tensor {
        let g = equivalent(x), options = self.options
        let n = x.shape[0], cores = options.threads, plane = g.height * g.width
        if let oneDNN = oneDNN(x, g) {
            var y = oneDNN.forward(
                x, outputShape: [n, outChannels, g.height, g.width], weight: weight, bias: bias,
                threads: cores)
            epilogue.applyInParallel(to: &y, threads: cores)
            return y
        }
        let inSize = inChannels * g.outHeight * g.outWidth, outSize = outChannels * plane
        var y = Tensor(shape: [n, outChannels, g.height, g.width])
        y.data.withUnsafeMutableBufferPointer { yb in
            x.data.withUnsafeBufferPointer { xb in
                weight.value.data.withUnsafeBufferPointer { wb in
                    withOptionalPointer(bias?.value.data) { bp in
                        if n >= cores {
                            EngineThreads.parallelForDynamic(n, threads: cores) { i in
                                let yi = yb.baseAddress! + i * outSize
                                forwardImage(xb.baseAddress! + i * inSize, yi, wb.baseAddress!, g, threads: 1, options: options)
                                epilogue.apply(yi, channels: outChannels, count: plane, ld: plane, bias: bp)
                            }
                            return
                        }
                        for i in 0..<n {
                            let yi = yb.baseAddress! + i * outSize
                            forwardImage(xb.baseAddress! + i * inSize, yi, wb.baseAddress!, g, threads: cores, options: options)
                            EngineThreads.parallelFor(cores, threads: cores) { part, _ in
                                let cs = (part * outChannels / cores)..<((part + 1) * outChannels / cores)
                                epilogue.channels(cs).apply(
                                    yi + cs.lowerBound * plane, channels: cs.count, count: plane,
                                    ld: plane, bias: bp.map { $0 + cs.lowerBound })
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// y (zeroed) += col2im(Wᵀ · x) for one image, tiled over input rows; the scatter-add runs over
    /// `threads` channel ranges.
    private func forwardImage(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>,
        _ g: ConvGeometry, threads: Int, options: EngineOptions
    ) {
        let hin = g.outHeight, win = g.outWidth, k = g.columnRows
        let tileRows = g.rowsPerTile(budget: options.im2colBudget)
        Scratch.with(k * tileRows * win) { col in
            for r0 in Swift.stride(from: 0, to: hin, by: tileRows) {
                let rows = r0..<min(hin, r0 + tileRows), cols = rows.count * win
                sgemm(
                    transA: true, m: k, n: cols, k: inChannels, a: w, lda: k, b: x + r0 * win, ldb: hin * win,
                    beta: 0, c: col, ldc: cols, threads: options.threads)
                EngineThreads.parallelFor(threads, threads: threads) { part, _ in
                    let cs = (part * outChannels / threads)..<((part + 1) * outChannels / threads)
                    g.col2im(col, rows: rows, addingInto: y, channelRange: cs)
                }
            }
        }
    }

    /// Backward: accumulates into `weight.grad` and `bias.grad`, returns dx `[N, Cin, H, W]`.
    /// dy: `[N, Cout, Hout, Wout]`.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        let x = cache.x, g = equivalent(x), options = self.options
        let n = x.shape[0], hw = g.outHeight * g.outWidth
        precondition(
            dy.shape == [n, outChannels, g.height, g.width],
            "ConvTranspose2d.backward: dy \(dy.shape), expected \([n, outChannels, g.height, g.width])")
        if let oneDNN = oneDNN(x, g) {
            return oneDNN.backward(
                dy, input: x, weight: weight, bias: bias, inputGradient: true, parameterGradient: true,
                threads: options.threads)!
        }
        let inSize = inChannels * hw, outSize = outChannels * g.height * g.width
        var dx = Tensor.uninitialized(x.shape) { _ in }
        let threads = EngineThreads.batchThreads(items: n, threads: options.threads)
        x.data.withUnsafeBufferPointer { xb in
            dy.data.withUnsafeBufferPointer { dyb in
                weight.value.data.withUnsafeBufferPointer { wb in
                    dx.data.withUnsafeMutableBufferPointer { dxb in
                        withGradientAccumulators(threads: threads, weight: weight, bias: bias) { dW, db in
                            EngineThreads.parallelFor(n, threads: threads) { i, chunk in
                                backwardImage(
                                    xb.baseAddress! + i * inSize, dyb.baseAddress! + i * outSize,
                                    dxb.baseAddress! + i * inSize, wb.baseAddress!, dW[chunk], db[chunk], g,
                                    options: options)
                            }
                        }
                    }
                }
            }
        }
        return dx
    }

    /// The oneDNN lowering when this layer runs in bf16 and oneDNN takes its geometry, else nil.
    private func oneDNN(_ x: Tensor, _ g: ConvGeometry) -> BF16ConvolutionKernel? {
        guard precision.effective == .bf16 else { return nil }
        let kernel = lowPrecision
        if let general = kernel as? DNNLConvolution,
            !general.supports(input: x.shape, output: [x.shape[0], outChannels, g.height, g.width])
        {
            return nil
        }
        return kernel
    }

    private func backwardImage(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        _ w: UnsafePointer<Float>, _ dW: UnsafeMutablePointer<Float>,
        _ db: UnsafeMutablePointer<Float>?, _ g: ConvGeometry, options: EngineOptions
    ) {
        let hin = g.outHeight, win = g.outWidth, hw = hin * win, k = g.columnRows
        if let db { addRowSums(dy, rows: outChannels, count: g.height * g.width, into: db) }
        let tileRows = g.rowsPerTile(budget: options.im2colBudget)
        Scratch.with(k * tileRows * win) { col in
            for r0 in Swift.stride(from: 0, to: hin, by: tileRows) {
                let rows = r0..<min(hin, r0 + tileRows), cols = rows.count * win
                g.im2col(dy, rows: rows, into: col)
                sgemm(
                    m: inChannels, n: cols, k: k, a: w, lda: k, b: col, ldb: cols, beta: 0, c: dx + r0 * win, ldc: hw,
                    threads: options.threads)
                sgemm(
                    transB: true, m: inChannels, n: k, k: cols, a: x + r0 * win, lda: hw, b: col, ldb: cols,
                    beta: 1, c: dW, ldc: k, threads: options.threads)
            }
        }
    }
}
