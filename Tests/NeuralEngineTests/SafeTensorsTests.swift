import Foundation
import XCTest
@testable import NeuralEngine

final class SafeTensorsTests: XCTestCase {
    private func sample() -> Checkpoint {
        var dict = StateDict()
        var rng = TestRNG(11)
        dict["conv1.weight"] = Tensor(shape: [4, 2, 3, 3], data: (0..<72).map { _ in Float.random(in: -2...2, using: &rng) })
        dict["conv1.bias"] = Tensor(shape: [4], data: [0.5, -1, 3e-8, 1e6])
        dict["bn1.num_batches_tracked"] = Tensor(shape: [], data: [1234])
        dict.integerKeys.insert("bn1.num_batches_tracked")
        dict["a \"quoted\"\\name"] = Tensor(shape: [0], data: [])
        return Checkpoint(tensors: dict, metadata: ["architecture": "glcic-completion", "mpv": "0.5,0.4,0.3", "note": "tab\there"])
    }

    private func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func testRoundTripF32IsExactAndKeepsOrderAndMetadata() throws {
        let original = sample()
        let path = temporaryPath("round.safetensors")
        try SafeTensors.write(original, to: path)
        let back = try Checkpoint.load(path: path)
        XCTAssertEqual(back.tensors.keys, original.tensors.keys)
        XCTAssertEqual(back.tensors, original.tensors)
        XCTAssertEqual(back.metadata, original.metadata)
        XCTAssertEqual(try Checkpoint.detectFormat(path: path), .safetensors)
    }

    func testHeaderLayout() throws {
        let bytes = [UInt8](SafeTensors.encode(sample()))
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual((8 + n) % 8, 0, "data buffer starts 8-byte aligned")
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as! [String: Any]
        let entry = header["bn1.num_batches_tracked"] as! [String: Any]
        XCTAssertEqual(entry["dtype"] as? String, "I64")
        XCTAssertEqual((entry["shape"] as? [Int]) ?? [9], [])
        let meta = header["__metadata__"] as! [String: String]
        XCTAssertEqual(meta["mpv"], "0.5,0.4,0.3")
        XCTAssertEqual(bytes.count - 8 - n, 72 * 4 + 4 * 4 + 8)
    }

    func testF16StorageRoundsToHalfPrecision() throws {
        let original = sample()
        let back = try SafeTensors.decode(SafeTensors.encode(original, storage: .f16))
        let a = original.tensors["conv1.weight"]!.data, b = back.tensors["conv1.weight"]!.data
        for (x, y) in zip(a, b) { XCTAssertEqual(y, x, accuracy: abs(x) * 1.0 / 1024 + 1e-7) }
        XCTAssertEqual(back.tensors["bn1.num_batches_tracked"]!.data, [1234], "integers stay I64")
        XCTAssertEqual(back.tensors["conv1.bias"]!.data[0], 0.5)
        XCTAssertEqual(back.tensors["conv1.bias"]!.data[3], .infinity, "1e6 overflows half precision")
    }

    func testHalfConversionOfKnownValues() {
        let cases: [(Float, UInt16)] = [
            (1, 0x3C00), (-2, 0xC000), (65504, 0x7BFF), (0x1p-24, 0x0001), (0x1p-14, 0x0400),
            (0, 0), (1 + 0x1p-11, 0x3C00), (1 + 3 * 0x1p-11, 0x3C02), (.infinity, 0x7C00)
        ]
        for (value, bits) in cases {
            XCTAssertEqual(value.halfBits, bits, "half of \(value)")
            XCTAssertEqual(Float(halfBits: bits), value == 1 + 0x1p-11 ? 1 : value == 1 + 3 * 0x1p-11 ? 1 + 0x1p-9 : value)
        }
        XCTAssertTrue(Float(halfBits: 0x7E00).isNaN)
    }

    func testTruncatedFileIsAnErrorNamingTheTensor() throws {
        let bytes = SafeTensors.encode(sample())
        XCTAssertThrowsError(try SafeTensors.decode(bytes.prefix(bytes.count - 3))) { error in
            guard case CheckpointError.truncated(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("tensor '"), reason)
        }
        for length in [20, 5] {
            XCTAssertThrowsError(try SafeTensors.decode(bytes.prefix(length))) { error in
                guard case CheckpointError.truncated = error else { return XCTFail("\(length) bytes: \(error)") }
            }
        }
    }

    func testMalformedHeadersAreErrors() {
        func file(_ json: String, data: Int = 0) -> Data {
            var b = [UInt8](repeating: 0, count: 8)
            let h = Array(json.utf8)
            for i in 0..<8 { b[i] = UInt8((h.count >> (8 * i)) & 0xFF) }
            return Data(b + h + [UInt8](repeating: 0, count: data))
        }
        let bad = [
            "not json",
            #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,
            #"{"x":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}"#,
            #"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
            #"{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#,
            #"{"x":{"dtype":"F32","shape":[1]}}"#,
            #"{"__metadata__":{"a":1}}"#
        ]
        for json in bad {
            XCTAssertThrowsError(try SafeTensors.decode(file(json, data: 8)), json) { error in
                switch error {
                case CheckpointError.badFormat, CheckpointError.unsupportedDType: break
                default: XCTFail("\(json): \(error)")
                }
            }
        }
        var huge = [UInt8](repeating: 0xFF, count: 16)
        huge[8] = UInt8(ascii: "{")
        XCTAssertThrowsError(try SafeTensors.decode(Data(huge))) { error in
            guard case let CheckpointError.badFormat(_, reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("header length"), reason)
        }
    }

    func testStateDictChecksShapeAndFiniteness() {
        var dict = StateDict()
        dict["w"] = Tensor(shape: [2, 2], data: [1, 2, .nan, 4])
        dict["b"] = Tensor(shape: [3], data: [1, 2, 3])
        XCTAssertThrowsError(try dict.tensor("w", shape: [2, 2])) { error in
            guard case CheckpointError.nonFinite("w", 2, _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try dict.tensor("b", shape: [4])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("'b'") && text.contains("[3]") && text.contains("[4]"), text)
        }
        XCTAssertThrowsError(try dict.tensor("c", shape: [1])) { error in
            guard case CheckpointError.missingKey("c") = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try dict.checkKeys(expected: ["w"])) { error in
            guard case CheckpointError.unexpectedKey("b") = error else { return XCTFail("\(error)") }
        }
        XCTAssertNoThrow(try dict.checkKeys(expected: ["w", "b", "n"], optional: ["n"]))
    }

    func testWriteToMissingFolderFailsWithoutLeavingAFile() {
        let path = temporaryPath("no/such/folder/x.safetensors")
        XCTAssertThrowsError(try SafeTensors.write(sample(), to: path)) { error in
            guard case CheckpointError.unwritable = error else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
