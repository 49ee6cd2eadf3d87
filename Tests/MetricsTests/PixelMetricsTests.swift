import XCTest
import ImageCore
@testable import Metrics

final class PixelMetricsTests: XCTestCase {
    /// 2×1 grey images: differences 0.5 and 0, so MSE = (0.25 + 0) / 2 = 0.125 and PSNR = 10·log10(8).
    func testHandComputedMSEAndPSNR() {
        let a = Image(width: 2, height: 1, channels: 1, pixels: [0.5, 0.25])
        let b = Image(width: 2, height: 1, channels: 1, pixels: [0.0, 0.25])
        XCTAssertEqual(PixelMetrics.mse(a, b), 0.125, accuracy: 1e-12)
        XCTAssertEqual(PixelMetrics.psnr(a, b), 10 * log10(8.0), accuracy: 1e-9)
        XCTAssertEqual(PixelMetrics.psnr(mse: 0.01), 20, accuracy: 1e-9)
    }

    func testIdenticalImagesHaveInfinitePSNR() {
        var rng = SplitMix64(seed: 3)
        let a = Image(width: 5, height: 4, pixels: (0..<60).map { _ in rng.unitFloat() })
        XCTAssertEqual(PixelMetrics.mse(a, a), 0)
        XCTAssertEqual(PixelMetrics.psnr(a, a), .infinity)
    }

    /// 2×2 RGB, hole = the right column; only the hole pixels differ, by 0.1 (R) and 0.3 (G) at (1, 0).
    func testHoleOnlyMetricsCountOnlyHolePixels() {
        var a = Image(width: 2, height: 2, value: 0.5)
        let b = Image(width: 2, height: 2, value: 0.5)
        a[1, 0, 0] = 0.6
        a[1, 0, 1] = 0.2
        var mask = Mask(width: 2, height: 2)
        mask[1, 0] = true
        mask[1, 1] = true
        // 2 hole pixels × 3 channels = 6 samples: squared errors 0.01 and 0.09, absolute 0.1 and 0.3.
        XCTAssertEqual(PixelMetrics.holeMSE(a, b, mask: mask)!, 0.1 / 6, accuracy: 1e-7)
        XCTAssertEqual(PixelMetrics.holeL1(a, b, mask: mask)!, 0.4 / 6, accuracy: 1e-7)
        XCTAssertEqual(PixelMetrics.holePSNR(a, b, mask: mask)!, 10 * log10(60.0), accuracy: 1e-5)
        XCTAssertEqual(PixelMetrics.mse(a, b), 0.1 / 12, accuracy: 1e-7)
        XCTAssertNil(PixelMetrics.holeMSE(a, b, mask: Mask(width: 2, height: 2)))
    }

    func testMedianAndPercentiles() {
        XCTAssertEqual(Statistics.median([3, 1, 2]), 2)
        XCTAssertEqual(Statistics.median([4, 1, 3, 2]), 2.5)
        // NumPy: np.percentile([1..10], 90) = 9.1
        XCTAssertEqual(Statistics.percentile((1...10).map(Double.init), 90)!, 9.1, accuracy: 1e-12)
        XCTAssertEqual(Statistics.percentile([5], 90), 5)
        XCTAssertNil(Statistics.median([]))
        XCTAssertEqual(Statistics.mean([1, 2, 6]), 3)
        XCTAssertNil(Statistics.mean([]))
        // NumPy: np.var([1, 2, 3, 4]) = 1.25, np.var([1, 2, 3, 4], ddof=1) = 5/3
        XCTAssertEqual(Statistics.variance([1, 2, 3, 4], mean: 2.5, correction: 0), 1.25)
        XCTAssertEqual(Statistics.variance([1, 2, 3, 4], mean: 2.5, correction: 1), 5.0 / 3, accuracy: 1e-15)
    }

    func testSummaryMeanAndInterval() {
        let s = SampleSummary([1, 2, 3, 4])!
        XCTAssertEqual(s.mean, 2.5)
        XCTAssertEqual(s.standardDeviation, (5.0 / 3).squareRoot(), accuracy: 1e-12)
        // t(0.975, 3) = 3.1824
        XCTAssertEqual(s.halfWidth95, 3.1824 * (5.0 / 3).squareRoot() / 2, accuracy: 1e-9)
        XCTAssertNil(SampleSummary([]))
        XCTAssertEqual(SampleSummary([7])!.halfWidth95, 0)
        XCTAssertEqual(SampleSummary([1, .infinity])!.mean, .infinity)
    }

    /// Quantiles from scipy.stats.t.ppf(0.975, df): 2.0395134 (31), 2.0085591 (50), 1.9685031 (279).
    func testStudentQuantileBeyondTable() {
        XCTAssertEqual(SampleSummary.studentT975(degreesOfFreedom: 31), 2.0395134, accuracy: 2e-4)
        XCTAssertEqual(SampleSummary.studentT975(degreesOfFreedom: 50), 2.0085591, accuracy: 1e-4)
        XCTAssertEqual(SampleSummary.studentT975(degreesOfFreedom: 279), 1.9685031, accuracy: 1e-5)
    }
}
