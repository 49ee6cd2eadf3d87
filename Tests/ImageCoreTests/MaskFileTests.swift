import Foundation
import XCTest
@testable import ImageCore

final class MaskFileTests: XCTestCase {
    func testAnyNonZeroGreyPixelIsAHole() throws {
        let data = TestPNGBuilder.png(width: 4, height: 1, bitDepth: 8, colourType: 0, rows: [[0, 1, 128, 255]])
        XCTAssertEqual(try Mask.read(data: data).isHole, [false, true, true, true])
        XCTAssertEqual(try Mask.read(data: data, invert: true).isHole, [true, false, false, false])
    }

    func testRGBMaskUsesLuminanceThenNonZero() throws {
        // Pure blue (0, 0, 1) has luminance 0.0722 > 0: a hole. Black is known.
        let row: [UInt8] = [0, 0, 0, 0, 0, 1, 255, 255, 255, 3, 0, 0]
        let data = TestPNGBuilder.png(width: 4, height: 1, bitDepth: 8, colourType: 2, rows: [row])
        XCTAssertEqual(try Mask.read(data: data).isHole, [false, true, true, true])
    }

    func testAlphaOfMaskIsIgnored() throws {
        let row: [UInt8] = [0, 255, 200, 0]
        let data = TestPNGBuilder.png(width: 2, height: 1, bitDepth: 8, colourType: 4, rows: [row])
        XCTAssertEqual(try Mask.read(data: data).isHole, [false, true])
    }

    func testValidationErrorsSayWhatIsWrong() {
        let image = Image(width: 8, height: 6)
        var mask = Mask(width: 8, height: 6)
        XCTAssertThrowsError(try mask.validate(against: image, path: "m.png")) { error in
            XCTAssertEqual(error as? ImageCoreError, .emptyMask(maskPath: "m.png"))
            XCTAssertTrue("\(error)".contains("--invert-mask"))
        }
        mask.fillRectangle(x0: 0, y0: 0, width: 8, height: 6)
        XCTAssertThrowsError(try mask.validate(against: image, path: "m.png")) { error in
            XCTAssertEqual(error as? ImageCoreError, .fullMask(maskPath: "m.png"))
        }
        mask.isHole[3] = false
        XCTAssertNoThrow(try mask.validate(against: image))
        XCTAssertThrowsError(try Mask(width: 6, height: 8, hole: true).validate(against: image, path: "m.png")) { error in
            let text = (error as? LocalizedError)?.errorDescription ?? ""
            XCTAssertTrue(text.contains("6x8") && text.contains("8x6"), text)
        }
    }

    func testInvertedSwapsHoles() {
        var mask = Mask(width: 3, height: 1)
        mask[1, 0] = true
        XCTAssertEqual(mask.inverted().isHole, [true, false, true])
    }
}

final class MaskGeometryTests: XCTestCase {
    func testNearestResizeKeepsBlocks() {
        var mask = Mask(width: 4, height: 2)
        mask[1, 0] = true
        mask[2, 1] = true
        let up = mask.resized(width: 8, height: 4)
        XCTAssertEqual(up.holeCount, 8)
        XCTAssertTrue(up[2, 0] && up[3, 1] && up[4, 2] && up[5, 3])
        XCTAssertEqual(up.resized(width: 4, height: 2), mask)
        // Shrinking 6 → 2 reads input pixels 1 and 4 (centres 1.5 and 4.5).
        let row = Mask(width: 6, height: 1, isHole: [false, true, false, false, true, false])
        XCTAssertEqual(row.resized(width: 2, height: 1).isHole, [true, true])
    }

    func testCropped() {
        var mask = Mask(width: 5, height: 4)
        mask[2, 2] = true
        let crop = mask.cropped(x: 1, y: 1, width: 3, height: 2)
        XCTAssertEqual(crop.isHole, [false, false, false, false, true, false])
    }
}
