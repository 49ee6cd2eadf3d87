// The adapter to Metrics' per-image scores (protocol "Metrics"): whole-image MSE, PSNR and SSIM, and the
// hole-only MSE, PSNR and L1.

import ImageCore
import Metrics

/// Per-image scores through Metrics.
public enum QualityScoring {
    private static let ssim = SSIM()

    /// Scores `output` against `truth` (both 8-bit-quantised, [0, 1]) with `mask`'s hole.
    public static func scores(_ output: Image, _ truth: Image, _ mask: Mask) -> ImageScores {
        let mse = PixelMetrics.mse(output, truth)
        let holeMSE = PixelMetrics.holeMSE(output, truth, mask: mask) ?? 0
        return ImageScores(
            mse: mse, psnr: PixelMetrics.psnr(mse: mse), ssim: ssim(output, truth),
            holeMSE: holeMSE, holePSNR: PixelMetrics.psnr(mse: holeMSE),
            holeL1: PixelMetrics.holeL1(output, truth, mask: mask) ?? 0)
    }
}
