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
        XCTAssertThrowsError(try NPY.decode(Array(bytes.prefix(bytes.count - 4)))) { error in
            guard case let NPYError.badFormat(_, reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("truncated"), reason)
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
