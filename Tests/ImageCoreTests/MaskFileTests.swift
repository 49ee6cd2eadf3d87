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
