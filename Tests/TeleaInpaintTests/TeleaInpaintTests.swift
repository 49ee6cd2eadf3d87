import XCTest
import ImageCore
@testable import TeleaInpaint

final class TeleaInpaintTests: XCTestCase {
    /// A colour image with texture-like variation from a seeded generator.
    func noiseImage(width: Int, height: Int, seed: UInt64) -> Image {
        var rng = SplitMix64(seed: seed)
        var image = Image(width: width, height: height)
        for i in image.pixels.indices { image.pixels[i] = rng.unitFloat() }
        return image
    }

    func rectangleMask(width: Int, height: Int, x0: Int, y0: Int, w: Int, h: Int) -> Mask {
        var mask = Mask(width: width, height: height)
        mask.fillRectangle(x0: x0, y0: y0, width: w, height: h)
        return mask
    }

    func testKnownPixelsAreUnchangedAndTheHoleContentIsNeverRead() throws {
        for seed in 0..<5 as Range<UInt64> {
            var image = noiseImage(width: 40, height: 30, seed: seed)
            let mask = rectangleMask(width: 40, height: 30, x0: 8 + Int(seed), y0: 5, w: 15, h: 12)
            let out = try TeleaInpainter().inpaint(image, mask: mask)
            for c in 0..<3 {
                for i in 0..<mask.isHole.count where !mask.isHole[i] {
                    XCTAssertEqual(out.pixels[c * image.planeSize + i], image.pixels[c * image.planeSize + i])
                }
            }
            // Whatever the hole holds (here NaN), the result is the same.
            for c in 0..<3 { for i in 0..<mask.isHole.count where mask.isHole[i] { image.pixels[c * image.planeSize + i] = .nan } }
            XCTAssertEqual(try TeleaInpainter().inpaint(image, mask: mask), out, "seed \(seed)")
        }
    }

    func testEveryHolePixelIsFilledWithinRange() throws {
        var rng = SplitMix64(seed: 11)
        let image = noiseImage(width: 48, height: 48, seed: 2)
        var mask = Mask(width: 48, height: 48)
        for i in mask.isHole.indices where rng.unitFloat() < 0.6 { mask.isHole[i] = true }  // scattered holes
        var marker = image
        for c in 0..<3 { for i in mask.isHole.indices where mask.isHole[i] { marker.pixels[c * 2304 + i] = -7 } }
        let out = try TeleaInpainter().inpaint(marker, mask: mask)
        XCTAssertTrue(out.pixels.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "a hole pixel was left unfilled or out of range")
    }

    func testConstantImageStaysConstant() throws {
        let image = Image(width: 32, height: 24, value: 0.3725)
        let mask = rectangleMask(width: 32, height: 24, x0: 6, y0: 4, w: 18, h: 14)
        let out = try TeleaInpainter().inpaint(image, mask: mask)
        let worst = out.pixels.map { abs($0 - 0.3725) }.max()!
        XCTAssertLessThan(worst, 1e-6)
    }

    func testLinearRampIsReproducedInsideASmallHole() throws {
        var image = Image(width: 40, height: 40)
        for c in 0..<3 {
            for y in 0..<40 {
                for x in 0..<40 {
                    image[x, y, c] = 0.1 + 0.012 * Float(x) + 0.007 * Float(y) * Float(c + 1) / 3
                }
            }
        }
        let mask = rectangleMask(width: 40, height: 40, x0: 15, y0: 16, w: 9, h: 7)
        let out = try TeleaInpainter().inpaint(image, mask: mask)
        let worst = zip(out.pixels, image.pixels).map { abs($0 - $1) }.max()!
        // Within three quarters of one pixel's step (0.012); a fill by the border's mean would miss by 4 steps.
        XCTAssertLessThan(worst, 0.009, "largest error \(worst) on a linear ramp (0.012 per pixel across)")
    }

    func testDeterministic() throws {
        let image = noiseImage(width: 50, height: 37, seed: 5)
        let mask = rectangleMask(width: 50, height: 37, x0: 10, y0: 9, w: 25, h: 20)
        let a = try TeleaInpainter().inpaint(image, mask: mask)
        let b = try TeleaInpainter().inpaint(image, mask: mask)
        XCTAssertEqual(a.pixels, b.pixels)
    }

    func testMasksTouchingTheBorder() throws {
        let image = noiseImage(width: 30, height: 20, seed: 9)
        let cases = [
            rectangleMask(width: 30, height: 20, x0: 0, y0: 0, w: 12, h: 20),  // whole left side
            rectangleMask(width: 30, height: 20, x0: 0, y0: 0, w: 30, h: 19),  // all but the last row
            rectangleMask(width: 30, height: 20, x0: 25, y0: 15, w: 5, h: 5)
        ]  // a corner
        for mask in cases {
            let out = try TeleaInpainter().inpaint(image, mask: mask)
            XCTAssertTrue(out.pixels.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        }
        // One known pixel is enough: the whole image takes its colour.
        var one = Mask(width: 30, height: 20, hole: true)
        one[29, 19] = false
        let out = try TeleaInpainter().inpaint(image, mask: one)
        for c in 0..<3 { XCTAssertEqual(out[3, 4, c], image[29, 19, c], accuracy: 1e-5) }
    }

    func testBadInputsThrow() {
        let image = Image(width: 10, height: 10)
        XCTAssertThrowsError(try TeleaInpainter().inpaint(image, mask: Mask(width: 9, height: 10))) { error in
            XCTAssertEqual(error as? TeleaError, .sizeMismatch(imageWidth: 10, imageHeight: 10, maskWidth: 9, maskHeight: 10))
        }
        XCTAssertThrowsError(try TeleaInpainter().inpaint(image, mask: Mask(width: 10, height: 10, hole: true))) { error in
            XCTAssertEqual(error as? TeleaError, .noKnownPixel)
        }
        XCTAssertThrowsError(try TeleaInpainter(parameters: Parameters(radius: 0.5)).inpaint(image, mask: Mask(width: 10, height: 10))) {
            error in
            XCTAssertEqual(error as? TeleaError, .badRadius(0.5))
        }
        XCTAssertEqual(try TeleaInpainter().inpaint(image, mask: Mask(width: 10, height: 10)), image)
    }

    func testTheFillFollowsAnEdgeIntoTheHole() throws {
        // A vertical edge crossing a hole: pixels far from the edge keep their side's colour.
        var image = Image(width: 40, height: 40)
        for c in 0..<3 { for y in 0..<40 { for x in 20..<40 { image[x, y, c] = 1 } } }
        let mask = rectangleMask(width: 40, height: 40, x0: 10, y0: 15, w: 20, h: 10)
        let out = try TeleaInpainter().inpaint(image, mask: mask)
        XCTAssertLessThan(out[12, 20, 0], 0.2)
        XCTAssertGreaterThan(out[27, 20, 0], 0.8)
    }
}

final class TeleaZeroOrderTests: XCTestCase {
    func testWithoutTheFirstOrderTermARampIsNotReproduced() throws {
        var image = Image(width: 40, height: 40)
        for c in 0..<3 { for y in 0..<40 { for x in 0..<40 { image[x, y, c] = 0.1 + 0.012 * Float(x) } } }
        var mask = Mask(width: 40, height: 40)
        mask.fillRectangle(x0: 15, y0: 16, width: 9, height: 7)
        let first = try TeleaInpainter().inpaint(image, mask: mask)
        let zero = try TeleaInpainter(parameters: Parameters(firstOrder: false)).inpaint(image, mask: mask)
        let error = { (out: Image) in zip(out.pixels, image.pixels).map { abs($0 - $1) }.max()! }
        XCTAssertGreaterThan(error(zero), 2 * error(first), "the first-order term should matter on a ramp")
        // Zero order is a weighted mean of values: it never leaves the range of the known pixels.
        XCTAssertTrue(zero.pixels.allSatisfy { $0 >= 0.1 - 1e-6 && $0 <= 0.1 + 0.012 * 39 + 1e-6 })
    }
}
