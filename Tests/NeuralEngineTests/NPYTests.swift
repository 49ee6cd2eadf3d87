import XCTest
import SharedFixtures
@testable import NeuralEngine

final class NPYTests: XCTestCase {
    func testDecodesHandMadeFloat32Array() throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 255), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for v: Float in [1, -2, 3.5, 0, 1e-3, 7] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let t = try NPY.decode(bytes)
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.data, [1, -2, 3.5, 0, 1e-3, 7])
        XCTAssertEqual([UInt8](NPY.encode(float32: t.data, shape: t.shape)), bytes, "the writer makes the same bytes")
        XCTAssertThrowsError(try NPY.decode(Array(bytes.prefix(bytes.count - 4)))) { error in
            guard case let NPYError.badFormat(_, reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("truncated"), reason)
        }
    }

    func testEncodeRoundTrips() throws {
        for shape in [[5], [0, 4], [3, 1, 2], [2, 2048]] {
            let values = (0..<shape.reduce(1, *)).map { Float($0) * 0.25 - 3 }
            let bytes = [UInt8](NPY.encode(float32: values, shape: shape))
            XCTAssertEqual((10 + Int(bytes[8]) + Int(bytes[9]) << 8) % 64, 0, "header of \(shape) padded to 64 bytes")
            let t = try NPY.decode(bytes)
            XCTAssertEqual(t.shape, shape)
            XCTAssertEqual(t.data, values)
        }
    }

    func testReadsSharedReferenceWhenPresent() throws {
        let path = SharedFixtures.url("reference/glcic/mpv.npy").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("../shared/reference/glcic absent (not a development machine): skipping the .npy check on it")
        }
        let t = try NPY.read(path)
        XCTAssertEqual(t.shape, [3])
        XCTAssertEqual(t.data[0], 0.5041828, accuracy: 1e-6)
    }
}
