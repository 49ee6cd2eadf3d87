// Stride-1 convolution as a sum of shifted GEMMs ("implicit im2col"), without building the column matrix:
// with the input zero-padded to rows of Wp = W + 2·pw, the output row-major over Wp columns is
//   yext[o, r·Wp + ox] = Σ_{ky,kx} Σ_c W[o, c, ky, kx] · xp[c, (r + ky·dh)·Wp + ox + kx·dw],
// one GEMM per kernel tap with B read straight from the padded input (row stride = one padded plane).
// Columns ox ≥ Wout are garbage and dropped; the waste is (Wp − Wout)/Wout, so this path is only taken when
// the horizontal padding is small relative to the width.
import Foundation

/// Per-tap weight matrices `[kh·kw][Cout][Cin]`, rebuilt when the weights change.
final class TapPackedWeights {
    private let lock = NSLock()
    private var version = -1
    private var packed: [Float] = []

    /// The packed weights of `weight` (`[Cout, Cin, kh, kw]`).
    func get(_ weight: Parameter) -> [Float] {
        lock.lock()
        defer { lock.unlock() }
        if version != weight.version || packed.isEmpty {
            let s = weight.shape, cout = s[0], cin = s[1], taps = s[2] * s[3]
            var p = [Float](repeating: 0, count: weight.value.count)
            weight.value.data.withUnsafeBufferPointer { w in
                for o in 0..<cout {
                    for c in 0..<cin {
                        for t in 0..<taps {
                            p[(t * cout + o) * cin + c] = w[(o * cin + c) * taps + t]
                        }
                    }
                }
            }
            packed = p
            version = weight.version
        }
        return packed
    }
}

enum ShiftedConvolution {
    /// Largest accepted (Wp − Wout)/Wout. Measured on GLCIC's layers (`compare bench engine --threads 1`, with and
    /// without `--im2col-only`): shifted GEMMs win clearly at 80×80 and 160×160 with pad 1 (waste 2.5 %, 1.25 %),
    /// tie at 40×40 pad 1 (5 %) and lose at 40×40 with dilation 2 and 4 (10 %, 20 %).
    static let maxWaste = 0.06
    /// Fewest input channels (each tap's GEMM has K = Cin; GLCIC's conv1 with Cin = 4 is faster by im2col).
    static let minInChannels = 16

    /// Whether geometry `g` suits the shifted-GEMM path.
    static func applies(_ g: ConvGeometry) -> Bool {
        guard g.strideH == 1, g.strideW == 1, g.kernelH * g.kernelW > 1, g.channels >= minInChannels else { return false }
        return Double(g.width + 2 * g.padW - g.outWidth) <= maxWaste * Double(g.outWidth)
    }

    /// y[:, rows, :] (no bias) for one image x[Cin, H, W] with tap-packed weights, in tiles within `options.im2colBudget` floats.
    static func run(
        _ x: UnsafePointer<Float>, _ packed: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        _ g: ConvGeometry, outChannels cout: Int, rows: Range<Int>, options: EngineOptions
    ) {
        let budget = options.im2colBudget
        let wp = g.width + 2 * g.padW, ho = g.outHeight, wo = g.outWidth, cin = g.channels
        let haloRows = (g.kernelH - 1) * g.dilationH, tail = (g.kernelW - 1) * g.dilationW
        let perRow = (cin + cout) * wp
        let tileRows = max(1, min(rows.count, (budget - cin * haloRows * wp) / perRow))
        let capacity = cin * (tileRows + haloRows) * wp + tail + cout * tileRows * wp
        Scratch.with(capacity) { buffer in
            for t0 in Swift.stride(from: rows.lowerBound, to: rows.upperBound, by: tileRows) {
                let nr = min(rows.upperBound, t0 + tileRows) - t0
                let plane = (nr + haloRows) * wp
                let xp = buffer, yext = buffer + cin * plane + tail
                pad(x, g, firstRow: t0 - g.padH, rows: nr + haloRows, into: xp)
                (xp + cin * plane).update(repeating: 0, count: tail)
                for ky in 0..<g.kernelH {
                    for kx in 0..<g.kernelW {
                        let tap = ky * g.kernelW + kx
                        sgemm(
                            m: cout, n: nr * wp, k: cin, a: packed + tap * cout * cin, lda: cin,
                            b: xp + ky * g.dilationH * wp + kx * g.dilationW, ldb: plane,
                            beta: tap == 0 ? 0 : 1, c: yext, ldc: nr * wp, threads: options.threads)
                    }
                }
                for o in 0..<cout {
                    for r in 0..<nr {
                        (y + (o * ho + t0 + r) * wo).update(from: yext + (o * nr + r) * wp, count: wo)
                    }
                }
            }
        }
    }

    /// Backward for one image, stride 1: dW += Σ_tap dyext · (xp shifted)ᵀ (the garbage columns of dyext are
    /// zero) and, when `dx` is given, dxp shifted += W_tapᵀ · dyext, the padded band then added into dx.
    /// `dW` is `[Cout, Cin, kh, kw]`; `packed` the tap-packed weights.
    static func backward(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
        _ packed: UnsafePointer<Float>, _ dW: UnsafeMutablePointer<Float>, _ g: ConvGeometry,
        outChannels cout: Int, options: EngineOptions
    ) {
        let budget = options.im2colBudget
        let wp = g.width + 2 * g.padW, ho = g.outHeight, wo = g.outWidth, cin = g.channels
        let taps = g.kernelH * g.kernelW
        let haloRows = (g.kernelH - 1) * g.dilationH, tail = (g.kernelW - 1) * g.dilationW
        let perRow = (2 * cin + cout) * wp
        let tileRows = max(1, min(ho, (budget - 2 * cin * haloRows * wp) / perRow))
        let bandSize = cin * (tileRows + haloRows) * wp + tail
        Scratch.with(2 * bandSize + cout * tileRows * wp + taps * cout * cin) { buffer in
            let xp = buffer, dxp = buffer + bandSize, dyext = dxp + bandSize
            let dWp = dyext + cout * tileRows * wp
            dWp.update(repeating: 0, count: taps * cout * cin)
            for t0 in Swift.stride(from: 0, to: ho, by: tileRows) {
                let nr = min(ho, t0 + tileRows) - t0
                let plane = (nr + haloRows) * wp
                pad(x, g, firstRow: t0 - g.padH, rows: nr + haloRows, into: xp)
                (xp + cin * plane).update(repeating: 0, count: tail)
                for o in 0..<cout {
                    for r in 0..<nr {
                        let d = dyext + (o * nr + r) * wp
                        d.update(from: dy + (o * ho + t0 + r) * wo, count: wo)
                        (d + wo).update(repeating: 0, count: wp - wo)
                    }
                }
                if dx != nil { dxp.update(repeating: 0, count: cin * plane + tail) }
                for ky in 0..<g.kernelH {
                    for kx in 0..<g.kernelW {
                        let tap = ky * g.kernelW + kx, off = ky * g.dilationH * wp + kx * g.dilationW
                        sgemm(
                            transB: true, m: cout, n: cin, k: nr * wp, a: dyext, lda: nr * wp, b: xp + off, ldb: plane,
                            beta: 1, c: dWp + tap * cout * cin, ldc: cin, threads: options.threads)
                        if dx != nil {
                            sgemm(
                                transA: true, m: cin, n: nr * wp, k: cout, a: packed + tap * cout * cin, lda: cin,
                                b: dyext, ldb: nr * wp, beta: 1, c: dxp + off, ldc: plane, threads: options.threads)
                        }
                    }
                }
                if let dx { unpadAdd(dxp, g, firstRow: t0 - g.padH, rows: nr + haloRows, into: dx) }
            }
            for o in 0..<cout {
                for c in 0..<cin {
                    for t in 0..<taps {
                        dW[(o * cin + c) * taps + t] += dWp[(t * cout + o) * cin + c]
                    }
                }
            }
        }
    }

    /// dx[c, firstRow + r, :] += dxp[c, r, pw ..< pw + W] for the rows inside the image.
    private static func unpadAdd(
        _ dxp: UnsafePointer<Float>, _ g: ConvGeometry, firstRow: Int, rows: Int,
        into dx: UnsafeMutablePointer<Float>
    ) {
        let wp = g.width + 2 * g.padW
        for c in 0..<g.channels {
            for r in 0..<rows {
                let iy = firstRow + r
                if iy < 0 || iy >= g.height { continue }
                let s = dxp + (c * rows + r) * wp + g.padW, d = dx + (c * g.height + iy) * g.width
                for j in 0..<g.width { d[j] += s[j] }
            }
        }
    }

    /// xp[c, r, :] = [0…0, x[c, firstRow + r, :], 0…0] (zero rows outside the image), pw zeros each side.
    private static func pad(
        _ x: UnsafePointer<Float>, _ g: ConvGeometry, firstRow: Int, rows: Int,
        into xp: UnsafeMutablePointer<Float>
    ) {
        let wp = g.width + 2 * g.padW
        for c in 0..<g.channels {
            for r in 0..<rows {
                let d = xp + (c * rows + r) * wp, iy = firstRow + r
                if iy < 0 || iy >= g.height { d.update(repeating: 0, count: wp); continue }
                d.update(repeating: 0, count: g.padW)
                (d + g.padW).update(from: x + (c * g.height + iy) * g.width, count: g.width)
                (d + g.padW + g.width).update(repeating: 0, count: g.padW)
            }
        }
    }
}
