// Pixel-wise quality measures of the evaluation protocol (docs/evaluation-protocol.md §4):
// MSE over all pixels and channels, PSNR = 10·log10(1/MSE) for data range 1, and the same restricted to
// hole pixels, plus the hole-only mean absolute error (L1). Sums are accumulated in Double.

import Foundation
import ImageCore

/// Whole-image and hole-only pixel errors between a result and its ground truth (values in [0, 1]).
public enum PixelMetrics {
    /// Mean squared error over every pixel and channel.
    public static func mse(_ a: Image, _ b: Image) -> Double {
        checkSameShape(a, b)
        var sum = 0.0
        for i in 0..<a.pixels.count {
            let d = Double(a.pixels[i]) - Double(b.pixels[i])
            sum += d * d
        }
        return sum / Double(a.pixels.count)
    }

    /// Peak signal-to-noise ratio in dB for data range 1: 10·log10(1/MSE); +∞ when MSE is 0.
    public static func psnr(mse: Double) -> Double {
        precondition(mse >= 0, "PSNR of a negative MSE \(mse)")
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    /// PSNR of the whole image (+∞ for identical images).
    public static func psnr(_ a: Image, _ b: Image) -> Double { psnr(mse: mse(a, b)) }

    /// Mean squared error over the hole pixels only (all channels); nil when the mask has no hole.
    public static func holeMSE(_ a: Image, _ b: Image, mask: Mask) -> Double? {
        holeMean(a, b, mask: mask) { $0 * $0 }
    }

    /// PSNR over the hole pixels only; nil when the mask has no hole, +∞ when the holes are identical.
    public static func holePSNR(_ a: Image, _ b: Image, mask: Mask) -> Double? {
        holeMSE(a, b, mask: mask).map { psnr(mse: $0) }
    }

    /// Mean absolute error over the hole pixels only (all channels); nil when the mask has no hole.
    public static func holeL1(_ a: Image, _ b: Image, mask: Mask) -> Double? {
        holeMean(a, b, mask: mask) { abs($0) }
    }

    private static func holeMean(_ a: Image, _ b: Image, mask: Mask, _ f: (Double) -> Double) -> Double? {
        checkSameShape(a, b)
        precondition(
            mask.width == a.width && mask.height == a.height,
            "mask \(mask.width)x\(mask.height) for images \(a.width)x\(a.height)")
        var sum = 0.0
        var count = 0
        let plane = a.planeSize
        for p in 0..<plane where mask.isHole[p] {
            for c in 0..<a.channels {
                sum += f(Double(a.pixels[c * plane + p]) - Double(b.pixels[c * plane + p]))
            }
            count += a.channels
        }
        return count == 0 ? nil : sum / Double(count)
    }

    static func checkSameShape(_ a: Image, _ b: Image) {
        precondition(
            a.width == b.width && a.height == b.height && a.channels == b.channels,
            "images differ in shape: \(a.width)x\(a.height)x\(a.channels) vs \(b.width)x\(b.height)x\(b.channels)")
    }
}
