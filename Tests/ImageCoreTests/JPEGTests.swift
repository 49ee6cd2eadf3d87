import Foundation
import XCTest
@testable import ImageCore

final class JPEGTests: XCTestCase {
    private func smoothImage(width: Int, height: Int) -> Image {
        var image = Image(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[x, y, 0] = Float(x) / Float(width)
                image[x, y, 1] = Float(y) / Float(height)
                image[x, y, 2] = 0.5
            }
        }
        return image
    }

    func testInMemoryJPEGRoundTripIsClose() throws {
        let image = smoothImage(width: 24, height: 16)
        let data = try JPEGCodec.encode(image, quality: 98)
        let loaded = try ImageFile.read(data: data)
        XCTAssertEqual(loaded.format, .jpeg)
        XCTAssertEqual([loaded.image.width, loaded.image.height], [24, 16])
        let worst = zip(loaded.image.pixels, image.pixels).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 6 / 255, "largest difference \(worst * 255) levels")
        XCTAssertTrue(loaded.notes.isEmpty, "\(loaded.notes)")
    }

    func testGreyJPEGIsReplicatedWithANote() throws {
        let loaded = try ImageFile.read(data: JPEGCodec.encode(smoothImage(width: 16, height: 8), quality: 95, grey: true))
        let n = loaded.image.planeSize
        XCTAssertEqual(Array(loaded.image.pixels[0..<n]), Array(loaded.image.pixels[2 * n..<3 * n]))
        XCTAssertTrue(loaded.notes.contains { $0.contains("grey") }, "\(loaded.notes)")
    }

    func testFormatIsDetectedFromBytesNotExtension() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("looks-like.png")
        try JPEGCodec.encode(smoothImage(width: 8, height: 8), quality: 90).write(to: url)
        XCTAssertEqual(try ImageFile.read(url).format, .jpeg)
    }

    func testTruncatedAndCorruptJPEGThrow() throws {
        let data = try JPEGCodec.encode(smoothImage(width: 64, height: 48), quality: 90)
        for length in [2, 3, 100, data.count / 2, data.count - 2] {
            XCTAssertThrowsError(try ImageFile.read(data: data.prefix(length)), "truncated to \(length)") { error in
                guard case ImageCoreError.corruptFile = error else { return XCTFail("\(length): \(error)") }
            }
        }
        var garbage = Data(data.prefix(3))
        garbage.append(Data(repeating: 0x55, count: 500))
        XCTAssertThrowsError(try ImageFile.read(data: garbage)) { error in
            guard case ImageCoreError.corruptFile = error else { return XCTFail("\(error)") }
        }
    }

    func testReadsSampleRocket() throws {
        let url = CelebACropTests.shared.appendingPathComponent("samples-source/rocket.jpg")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/samples-source/rocket.jpg absent: skipping the sample JPEG test")
        }
        let loaded = try ImageFile.read(url)
        XCTAssertEqual(loaded.format, .jpeg)
        XCTAssertGreaterThan(loaded.image.width, 100)
        let (lo, hi) = (loaded.image.pixels.min()!, loaded.image.pixels.max()!)
        XCTAssertTrue(lo >= 0 && hi <= 1 && hi - lo > 0.5, "range \(lo)...\(hi)")
    }
}
