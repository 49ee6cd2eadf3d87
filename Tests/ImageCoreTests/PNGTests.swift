import Foundation
import XCTest
@testable import ImageCore

final class PNGTests: XCTestCase {
    func testRGB8RoundTripIsExact() throws {
        var rng = SplitMix64(seed: 7)
        var image = Image(width: 5, height: 3)
        for i in image.pixels.indices { image.pixels[i] = Float(rng.int(in: 0...255)) / 255 }
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.png")
        try ImageFile.writePNG(image, to: url)
        let loaded = try ImageFile.read(url)
        XCTAssertEqual(loaded.format, .png)
        XCTAssertEqual(loaded.image, image)
        XCTAssertFalse(loaded.droppedAlpha)
        XCTAssertTrue(loaded.notes.isEmpty, "\(loaded.notes)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(leftovers, ["a.png"], "the atomic write must leave no temporary file")
    }

    func testWriteQuantisesWithRounding() throws {
        let image = Image(
            width: 4, height: 1, channels: 3,
            pixels: [-0.2, 0.5 / 255, 1.49 / 255, 1.2] + [Float](repeating: 0.5, count: 8))
        let loaded = try ImageFile.read(data: ImageFile.pngData(image))
        let red = (0..<4).map { loaded.image[$0, 0, 0] * 255 }
        XCTAssertEqual(red, [0, 1, 1, 255])
        XCTAssertEqual(loaded.image[0, 0, 1] * 255, 128)
        XCTAssertEqual(Image.quantise(.nan), 0)
    }

    func testInterleavedBytesRoundTrip() {
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6]
        let image = Image(interleavedBytes: bytes, width: 2, height: 1)
        XCTAssertEqual(image.pixels.map { $0 * 255 }, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(image.interleavedBytes(), bytes)
        XCTAssertEqual(image.quantised8(), image)
    }

    func testGrey8BecomesRGB() throws {
        let data = TestPNGBuilder.png(width: 3, height: 1, bitDepth: 8, colourType: 0, rows: [[0, 17, 255]])
        let loaded = try ImageFile.read(data: data)
        for c in 0..<3 {
            XCTAssertEqual((0..<3).map { loaded.image[$0, 0, c] }, [0, 17 / 255, 1])
        }
        XCTAssertTrue(loaded.notes.contains { $0.contains("grey") })
    }

    func testGrey1BitExpandsToFullRange() throws {
        let data = TestPNGBuilder.png(width: 4, height: 1, bitDepth: 1, colourType: 0, rows: [[0b1010_0000]])
        let image = try ImageFile.read(data: data).image
        XCTAssertEqual((0..<4).map { image[$0, 0, 1] }, [1, 0, 1, 0])
    }

    func testRGB16MapsLinearly() throws {
        let values: [UInt16] = [0, 1, 32768, 65535, 1000, 40000]
        let row = values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let data = TestPNGBuilder.png(width: 2, height: 1, bitDepth: 16, colourType: 2, rows: [row])
        let loaded = try ImageFile.read(data: data)
        let image = loaded.image
        let read = [image[0, 0, 0], image[0, 0, 1], image[0, 0, 2], image[1, 0, 0], image[1, 0, 1], image[1, 0, 2]]
        XCTAssertEqual(read, values.map { Float($0) / 65535 })
        XCTAssertTrue(loaded.notes.contains { $0.contains("16-bit") })
    }

    func testGreyAlpha16DropsAlpha() throws {
        let row: [UInt8] = [0x12, 0x34, 0x00, 0x00]
        let data = TestPNGBuilder.png(width: 1, height: 1, bitDepth: 16, colourType: 4, rows: [row])
        let loaded = try ImageFile.read(data: data)
        XCTAssertTrue(loaded.droppedAlpha)
        XCTAssertEqual(loaded.image.pixels, [Float](repeating: Float(0x1234) / 65535, count: 3))
    }

    func testRGBAKeepsColoursAndDropsAlpha() throws {
        let row: [UInt8] = [10, 20, 30, 0, 200, 100, 50, 128]
        let data = TestPNGBuilder.png(width: 2, height: 1, bitDepth: 8, colourType: 6, rows: [row])
        let loaded = try ImageFile.read(data: data)
        XCTAssertTrue(loaded.droppedAlpha)
        XCTAssertTrue(loaded.notes.contains { $0.contains("alpha") })
        XCTAssertEqual(loaded.image.pixels.map { $0 * 255 }, [10, 200, 20, 100, 30, 50])
    }

    func testPaletteWithTransparency() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 0, 255]
        let data = TestPNGBuilder.png(
            width: 3, height: 1, bitDepth: 8, colourType: 3, rows: [[1, 0, 1]],
            palette: palette, transparency: [0])
        let loaded = try ImageFile.read(data: data)
        XCTAssertTrue(loaded.droppedAlpha)
        XCTAssertEqual(loaded.image.pixels, [0, 1, 0, 0, 0, 0, 1, 0, 1])
    }

    func testCorruptAndTruncatedFilesThrow() throws {
        let good = TestPNGBuilder.png(
            width: 8, height: 8, bitDepth: 8, colourType: 2,
            rows: [[UInt8]](repeating: [UInt8](repeating: 9, count: 24), count: 8))
        XCTAssertNoThrow(try ImageFile.read(data: good))
        for length in [4, 8, 20, 40, good.count - 20, good.count - 1] {
            assertCorrupt(good.prefix(length), "truncated to \(length) bytes")
        }
        var flipped = good
        flipped[50] ^= 0xFF
        assertCorrupt(flipped, "a flipped byte in IDAT")
        var badHeader = good
        badHeader[16] = 0x7F
        // An absurd width is refused from the header, before libpng reads (or checks) anything.
        XCTAssertThrowsError(try ImageFile.read(data: badHeader)) { error in
            XCTAssertEqual(error as? ImageCoreError, .imageTooLarge(path: "<memory>", width: 0x7F00_0008, height: 8))
        }
        XCTAssertThrowsError(try ImageFile.read(data: Data("hello".utf8))) { error in
            guard case ImageCoreError.unknownFormat = error else { return XCTFail("\(error)") }
        }
    }

    func testMissingFileThrowsClearError() {
        XCTAssertThrowsError(try ImageFile.read(URL(fileURLWithPath: "/nonexistent/x.png"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/x.png"), "\(error)")
        }
    }

    func testMaskWriteReadRoundTrip() throws {
        var mask = Mask(width: 6, height: 4)
        mask.fillRectangle(x0: 1, y0: 1, width: 3, height: 2)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("sub/m.png")
        try ImageFile.writeMask(mask, to: url)
        XCTAssertEqual(try Mask.read(url), mask)
    }

    private func assertCorrupt(_ data: Data, _ what: String, line: UInt = #line) {
        XCTAssertThrowsError(try ImageFile.read(data: Data(data)), what, line: line) { error in
            guard case ImageCoreError.corruptFile = error else { return XCTFail("\(what): \(error)", line: line) }
        }
    }
}
