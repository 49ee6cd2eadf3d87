// Geometry of a 2-D convolution and its im2col / col2im lowering (Chellapilla et al. 2006,
// "High performance convolutional neural networks for document processing").
//
// For one image x[Cin, H, W], column matrix col[Cin·kh·kw, Hout·Wout] with
//   col[(c·kh + ky)·kw + kx, oy·Wout + ox] = x[c, oy·sh − ph + ky·dh, ox·sw − pw + kx·dw]   (0 outside),
// so that the convolution is the GEMM  y[Cout, Hout·Wout] = W[Cout, Cin·kh·kw] · col.
// col2im is the adjoint (scatter-add), used for input gradients and transposed convolutions.
import Foundation

/// Sizes, strides, paddings and dilations of one 2-D convolution (per dimension).
public struct ConvGeometry: Equatable, Sendable {
    public var channels: Int, height: Int, width: Int
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int
    public var dilationH: Int, dilationW: Int

    /// Output height: floor((H + 2ph − dh·(kh−1) − 1) / sh) + 1.
    public var outHeight: Int { (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1 }
    /// Output width: floor((W + 2pw − dw·(kw−1) − 1) / sw) + 1.
    public var outWidth: Int { (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1 }
    /// Rows of the column matrix: Cin·kh·kw.
    public var columnRows: Int { channels * kernelH * kernelW }

    public init(
        channels: Int, height: Int, width: Int, kernelH: Int, kernelW: Int, strideH: Int, strideW: Int,
        padH: Int, padW: Int, dilationH: Int, dilationW: Int
    ) {
        precondition(channels > 0 && height > 0 && width > 0, "ConvGeometry: input \(channels)×\(height)×\(width)")
        precondition(
            kernelH > 0 && kernelW > 0 && strideH > 0 && strideW > 0 && dilationH > 0 && dilationW > 0
                && padH >= 0 && padW >= 0,
            "ConvGeometry: kernel \(kernelH)×\(kernelW) stride \(strideH),\(strideW) "
                + "pad \(padH),\(padW) dilation \(dilationH),\(dilationW)")
        self.channels = channels; self.height = height; self.width = width
        self.kernelH = kernelH; self.kernelW = kernelW; self.strideH = strideH; self.strideW = strideW
        self.padH = padH; self.padW = padW; self.dilationH = dilationH; self.dilationW = dilationW
        precondition(
            outHeight > 0 && outWidth > 0,
            "ConvGeometry: empty output for input \(height)×\(width), "
                + "kernel \(kernelH)×\(kernelW), pad \(padH),\(padW), dilation \(dilationH),\(dilationW)")
    }

    /// The range of output columns ox whose tap at kernel column kx lands inside the input.
    @inline(__always) func validColumns(kx: Int) -> Range<Int> {
        let off = kx * dilationW - padW  // ix = ox·sw + off
        let lo = off >= 0 ? 0 : (-off + strideW - 1) / strideW
        let hiInclusive = (width - 1 - off) >= 0 ? (width - 1 - off) / strideW : -1
        let hi = min(outWidth, hiInclusive + 1)
        return lo < hi ? lo..<hi : lo..<lo
    }

    /// Fills `col` ([columnRows, rows.count·outWidth], row-major) from image `x` ([C, H, W]) for the output
    /// rows `rows`.
    public func im2col(_ x: UnsafePointer<Float>, rows: Range<Int>, into col: UnsafeMutablePointer<Float>) {
        let wo = outWidth, n = rows.count * wo
        for c in 0..<channels {
            let plane = x + c * height * width
            for ky in 0..<kernelH {
                for kx in 0..<kernelW {
                    let dst = col + ((c * kernelH + ky) * kernelW + kx) * n
                    let valid = validColumns(kx: kx)
                    let off = kx * dilationW - padW
                    for (r, oy) in rows.enumerated() {
                        let d = dst + r * wo
                        let iy = oy * strideH - padH + ky * dilationH
                        if iy < 0 || iy >= height || valid.isEmpty {
                            d.update(repeating: 0, count: wo)
                            continue
                        }
                        if valid.lowerBound > 0 { d.update(repeating: 0, count: valid.lowerBound) }
                        if valid.upperBound < wo { (d + valid.upperBound).update(repeating: 0, count: wo - valid.upperBound) }
                        let src = plane + iy * width + off
                        if strideW == 1 {
                            (d + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                        } else {
                            for ox in valid { d[ox] = src[ox * strideW] }
                        }
                    }
                }
            }
        }
    }

    /// Adds the column matrix `col` ([columnRows, rows.count·outWidth]) back onto image `x` ([C, H, W]):
    /// the adjoint of `im2col` for the same rows. `x` is accumulated into, not cleared. `channelRange`
    /// restricts the work to some input channels (disjoint ranges may run concurrently).
    public func col2im(
        _ col: UnsafePointer<Float>, rows: Range<Int>, addingInto x: UnsafeMutablePointer<Float>,
        channelRange: Range<Int>? = nil
    ) {
        let wo = outWidth, n = rows.count * wo
        for c in channelRange ?? 0..<channels {
            let plane = x + c * height * width
            for ky in 0..<kernelH {
                for kx in 0..<kernelW {
                    let src = col + ((c * kernelH + ky) * kernelW + kx) * n
                    let valid = validColumns(kx: kx)
                    if valid.isEmpty { continue }
                    let off = kx * dilationW - padW
                    for (r, oy) in rows.enumerated() {
                        let iy = oy * strideH - padH + ky * dilationH
                        if iy < 0 || iy >= height { continue }
                        let s = src + r * wo
                        let d = plane + iy * width + off
                        if strideW == 1 {
                            for ox in valid { d[ox] += s[ox] }
                        } else {
                            for ox in valid { d[ox * strideW] += s[ox] }
                        }
                    }
                }
            }
        }
    }

    /// Output rows per im2col tile so that a tile holds at most `budget` floats (at least one row).
    public func rowsPerTile(budget: Int) -> Int {
        max(1, min(outHeight, budget / max(1, columnRows * outWidth)))
    }
}

/// The engine's malloc tuning, for the host program to opt into (the engine never calls it itself).
public enum EngineMemory {
    /// Bytes of freed memory glibc may keep for reuse before returning it to the system (1 GiB).
    public static let retainedFreeBytes: Int32 = 1 << 30

    /// Makes glibc serve large blocks (activations) from its heap instead of fresh mmaps and keep up to
    /// `retainedFreeBytes` of freed memory: every layer allocates its output anew, and fresh pages cost a
    /// page fault and zeroing each (measured: 5 % of a batch-16 inference, by `MALLOC_MMAP_MAX_=0`).
    /// This changes the allocator of the whole process (mallopt(3): M_MMAP_MAX 0, M_TRIM_THRESHOLD), so it is
    /// the host's decision: the `compare` executable calls it once at start; a library user may, before the
    /// first inference. Does nothing outside glibc.
    public static func keepFreedMemory() {
        #if os(Linux)
            // mallopt(3) is declared in <malloc.h>, which no Swift module exports: look it up. Its option
            // numbers are glibc's M_TRIM_THRESHOLD = -1 and M_MMAP_MAX = -4.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(-4, 0)
            _ = mallopt(-1, retainedFreeBytes)
        #endif
    }
}
