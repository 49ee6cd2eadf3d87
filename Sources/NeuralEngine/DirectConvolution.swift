// Direct stride-1 convolution for layers with very few output channels (GLCIC's conv17, 32→3), where a GEMM
// with M = Cout wastes most of its micro-kernel: each output row is built by row-wise multiply-adds
// y[o, oy, ox] += W[o, c, ky, kx] · x[c, oy − ph + ky·dh, ox − pw + kx·dw] over the valid ox range.

enum DirectConvolution {
    /// Layers with at most this many output channels use the direct path.
    static let maxOutChannels = 4

    /// y[:, rows, :] (no bias) for one image x[Cin, H, W], W[Cout, Cin, kh, kw], stride 1.
    static func run(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        _ g: ConvGeometry, outChannels: Int, rows: Range<Int>
    ) {
        precondition(g.strideH == 1 && g.strideW == 1, "DirectConvolution: stride \(g.strideH),\(g.strideW)")
        let ho = g.outHeight, wo = g.outWidth, kh = g.kernelH, kw = g.kernelW
        // Valid output columns and input offsets per kernel column, computed once.
        let valid = (0..<kw).map { g.validColumns(kx: $0) }
        let offsets = (0..<kw).map { $0 * g.dilationW - g.padW }
        for oy in rows {
            for o in 0..<outChannels { (y + (o * ho + oy) * wo).update(repeating: 0, count: wo) }
            for c in 0..<g.channels {
                for ky in 0..<kh {
                    let iy = oy - g.padH + ky * g.dilationH
                    if iy < 0 || iy >= g.height { continue }
                    let src = x + (c * g.height + iy) * g.width
                    for kx in 0..<kw where !valid[kx].isEmpty {
                        let s = src + offsets[kx], lo = valid[kx].lowerBound, hi = valid[kx].upperBound
                        for o in 0..<outChannels {
                            let wv = w[((o * g.channels + c) * kh + ky) * kw + kx]
                            let out = y + (o * ho + oy) * wo
                            axpy(hi - lo, wv, s + lo, out + lo)
                        }
                    }
                }
            }
        }
    }
}
