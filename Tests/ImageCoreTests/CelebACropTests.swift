import Foundation
import SharedFixtures
import XCTest
@testable import ImageCore
import NeuralEngine

final class CelebACropTests: XCTestCase {
    static let shared = SharedFixtures.root

    func testCropSizes() {
        XCTAssertTrue(Image.shortSideResize(width: 178, height: 218, shortSide: 160) == (160, 195))
        XCTAssertTrue(Image.shortSideResize(width: 218, height: 178, shortSide: 160) == (195, 160))
        XCTAssertTrue(Image.shortSideResize(width: 178, height: 218, shortSide: 160, rounding: .round) == (160, 196))
        let image = Image(width: 178, height: 218, value: 0.5)
        XCTAssertEqual(image.maximumCropOffset(), 35)
        let crop = image.canonicalCrop()
        XCTAssertEqual([crop.width, crop.height], [160, 160])
        XCTAssertEqual([image.canonicalCrop(offset: 0).height, image.canonicalCrop(offset: 35).height], [160, 160])
    }

    func testCentreOffsetRoundsHalfToEvenLikeTorchvision() {
        // 178×218 → 160×195: (195 − 160) / 2 = 17.5 → 18 (Python round). Mark row 18 of the resized image.
        var image = Image(width: 160, height: 195)
        for x in 0..<160 { image[x, 18, 0] = 1 }
        let crop = image.canonicalCrop()
        XCTAssertEqual(crop[5, 0, 0], 1)
        XCTAssertEqual(image.canonicalCrop(offset: 17)[5, 1, 0], 1)
    }

    func testCroppedPicksTheRectangle() {
        var image = Image(width: 4, height: 3, channels: 2)
        for i in image.pixels.indices { image.pixels[i] = Float(i) }
        let crop = image.cropped(x: 1, y: 1, width: 2, height: 2)
        XCTAssertEqual(crop.pixels, [5, 6, 9, 10, 17, 18, 21, 22])
    }

    /// The 24 CelebA crops that PIL made for the FID reference (long side rounded to 196): JPEG decode +
    /// resize + crop must give the same bytes.
    func testMatchesPILCropsOfCelebA() throws {
        let reference = Self.shared.appendingPathComponent("reference/fid")
        let golden = reference.appendingPathComponent("fid_golden.json")
        guard FileManager.default.fileExists(atPath: golden.path) else {
            throw XCTSkip("../shared/reference/fid absent: skipping the CelebA crop golden test")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: golden)) as! [String: Any]
        let files = json["files"] as! [String]
        let expected = try NPY.read(reference.appendingPathComponent("fid_images_a_u8.npy").path).data.map { UInt8($0) }
        XCTAssertEqual(expected.count, files.count * 160 * 160 * 3)
        var worst = 0, mismatches = 0
        for (n, file) in files.enumerated() {
            let url = Self.shared.appendingPathComponent("data/celeba/img/\(file)")
            let crop = try ImageFile.read(url).image.canonicalCrop(rounding: .round)
            let bytes = crop.interleavedBytes()
            for i in bytes.indices {
                let d = abs(Int(bytes[i]) - Int(expected[n * bytes.count + i]))
                worst = max(worst, d)
                if d != 0 { mismatches += 1 }
            }
        }
        XCTAssertEqual(worst, 0, "largest byte difference \(worst), \(mismatches) differing samples")
    }
}
