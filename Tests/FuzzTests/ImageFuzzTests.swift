import Foundation
import XCTest
@testable import ImageCore
import NeuralEngine

/// Mutants of PNG, JPEG and NPY files are rejected with the reader's own errors, or decode to images whose
/// samples lie in [0, 1] and whose size is within ImageLimits.
final class ImageFuzzTests: XCTestCase {
    static func sample(width: Int, height: Int, seed: UInt64) -> Image {
        var rng = SplitMix64(seed: seed)
        var image = Image(width: width, height: height)
        for i in image.pixels.indices { image.pixels[i] = rng.unitFloat() }
        return image
    }

    static func checkDecoded(_ image: Image) {
        XCTAssertLessThanOrEqual(image.width * image.height, ImageLimits.maxPixels)
        XCTAssertTrue(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    func testPNGsAndMasks() throws {
        let rgb = Self.sample(width: 13, height: 9, seed: 1)
        var grey = Image(width: 7, height: 5, channels: 1)
        for i in grey.pixels.indices { grey.pixels[i] = Float(i % 3) / 2 }
        let seeds = [try ImageFile.pngData(rgb), try ImageFile.pngData(grey)].map { [UInt8]($0) }
        Fuzz.run(
            "png", seeds: seeds, iterations: Fuzz.iterations(default: 400), mutate: { $0.mutatePNG($1) },
            expected: { $0 is ImageCoreError }
        ) {
            Self.checkDecoded(try ImageFile.read(data: Data($0)).image)
            _ = try Mask.read(data: Data($0))
        }
    }

    func testJPEGs() throws {
        let seeds = [
            try JPEGCodec.encode(Self.sample(width: 16, height: 11, seed: 2), quality: 75),
            try JPEGCodec.encode(Self.sample(width: 9, height: 8, seed: 3), quality: 90, grey: true)
        ].map { [UInt8]($0) }
        Fuzz.run("jpeg", seeds: seeds, iterations: Fuzz.iterations(default: 400), expected: { $0 is ImageCoreError }) {
            Self.checkDecoded(try ImageFile.read(data: Data($0)).image)
        }
    }

    func testNPYFiles() throws {
        func npy(_ descr: String, shape: String, payload: [UInt8], major: UInt8 = 1) -> [UInt8] {
            var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
            let prefix = major == 1 ? 10 : 12
            header += String(repeating: " ", count: (64 - (prefix + header.utf8.count + 1) % 64) % 64) + "\n"
            let n = header.utf8.count
            let length: [UInt8] = major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
            return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + Array(header.utf8) + payload
        }
        var f64: [UInt8] = []
        for v in [1.5, -2.0, 0.25] { withUnsafeBytes(of: v.bitPattern.littleEndian) { f64 += $0 } }
        let seeds = [
            npy("<f4", shape: "(2, 3)", payload: floatBytes([1, 2, 3, 4, 5, 6])),
            npy("|u1", shape: "(4,)", payload: [0, 7, 128, 255]),
            npy("<f8", shape: "(3,)", payload: f64, major: 2)
        ]
        Fuzz.run("npy", seeds: seeds, iterations: Fuzz.iterations(default: 400), expected: { $0 is NPYError }) {
            let t = try NPY.decode($0)
            XCTAssertEqual(t.data.count, t.shape.reduce(1, *))
        }
    }
}
