// 2-D convolution (cross-correlation, PyTorch's Conv2d) lowered to OpenBLAS sgemm by row-tiled im2col.
// Forward:  y[n] = W[Cout, Cin·kh·kw] · im2col(x[n]) + b
// Backward: dW += dy[n] · im2col(x[n])ᵀ,  db += Σ dy[n],  dx[n] = col2im(Wᵀ · dy[n]).

/// A 2-D convolution with per-dimension kernel, stride, zero padding and dilation, and an optional bias.
/// Weights `[Cout, Cin, kh, kw]`, bias `[Cout]` (state_dict names "weight", "bias").
public final class Conv2d: Module {
    public let inChannels: Int, outChannels: Int
    public let kernel: (h: Int, w: Int), stride: (h: Int, w: Int), padding: (h: Int, w: Int), dilation: (h: Int, w: Int)
    /// `[Cout, Cin, kh, kw]`.
    public let weight: Parameter
    /// `[Cout]`, or nil for `bias: false`.
    public let bias: Parameter?

    /// What `backward` needs: the input.
    public struct Cache { public let x: Tensor }

    private let tapPacked = TapPackedWeights()
    /// The arithmetic of this layer (f32: the engine's lowering; bf16: oneDNN where the CPU has BF16 and the
    /// geometry allows, else f32). A per-layer setting; networks set it for all their layers.
    public var precision: ComputePrecision = .f32
    private lazy var lowPrecision = DNNLConvolution(
        .init(
            transposed: false, inChannels: inChannels, outChannels: outChannels, kernel: [kernel.h, kernel.w],
            stride: [stride.h, stride.w], padding: [padding.h, padding.w], dilation: [dilation.h, dilation.w], bias: bias != nil))

    /// Threads, lowering and work budget of this layer (EngineOptions.swift). A per-layer setting; networks
    /// set it for all their layers.
    public var options = EngineOptions()

    /// A convolution with zero weights and bias (load or `resetParameters` them).
    public init(
        inChannels: Int, outChannels: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), bias: Bool = true
    ) {
        precondition(inChannels > 0 && outChannels > 0, "Conv2d: channels \(inChannels)→\(outChannels)")
        self.inChannels = inChannels; self.outChannels = outChannels
        self.kernel = kernel; self.stride = stride; self.padding = padding; self.dilation = dilation
        weight = Parameter(Tensor(shape: [outChannels, inChannels, kernel.0, kernel.1]))
        self.bias = bias ? Parameter(Tensor(shape: [outChannels])) : nil
    }

    /// A square-kernel convolution (the usual case).
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, bias: Bool = true
    ) {
        self.init(
            inChannels: inChannels, outChannels: outChannels, kernel: (kernelSize, kernelSize),
            stride: (stride, stride), padding: (padding, padding), dilation: (dilation, dilation), bias: bias)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        var p = [("weight", weight)]
        if let bias { p.append(("bias", bias)) }
        return p
    }

    /// PyTorch's default initialisation: weight and bias U(±1/√(Cin·kh·kw)).
    public func resetParameters<G: RandomNumberGenerator>(using generator: inout G) {
        let bound = 1 / Float(inChannels * kernel.h * kernel.w).squareRoot()
        weight.value = .uniform(weight.shape, bound: bound, using: &generator)
        bias?.value = .uniform([outChannels], bound: bound, using: &generator)
    }

    /// The geometry for an input of `height × width`.
    public func geometry(height: Int, width: Int) -> ConvGeometry {
        ConvGeometry(
            channels: inChannels, height: height, width: width, kernelH: kernel.h, kernelW: kernel.w,
            strideH: stride.h, strideW: stride.w, padH: padding.h, padW: padding.w,
            dilationH: dilation.h, dilationW: dilation.w)
    }

    private func checkedGeometry(_ x: Tensor) -> ConvGeometry {
        let (_, c, h, w) = x.nchw
        precondition(c == inChannels, "Conv2d: input has \(c) channels, layer expects \(inChannels) (shape \(x.shape))")
        return geometry(height: h, width: w)
    }

    private var isPointwise: Bool {
        kernel == (1, 1) && stride == (1, 1) && padding == (0, 0)
    }

    /// Training forward. x: `[N, Cin, H, W]` → y: `[N, Cout, Hout, Wout]`.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        (inference(x, epilogue: .none), Cache(x: x))
    }

    /// Inference forward (bias only, nothing kept for backward).
    public func callAsFunction(_ x: Tensor) -> Tensor { inference(x, epilogue: .none) }

    /// Inference forward with a fused per-channel epilogue (activation, eval-mode BatchNorm).
    /// x: `[N, Cin, H, W]` → `[N, Cout, Hout, Wout]`.
    /// Work is cut into (image, band of output rows) units spread over `options.threads` threads, each unit running
    /// im2col, a one-thread sgemm and the epilogue on its own band while it is in cache.
    public func inference(_ x: Tensor, epilogue: Epilogue) -> Tensor {
        let g = checkedGeometry(x), options = self.options
        let n = x.shape[0], ho = g.outHeight, wo = g.outWidth
        if let oneDNN = oneDNN(x, g) {
            var y = oneDNN.forward(
                x, outputShape: [n, outChannels, ho, wo], weight: weight, bias: bias,
                threads: options.threads)
            epilogue.applyInParallel(to: &y, threads: options.threads)
            return y
        }
        let inSize = inChannels * g.height * g.width, outSize = outChannels * ho * wo
        let cores = options.threads
        let budgetRows = g.rowsPerTile(budget: options.im2colBudget)
        let bands = min(ho, max((ho + budgetRows - 1) / budgetRows, n >= cores ? 1 : (cores + n - 1) / n))
        let direct = outChannels <= DirectConvolution.maxOutChannels && stride == (1, 1)
        let shifted = !direct && options.allowsShiftedGEMM && ShiftedConvolution.applies(g)
        let packed = shifted ? tapPacked.get(weight) : []
        return Tensor.uninitialized([n, outChannels, ho, wo]) { y in
            x.data.withUnsafeBufferPointer { xb in
                weight.value.data.withUnsafeBufferPointer { wb in
                    withOptionalPointer(bias?.value.data) { bp in
                        EngineThreads.parallelForDynamic(n * bands, threads: cores) { unit in
                            let i = unit / bands, band = unit % bands
                            let rows = (band * ho / bands)..<((band + 1) * ho / bands)
                            let xi = xb.baseAddress! + i * inSize, yi = y + i * outSize
                            if direct {
                                DirectConvolution.run(xi, wb.baseAddress!, yi, g, outChannels: outChannels, rows: rows)
                            } else if shifted {
                                packed.withUnsafeBufferPointer { pb in
                                    ShiftedConvolution.run(
                                        xi, pb.baseAddress!, yi, g, outChannels: outChannels, rows: rows,
                                        options: options)
                                }
                            } else {
                                forwardRows(xi, yi, wb.baseAddress!, g, rows: rows, options: options)
                            }
                            epilogue.apply(
                                yi + rows.lowerBound * wo, channels: outChannels, count: rows.count * wo,
                                ld: ho * wo, bias: bp)
                        }
                    }
                }
            }
        }
    }

    /// y[:, rows] = W · im2col(x)[:, rows] for one image, in tiles within the im2col budget.
    private func forwardRows(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>,
        _ g: ConvGeometry, rows: Range<Int>, options: EngineOptions
    ) {
        let ho = g.outHeight, wo = g.outWidth, k = g.columnRows
        if isPointwise {
            let off = rows.lowerBound * wo
            sgemm(
                m: outChannels, n: rows.count * wo, k: k, a: w, lda: k, b: x + off, ldb: ho * wo, beta: 0,
                c: y + off, ldc: ho * wo, threads: options.threads)
            return
        }
        let tileRows = min(rows.count, g.rowsPerTile(budget: options.im2colBudget))
        Scratch.with(k * tileRows * wo) { col in
            for r0 in Swift.stride(from: rows.lowerBound, to: rows.upperBound, by: tileRows) {
                let tile = r0..<min(rows.upperBound, r0 + tileRows), cols = tile.count * wo
                g.im2col(x, rows: tile, into: col)
                sgemm(
                    m: outChannels, n: cols, k: k, a: w, lda: k, b: col, ldb: cols, beta: 0,
                    c: y + r0 * wo, ldc: ho * wo, threads: options.threads)
            }
        }
    }

    /// Backward: accumulates into `weight.grad` and `bias.grad`, returns dx `[N, Cin, H, W]`.
    /// dy: `[N, Cout, Hout, Wout]`.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        backward(dy, cache: cache, inputGradient: true)!
    }

    /// Backward for parameter gradients only (a first layer, whose input needs no gradient).
    public func backwardParameters(_ dy: Tensor, cache: Cache) {
        _ = backward(dy, cache: cache, inputGradient: false)
    }

    /// Backward for dx only: the parameter gradients are left as they are (a network that only passes a
    /// gradient through, e.g. the discriminator in the completion network's adversarial step).
    public func backwardInput(_ dy: Tensor, cache: Cache) -> Tensor {
        let g = checkedGeometry(cache.x)
        if let oneDNN = oneDNN(cache.x, g) {
            return oneDNN.backward(
                dy, input: cache.x, weight: weight, bias: bias, inputGradient: true, parameterGradient: false,
                threads: options.threads)!
        }
        if options.allowsShiftedGEMM && ShiftedConvolution.applies(g) {
            // The shifted lowering computes both together: accumulate dW into a copy and drop it.
            let saved = (weight.grad, bias?.grad)
            defer { weight.grad = saved.0; if let b = saved.1 { bias?.grad = b } }
            return backward(dy, cache: cache, inputGradient: true)!
        }
        return backward(dy, cache: cache, inputGradient: true, parameterGradient: false)!
    }

    /// oneDNN 2.6's bf16 backward-weights runs 5×5 strided layers (the discriminators') at 15–95 GFLOP/s,
    /// below the f32 lowering (docs/bf16.md): their dW is computed in f32, their dx in bf16.
    private var bf16WeightGradient: Bool { stride == (1, 1) || kernel.h * kernel.w < 25 }

    private func backward(
        _ dy: Tensor, cache: Cache, inputGradient: Bool, parameterGradient: Bool = true,
        f32: Bool = false
    ) -> Tensor? {
        let x = cache.x, g = checkedGeometry(x), options = self.options
        let n = x.shape[0], ho = g.outHeight, wo = g.outWidth
        precondition(dy.shape == [n, outChannels, ho, wo], "Conv2d.backward: dy \(dy.shape), expected \([n, outChannels, ho, wo])")
        if !f32, let oneDNN = oneDNN(x, g) {
            let f32Weights = parameterGradient && !bf16WeightGradient
            let dx = oneDNN.backward(
                dy, input: x, weight: weight, bias: bias, inputGradient: inputGradient,
                parameterGradient: parameterGradient && !f32Weights, threads: options.threads)
            if f32Weights { _ = backward(dy, cache: cache, inputGradient: false, parameterGradient: true, f32: true) }
            return dx
        }
        let inSize = inChannels * g.height * g.width, outSize = outChannels * ho * wo
        var dx = inputGradient ? Tensor(shape: x.shape) : Tensor(shape: [0])
        let threads = EngineThreads.batchThreads(items: n, threads: options.threads)
        let shifted = options.allowsShiftedGEMM && ShiftedConvolution.applies(g)
        let packed = shifted ? tapPacked.get(weight) : []
        x.data.withUnsafeBufferPointer { xb in
            dy.data.withUnsafeBufferPointer { dyb in
                (shifted ? packed : weight.value.data).withUnsafeBufferPointer { wb in
                    dx.data.withUnsafeMutableBufferPointer { dxb in
                        guard parameterGradient else {
                            precondition(!shifted && inputGradient, "Conv2d.backward: dx-only runs on the im2col lowering")
                            EngineThreads.parallelFor(n, threads: threads) { i, _ in
                                backwardImage(
                                    xb.baseAddress! + i * inSize, dyb.baseAddress! + i * outSize,
                                    dxb.baseAddress! + i * inSize, wb.baseAddress!, nil, nil, g)
                            }
                            return
                        }
                        withGradientAccumulators(threads: threads, weight: weight, bias: bias) { dW, db in
                            EngineThreads.parallelFor(n, threads: threads) { i, chunk in
                                let xi = xb.baseAddress! + i * inSize, dyi = dyb.baseAddress! + i * outSize
                                let dxi = inputGradient ? dxb.baseAddress! + i * inSize : nil
                                if shifted {
                                    if let d = db[chunk] { addRowSums(dyi, rows: outChannels, count: ho * wo, into: d) }
                                    ShiftedConvolution.backward(
                                        xi, dyi, dxi, wb.baseAddress!, dW[chunk], g,
                                        outChannels: outChannels, options: options)
                                } else {
                                    backwardImage(xi, dyi, dxi, wb.baseAddress!, dW[chunk], db[chunk], g)
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient ? dx : nil
    }

    /// The oneDNN lowering when this layer runs in bf16 and oneDNN takes its geometry, else nil.
    private func oneDNN(_ x: Tensor, _ g: ConvGeometry) -> DNNLConvolution? {
        guard precision.effective == .bf16 else { return nil }
        let kernel = lowPrecision
        return kernel.supports(input: x.shape, output: [x.shape[0], outChannels, g.outHeight, g.outWidth]) ? kernel : nil
    }

    /// One image's backward on the im2col lowering: dW (and db) when given, dx when given.
    private func backwardImage(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
        _ w: UnsafePointer<Float>, _ dW: UnsafeMutablePointer<Float>?,
        _ db: UnsafeMutablePointer<Float>?, _ g: ConvGeometry
    ) {
        let hw = g.outHeight * g.outWidth, wo = g.outWidth, k = g.columnRows, options = self.options
        if let db { addRowSums(dy, rows: outChannels, count: hw, into: db) }
        if isPointwise {
            if let dW {
                sgemm(
                    transB: true, m: outChannels, n: k, k: hw, a: dy, lda: hw, b: x, ldb: hw, beta: 1, c: dW, ldc: k,
                    threads: options.threads)
            }
            if let dx {
                sgemm(
                    transA: true, m: k, n: hw, k: outChannels, a: w, lda: k, b: dy, ldb: hw, beta: 1, c: dx, ldc: hw,
                    threads: options.threads)
            }
            return
        }
        let tileRows = g.rowsPerTile(budget: options.im2colBudget / 2)
        Scratch.with(2 * k * tileRows * wo) { col in
            let dcol = col + k * tileRows * wo
            for r0 in Swift.stride(from: 0, to: g.outHeight, by: tileRows) {
                let rows = r0..<min(g.outHeight, r0 + tileRows), cols = rows.count * wo
                if let dW {
                    g.im2col(x, rows: rows, into: col)
                    sgemm(
                        transB: true, m: outChannels, n: k, k: cols, a: dy + r0 * wo, lda: hw, b: col, ldb: cols,
                        beta: 1, c: dW, ldc: k, threads: options.threads)
                }
                if let dx {
                    sgemm(
                        transA: true, m: k, n: cols, k: outChannels, a: w, lda: k, b: dy + r0 * wo, ldb: hw,
                        beta: 0, c: dcol, ldc: cols, threads: options.threads)
                    g.col2im(dcol, rows: rows, addingInto: dx)
                }
            }
        }
    }
}

/// Adds the sum of each of `rows` rows of length `count` to `sums[row]`.
func addRowSums(_ p: UnsafePointer<Float>, rows: Int, count: Int, into sums: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        var s: Float = 0
        let q = p + r * count
        for i in 0..<count { s += q[i] }
        sums[r] += s
    }
}

/// Calls `body` with a pointer to `array`'s storage, or nil.
func withOptionalPointer<T>(_ array: [Float]?, _ body: (UnsafePointer<Float>?) -> T) -> T {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}
