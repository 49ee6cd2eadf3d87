// Structural similarity, Wang, Bovik, Sheikh, Simoncelli, "Image quality assessment: from error visibility
// to structural similarity", IEEE TIP 13(4), 2004, doi:10.1109/TIP.2003.819861, exactly as the protocol
// fixes it: scikit-image `structural_similarity(channel_axis=2, gaussian_weights=True, sigma=1.5,
// use_sample_covariance=False, data_range=1)`. Its semantics, reproduced here:
//  - local statistics are Gaussian-weighted: scipy.ndimage.gaussian_filter with σ = 1.5 and truncate = 3.5,
//    i.e. a separable kernel exp(−x²/2σ²) on x = −5…5 (radius int(3.5·1.5 + 0.5) = 5, an 11×11 window),
//    normalised to sum 1, with mode "reflect" (the half-sample mirror d c b a | a b c d | d c b a);
//  - population (co)variances: vx = G∗x² − (G∗x)², vxy = G∗xy − (G∗x)(G∗y) (use_sample_covariance=False);
//  - C1 = (K1·L)², C2 = (K2·L)² with K1 = 0.01, K2 = 0.03, L = 1;
//  - S = (2µxµy + C1)(2vxy + C2) / ((µx² + µy² + C1)(vx + vy + C2)) at every pixel;
//  - the mean of S is taken after cropping (win − 1)/2 = 5 pixels from every border (skimage `crop(S, pad)`),
//    so border pixels, whose statistics use mirrored samples, do not count;
//  - per channel, then averaged over channels.
// skimage computes in float32 for float32 input; this code works in Double (differences ~1e-7).

import Foundation
import ImageCore

/// SSIM between two images of the same shape, values in [0, 1].
public struct SSIM {
    public struct Parameters: Sendable {
        /// Standard deviation of the Gaussian window (Wang et al. 2004; the protocol's σ = 1.5).
        public var sigma: Double = 1.5
        /// Window radius in σ (scipy's `truncate`; skimage sets 3.5 so that σ = 1.5 gives 11 taps).
        public var truncate: Double = 3.5
        /// Luminance stabiliser K1 (Wang et al. 2004: 0.01).
        public var k1: Double = 0.01
        /// Contrast stabiliser K2 (Wang et al. 2004: 0.03).
        public var k2: Double = 0.03
        /// Dynamic range L of the values (1 for images in [0, 1]).
        public var dataRange: Double = 1
        public init() {}
    }

    public let parameters: Parameters
    /// Normalised 1-D Gaussian taps, index r + k for offset k in −r…r.
    let kernel: [Double]
    var radius: Int { kernel.count / 2 }

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let r = Int(parameters.truncate * parameters.sigma + 0.5)
        var k = (-r...r).map { exp(-0.5 * Double($0 * $0) / (parameters.sigma * parameters.sigma)) }
        let total = k.reduce(0, +)
        k = k.map { $0 / total }
        kernel = k
    }

    /// Mean SSIM over the channels; each image side must be at least the window size (11 by default).
    public func callAsFunction(_ a: Image, _ b: Image) -> Double {
        PixelMetrics.checkSameShape(a, b)
        precondition(
            a.width >= kernel.count && a.height >= kernel.count,
            "SSIM needs images of at least \(kernel.count)x\(kernel.count), got \(a.width)x\(a.height)")
        var total = 0.0
        for c in 0..<a.channels {
            let range = (c * a.planeSize)..<((c + 1) * a.planeSize)
            total += channelSSIM(a.pixels[range], b.pixels[range], width: a.width, height: a.height)
        }
        return total / Double(a.channels)
    }

    /// Mean SSIM of one channel plane, border of `radius` pixels cropped.
    func channelSSIM(_ x: ArraySlice<Float>, _ y: ArraySlice<Float>, width: Int, height: Int) -> Double {
        let n = width * height
        var products = [[Double]](repeating: [Double](repeating: 0, count: n), count: 5)
        for (i, (xv, yv)) in zip(x, y).enumerated() {
            let xd = Double(xv), yd = Double(yv)
            products[0][i] = xd
            products[1][i] = yd
            products[2][i] = xd * xd
            products[3][i] = yd * yd
            products[4][i] = xd * yd
        }
        let f = products.map { gaussianFiltered($0, width: width, height: height) }
        let c1 = (parameters.k1 * parameters.dataRange) * (parameters.k1 * parameters.dataRange)
        let c2 = (parameters.k2 * parameters.dataRange) * (parameters.k2 * parameters.dataRange)
        let r = radius
        var sum = 0.0
        for yy in r..<(height - r) {
            for xx in r..<(width - r) {
                let i = yy * width + xx
                let ux = f[0][i], uy = f[1][i]
                let vx = f[2][i] - ux * ux, vy = f[3][i] - uy * uy, vxy = f[4][i] - ux * uy
                sum += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
            }
        }
        return sum / Double((width - 2 * r) * (height - 2 * r))
    }

    /// Separable Gaussian filter with scipy's "reflect" border (rows, then columns).
    func gaussianFiltered(_ v: [Double], width: Int, height: Int) -> [Double] {
        let r = radius
        var rows = [Double](repeating: 0, count: v.count)
        let xIndex = (-r..<(width + r)).map { Self.reflect($0, width) }
        for y in 0..<height {
            let base = y * width
            for x in 0..<width {
                var s = 0.0
                for k in 0..<kernel.count { s += kernel[k] * v[base + xIndex[x + k]] }
                rows[base + x] = s
            }
        }
        var out = [Double](repeating: 0, count: v.count)
        let yIndex = (-r..<(height + r)).map { Self.reflect($0, height) }
        for y in 0..<height {
            for k in 0..<kernel.count {
                let w = kernel[k], src = yIndex[y + k] * width, dst = y * width
                for x in 0..<width { out[dst + x] += w * rows[src + x] }
            }
        }
        return out
    }

    /// scipy.ndimage "reflect" (half-sample symmetric) index for any i, any n ≥ 1.
    static func reflect(_ i: Int, _ n: Int) -> Int {
        let period = 2 * n
        let m = ((i % period) + period) % period
        return m < n ? m : period - 1 - m
    }
}
