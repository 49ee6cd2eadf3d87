import XCTest
import ImageCore
@testable import PatchInpaint

final class InputErrorTests: XCTestCase {
    let image = TestImages.natural(width: 30, height: 30, seed: 2)

    func assertThrows(
        _ expected: PatchInpaintError, image: Image, mask: Mask, parameters: Parameters = Parameters(),
        line: UInt = #line
    ) {
        XCTAssertThrowsError(try PatchInpainter(parameters: parameters).inpaint(image, mask: mask), line: line) { error in
            XCTAssertEqual(error as? PatchInpaintError, expected, line: line)
            XCTAssertFalse("\(error)".isEmpty)
        }
    }

    func testSizeMismatch() {
        assertThrows(
            .sizeMismatch(imageWidth: 30, imageHeight: 30, maskWidth: 31, maskHeight: 30),
            image: image, mask: TestImages.mask(width: 31, height: 30, x0: 5, y0: 5, holeWidth: 4, holeHeight: 4))
    }

    func testEmptyAndFullMasks() {
        assertThrows(.emptyMask, image: image, mask: Mask(width: 30, height: 30))
        assertThrows(.fullMask, image: image, mask: Mask(width: 30, height: 30, hole: true))
    }

    func testImageSmallerThanAPatch() {
        let small = Image(width: 6, height: 20)
        assertThrows(
            .imageSmallerThanPatch(width: 6, height: 20, patchSize: 7), image: small,
            mask: TestImages.mask(width: 6, height: 20, x0: 1, y0: 1, holeWidth: 2, holeHeight: 2))
    }

    func testEvenPatchSizeAndBadParameters() {
        let mask = TestImages.mask(width: 30, height: 30, x0: 10, y0: 10, holeWidth: 5, holeHeight: 5)
        var p = Parameters()
        p.patchSize = 6
        assertThrows(
            .invalidParameter(name: "patch size", value: "6", expected: "an odd number ≥ 3"),
            image: image, mask: mask, parameters: p)
        p = Parameters()
        p.threads = 0
        assertThrows(.invalidParameter(name: "threads", value: "0", expected: "≥ 1"), image: image, mask: mask, parameters: p)
    }

    func testNoSourcePatch() {
        assertThrows(
            .noSourcePatch(patchSize: 7), image: image,
            mask: TestImages.mask(width: 30, height: 30, x0: 3, y0: 3, holeWidth: 24, holeHeight: 24))
    }
}
