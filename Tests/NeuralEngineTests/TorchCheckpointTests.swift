import Foundation
import SharedFixtures
import XCTest
import ZIPFoundation
@testable import NeuralEngine

final class TorchCheckpointTests: XCTestCase {
    private let reference = SharedFixtures.url("reference/glcic")

    private func referencePath(_ name: String) throws -> String {
        let path = reference.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("../shared/reference/glcic/\(name) absent: skipping the PyTorch checkpoint test")
        }
        return path
    }

    private func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("torch-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func testZipAndLegacyCheckpointsGiveTheSameTensors() throws {
        let zipPath = try referencePath("cn_perturbed.pt"), legacyPath = try referencePath("cn_perturbed_legacy.pt")
        XCTAssertEqual(try Checkpoint.detectFormat(path: zipPath), .torchZip)
        XCTAssertEqual(try Checkpoint.detectFormat(path: legacyPath), .torchLegacy)
        let zip = try Checkpoint.load(path: zipPath).tensors
        let legacy = try Checkpoint.load(path: legacyPath).tensors
        XCTAssertEqual(zip.count, 114)
        XCTAssertEqual(zip.keys, legacy.keys)
        for key in zip.keys { XCTAssertEqual(zip[key], legacy[key], key) }
        XCTAssertEqual(zip.keys.first, "conv1.weight")
        XCTAssertEqual(zip["conv1.weight"]?.shape, [64, 4, 5, 5])
        XCTAssertEqual(zip["deconv13.weight"]?.shape, [256, 128, 4, 4])
        XCTAssertEqual(zip["bn1.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(zip["bn1.num_batches_tracked"]?.data, [1234])
        XCTAssertTrue(zip.integerKeys.contains("bn16.num_batches_tracked"))
        let parameters = zip.keys.filter { !$0.contains("running_") && !$0.contains("num_batches") }
            .reduce(0) { $0 + zip[$1]!.count }
        XCTAssertEqual(parameters, 6_072_131)
    }

    func testTruncatedCheckpointsAreErrors() throws {
        for name in ["cn_perturbed.pt", "cn_perturbed_legacy.pt"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: try referencePath(name)))
            for keep in [10, 200, 5000, bytes.count / 2, bytes.count - 100] {
                let path = temporaryPath("cut-\(keep)-\(name)")
                try bytes.prefix(keep).write(to: URL(fileURLWithPath: path))
                XCTAssertThrowsError(try Checkpoint.load(path: path), "\(name) cut at \(keep)") { error in
                    XCTAssertTrue(error is CheckpointError, "\(error)")
                }
            }
        }
    }

    /// A legacy file whose state_dict pickle calls os.system.
    func testForbiddenGlobalInLegacyFileIsRefusedByName() throws {
        var b: [UInt8] = [
            0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E,
            0x80, 0x02, 0x4D, 0xE9, 0x03, 0x2E
        ]
        b += [0x80, 0x02, 0x7D] + binunicode("little_endian") + [0x88, 0x73, 0x2E]  // {'little_endian': True}
        b += [0x80, 0x02, 0x63] + Array("os\nsystem\n".utf8) + binunicode("echo hi") + [0x85, 0x52, 0x2E]
        let path = temporaryPath("hostile_legacy.pt")
        try Data(b).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Checkpoint.load(path: path)) { error in
            guard case CheckpointError.forbiddenGlobal("os.system") = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("os.system"))
        }
    }

    /// A zip archive whose data.pkl names builtins.eval.
    func testForbiddenGlobalInZipFileIsRefusedByName() throws {
        let pickle: [UInt8] = [0x80, 0x02, 0x63] + Array("builtins\neval\n".utf8) + binunicode("1") + [0x85, 0x52, 0x2E]
        let path = temporaryPath("hostile.pt")
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        try archive.addEntry(
            with: "hostile/data.pkl", type: .file, uncompressedSize: Int64(pickle.count),
            compressionMethod: .none
        ) { position, size in
            Data(pickle[Int(position)..<(Int(position) + size)])
        }
        XCTAssertThrowsError(try Checkpoint.load(path: path)) { error in
            guard case CheckpointError.forbiddenGlobal("builtins.eval") = error else { return XCTFail("\(error)") }
        }
    }

    func testNotACheckpointIsAnError() throws {
        let path = temporaryPath("text.pt")
        try Data("hello, this is not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Checkpoint.load(path: path)) { error in
            guard case CheckpointError.badFormat = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Checkpoint.load(path: temporaryPath("absent.pt"))) { error in
            guard case CheckpointError.unreadable = error else { return XCTFail("\(error)") }
        }
    }

    private func binunicode(_ s: String) -> [UInt8] {
        let u = Array(s.utf8)
        return [0x58, UInt8(u.count), 0, 0, 0] + u
    }
}
