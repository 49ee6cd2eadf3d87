import Foundation
import XCTest
@testable import ImageCore

/// Damaged files must throw or decode, never crash (libpng's longjmp and libjpeg's errors are caught).
final class DecoderFuzzTests: XCTestCase {
    private func sample() -> Image {
        var rng = SplitMix64(seed: 21)
        var image = Image(width: 19, height: 13)
        for i in image.pixels.indices { image.pixels[i] = rng.unitFloat() }
        return image
    }

    private func mutate(_ data: Data, rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](data)
        switch rng.int(in: 0...2) {
        case 0:
            for _ in 0..<rng.int(in: 1...4) { bytes[rng.int(in: 0...bytes.count - 1)] = UInt8(rng.int(in: 0...255)) }
        case 1:
            bytes = Array(bytes.prefix(rng.int(in: 1...bytes.count - 1)))
        default:
            let at = rng.int(in: 0...bytes.count - 1)
            bytes.removeSubrange(at..<min(bytes.count, at + rng.int(in: 1...16)))
        }
        return Data(bytes)
    }

    func testMutatedPNGsAndJPEGsNeverCrash() throws {
        let png = try ImageFile.pngData(sample())
        let jpeg = try JPEGCodec.encode(sample(), quality: 80)
        var rng = SplitMix64(seed: 5)
        var thrown = 0
        for round in 0..<300 {
            let damaged = mutate(round % 2 == 0 ? png : jpeg, rng: &rng)
            do {
                let image = try ImageFile.read(data: damaged).image
                XCTAssertTrue(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
            } catch {
                XCTAssertTrue(error is ImageCoreError, "\(error)")
                thrown += 1
            }
            _ = try? Mask.read(data: damaged)
        }
        XCTAssertGreaterThan(thrown, 100, "most damaged files must be rejected")
    }
}
