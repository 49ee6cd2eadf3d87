import XCTest
import ImageCore
@testable import Metrics

final class SSIMTests: XCTestCase {
    private let ssim = SSIM()

    /// Images of integer patterns k/255 (rounded to Float, as the Python side does with np.float32).
    private func pattern(_ w: Int, _ h: Int, blended: Bool) -> Image {
        var img = Image(width: w, height: h)
        for c in 0..<3 {
            for y in 0..<h {
                for x in 0..<w {
                    let a = Double(((x * 7 + y * 13 + c * 29) * 37) % 256)
                    let b = Double(((x * 11 + y * 5 + c * 3) * 53) % 256)
                    img[x, y, c] = Float((blended ? 0.7 * a + 0.3 * b : a) / 255)
                }
            }
        }
        return img
    }

    /// Expected values made with scikit-image 0.26.0 (pip), numpy 2.4.6, on the same patterns as float64 HxWx3:
    /// structural_similarity(a, b, channel_axis=2, gaussian_weights=True, sigma=1.5,
    /// use_sample_covariance=False, data_range=1).
    func testMatchesScikitImage() {
        let expected: [(Int, Int, Double)] = [
            (16, 13, 0.8388142206125858), (11, 11, 0.84493290925488),
            (40, 24, 0.8530323876472874)
        ]
        for (w, h, value) in expected {
            XCTAssertEqual(ssim(pattern(w, h, blended: false), pattern(w, h, blended: true)), value, accuracy: 1e-9, "\(w)x\(h)")
        }
    }

    /// Constant images a and b: µ = a, b and every variance is 0, so SSIM = (2ab + C1) / (a² + b² + C1).
    func testHandComputedConstantImages() {
        let a = 0.2, b = 0.6, c1 = 0.0001
        let value = ssim(Image(width: 12, height: 12, value: Float(a)), Image(width: 12, height: 12, value: Float(b)))
        XCTAssertEqual(value, (2 * a * b + c1) / (a * a + b * b + c1), accuracy: 1e-6)
    }

    func testIdentityAndSymmetryOverSeeds() {
        for seed in 0..<5 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            let x = Image(width: 17, height: 14, pixels: (0..<(17 * 14 * 3)).map { _ in rng.unitFloat() })
            let y = Image(width: 17, height: 14, pixels: x.pixels.map { min(1, max(0, $0 + 0.2 * (rng.unitFloat() - 0.5))) })
            XCTAssertEqual(ssim(x, x), 1, accuracy: 1e-12)
            XCTAssertEqual(ssim(x, y), ssim(y, x), accuracy: 1e-12)
            XCTAssertLessThan(ssim(x, y), 1)
        }
    }

    func testGaussianWindowAndReflectBorder() {
        XCTAssertEqual(ssim.kernel.count, 11)
        XCTAssertEqual(ssim.kernel.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(ssim.kernel[5] / ssim.kernel[6], exp(0.5 / 2.25), accuracy: 1e-12)
        // scipy "reflect" for n = 3: … c b a | a b c | c b a | a b c …
        XCTAssertEqual((-7...5).map { SSIM.reflect($0, 3) }, [0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0])
    }
}
