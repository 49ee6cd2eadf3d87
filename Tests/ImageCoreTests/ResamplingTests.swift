import XCTest
@testable import ImageCore

final class ResamplingTests: XCTestCase {
    private func row(_ values: [Float]) -> Image {
        Image(width: values.count, height: 1, channels: 1, pixels: values)
    }

    func testShrinkByTwoUsesWidenedTriangle() {
        // Scale 2: support 2, centres at 1 and 3; weights (3, 3, 1)/7 and (1, 3, 3)/7 (hand-computed).
        let out = row([0, 1, 2, 3]).resized(width: 2, height: 1)
        XCTAssertEqual(out.pixels[0], 5 / 7, accuracy: 1e-6)
        XCTAssertEqual(out.pixels[1], 16 / 7, accuracy: 1e-6)
    }

    func testEnlargeByTwoInterpolatesAtPixelCentres() {
        // Scale 1/2: outputs at 0.25, 0.75, 1.25, 1.75 input pixels; edges clamp to the first/last pixel.
        XCTAssertEqual(row([0, 4]).resized(width: 4, height: 1).pixels, [0, 1, 3, 4])
    }

    func testVerticalPassMatchesHorizontal() {
        let column = Image(width: 1, height: 4, channels: 1, pixels: [0, 1, 2, 3])
        let out = column.resized(width: 1, height: 2)
        XCTAssertEqual(out.pixels[0], 5 / 7, accuracy: 1e-6)
        XCTAssertEqual(out.pixels[1], 16 / 7, accuracy: 1e-6)
    }

    func testShrinkByThreeAveragesWithTriangle() {
        // Scale 3: support 3, centre 1.5, taps 0..<5 (int(1.5 − 3 + 0.5) clamped to 0, int(1.5 + 3 + 0.5));
        // pixel centres 0.5 ... 4.5 are 1, 0, 1, 2, 3 away → weights 1 − d/3 = 2/3, 1, 2/3, 1/3, 0 (sum 8/3).
        let out = row([3, 6, 9, 30, 60, 90]).resized(width: 2, height: 1)
        let expected: Float = (3 * 2 / 3 + 6 + 9 * 2 / 3 + 30 / 3) / (8 / 3)
        XCTAssertEqual(out.pixels[0], expected, accuracy: 1e-5)
    }

    func testConstantStaysConstantAndIdentityIsExact() {
        let constant = Image(width: 7, height: 5, value: 0.3)
        for (w, h) in [(3, 2), (11, 9), (7, 13)] {
            let out = constant.resized(width: w, height: h)
            XCTAssertLessThan(out.pixels.map { abs($0 - 0.3) }.max()!, 1e-6)
        }
        var rng = SplitMix64(seed: 3)
        var image = Image(width: 6, height: 4)
        for i in image.pixels.indices { image.pixels[i] = rng.unitFloat() }
        XCTAssertEqual(image.resized(width: 6, height: 4), image)
    }

    func testEightBitPathAgreesWithFloatPath() {
        var rng = SplitMix64(seed: 11)
        var image = Image(width: 37, height: 23)
        for i in image.pixels.indices { image.pixels[i] = Float(rng.int(in: 0...255)) / 255 }
        for (w, h) in [(16, 10), (50, 40), (37, 9)] {
            let a = image.resized(width: w, height: h)
            let b = image.resized8Bit(width: w, height: h)
            let worst = zip(a.pixels, b.pixels).map { abs($0 - $1) }.max()!
            // Each of the two passes rounds to a byte: at most one level of difference.
            XCTAssertLessThanOrEqual(worst, 1.0001 / 255, "\(w)x\(h)")
        }
    }
}
