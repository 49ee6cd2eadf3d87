// Pooling over NCHW: max and average pooling with square kernel, stride and zero/−∞ padding (floor mode),
// and adaptive average pooling to 1×1 (global mean), as torchvision's Inception-v3 uses them.

/// Max pooling (padding counts as −∞). Cache holds the argmax of each output for backward.
public struct MaxPool2d {
    public let kernelSize: Int, stride: Int, padding: Int
    /// What `backward` needs: the input shape and each output's argmax (flat index within its plane).
    public struct Cache { public let inputShape: [Int]; public let argmax: [Int32] }

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        precondition(
            kernelSize > 0 && padding >= 0 && 2 * padding <= kernelSize,
            "MaxPool2d: kernel \(kernelSize), padding \(padding)")
        self.kernelSize = kernelSize; self.stride = stride ?? kernelSize; self.padding = padding
    }

    /// Output extent for an input extent.
    public func outputSize(_ n: Int) -> Int { (n + 2 * padding - kernelSize) / stride + 1 }

    /// Inference forward. x: `[N, C, H, W]` → `[N, C, Hout, Wout]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x).y }

    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let (n, c, h, w) = x.nchw
        let ho = outputSize(h), wo = outputSize(w)
        precondition(ho > 0 && wo > 0, "MaxPool2d: input \(x.shape) too small for kernel \(kernelSize)")
        var y = Tensor(shape: [n, c, ho, wo])
        var argmax = [Int32](repeating: 0, count: y.count)
        for plane in 0..<(n * c) {
            for oy in 0..<ho {
                for ox in 0..<wo {
                    var best = -Float.infinity, at = -1
                    for ky in 0..<kernelSize {
                        let iy = oy * stride - padding + ky
                        if iy < 0 || iy >= h { continue }
                        for kx in 0..<kernelSize {
                            let ix = ox * stride - padding + kx
                            if ix < 0 || ix >= w { continue }
                            let v = x.data[plane * h * w + iy * w + ix]
                            if v > best || at < 0 || v.isNaN { best = v; at = iy * w + ix }
                        }
                    }
                    let o = (plane * ho + oy) * wo + ox
                    y.data[o] = best
                    argmax[o] = Int32(at)
                }
            }
        }
        return (y, Cache(inputShape: x.shape, argmax: argmax))
    }

    /// Backward: routes each output gradient to its argmax.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        let (n, c, h, w) = (cache.inputShape[0], cache.inputShape[1], cache.inputShape[2], cache.inputShape[3])
        precondition(dy.count == cache.argmax.count, "MaxPool2d.backward: dy \(dy.shape)")
        var dx = Tensor(shape: cache.inputShape)
        let perPlane = dy.count / max(1, n * c)
        for o in 0..<dy.count { dx.data[(o / perPlane) * h * w + Int(cache.argmax[o])] += dy.data[o] }
        return dx
    }
}

/// Average pooling; with `countIncludePad` false the divisor counts only taps inside the input.
public struct AvgPool2d {
    public let kernelSize: Int, stride: Int, padding: Int, countIncludePad: Bool
    /// What `backward` needs: the input shape.
    public struct Cache { public let inputShape: [Int] }

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true) {
        precondition(
            kernelSize > 0 && padding >= 0 && 2 * padding <= kernelSize,
            "AvgPool2d: kernel \(kernelSize), padding \(padding)")
        self.kernelSize = kernelSize; self.stride = stride ?? kernelSize
        self.padding = padding; self.countIncludePad = countIncludePad
    }

    /// Output extent for an input extent.
    public func outputSize(_ n: Int) -> Int { (n + 2 * padding - kernelSize) / stride + 1 }

    /// Visits each output's window: (plane-local output index, iy range, ix range, divisor).
    private func windows(h: Int, w: Int, _ body: (Int, Range<Int>, Range<Int>, Float) -> Void) {
        let ho = outputSize(h), wo = outputSize(w)
        for oy in 0..<ho {
            for ox in 0..<wo {
                let y0 = oy * stride - padding, x0 = ox * stride - padding
                let y1 = min(y0 + kernelSize, h + padding), x1 = min(x0 + kernelSize, w + padding)
                let padded = (y1 - y0) * (x1 - x0)
                let ys = max(y0, 0)..<min(y1, h), xs = max(x0, 0)..<min(x1, w)
                body(oy * wo + ox, ys, xs, Float(countIncludePad ? padded : ys.count * xs.count))
            }
        }
    }

    /// Inference forward. x: `[N, C, H, W]` → `[N, C, Hout, Wout]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x).y }

    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let (n, c, h, w) = x.nchw
        let ho = outputSize(h), wo = outputSize(w)
        precondition(ho > 0 && wo > 0, "AvgPool2d: input \(x.shape) too small for kernel \(kernelSize)")
        var y = Tensor(shape: [n, c, ho, wo])
        for plane in 0..<(n * c) {
            windows(h: h, w: w) { o, ys, xs, divisor in
                var s: Float = 0
                for iy in ys { for ix in xs { s += x.data[plane * h * w + iy * w + ix] } }
                y.data[plane * ho * wo + o] = s / divisor
            }
        }
        return (y, Cache(inputShape: x.shape))
    }

    /// Backward: spreads each output gradient over its window.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        let (n, c, h, w) = (cache.inputShape[0], cache.inputShape[1], cache.inputShape[2], cache.inputShape[3])
        let hw = outputSize(h) * outputSize(w)
        precondition(dy.shape == [n, c, outputSize(h), outputSize(w)], "AvgPool2d.backward: dy \(dy.shape)")
        var dx = Tensor(shape: cache.inputShape)
        for plane in 0..<(n * c) {
            windows(h: h, w: w) { o, ys, xs, divisor in
                let g = dy.data[plane * hw + o] / divisor
                for iy in ys { for ix in xs { dx.data[plane * h * w + iy * w + ix] += g } }
            }
        }
        return dx
    }
}

/// Adaptive average pooling to 1×1: the mean over each channel's plane. `[N, C, H, W]` → `[N, C, 1, 1]`.
public struct GlobalAvgPool2d {
    /// What `backward` needs: the input shape.
    public struct Cache { public let inputShape: [Int] }
    public init() {}

    /// Inference forward.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x).y }

    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        let (n, c, h, w) = x.nchw
        var y = Tensor(shape: [n, c, 1, 1])
        for plane in 0..<(n * c) {
            var s = 0.0
            for i in 0..<(h * w) { s += Double(x.data[plane * h * w + i]) }
            y.data[plane] = Float(s / Double(h * w))
        }
        return (y, Cache(inputShape: x.shape))
    }

    /// Backward: each input gets dy/(H·W).
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        let hw = cache.inputShape[2] * cache.inputShape[3]
        precondition(dy.count == cache.inputShape[0] * cache.inputShape[1], "GlobalAvgPool2d.backward: dy \(dy.shape)")
        var dx = Tensor(shape: cache.inputShape)
        for i in 0..<dx.count { dx.data[i] = dy.data[i / hw] / Float(hw) }
        return dx
    }
}
