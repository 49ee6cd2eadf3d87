import Foundation
import XCTest
@testable import ImageCore
@testable import NeuralEngine
@testable import Metrics
@testable import DeepInpaint
@testable import ComparisonKit
import PatchInpaint

/// Hand-made hostile inputs of the kinds issue 12 lists, each rejected with the error that names the problem.
final class HostileInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Fuzz.temporaryFolder("hostile") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A zip checkpoint with one tensor view on a float storage of `numel` elements holding `stored` values.
    func zipCheckpoint(numel: Int, stored: Int = 4, offset: Int = 0, shape: [Int], strides: [Int]) -> [UInt8] {
        var p = PickleBuilder()
        p.global("collections", "OrderedDict")
        p.emptyTuple()
        p.reduce()
        p.mark()
        p.string("w")
        p.tensor(storage: "0", numel: numel, offset: offset, shape: shape, strides: strides)
        p.setItems()
        p.stop()
        return ZipWriter.archive([("archive/data.pkl", p.bytes), ("archive/data/0", floatBytes([Float](repeating: 1, count: stored)))])
    }

    func assertCheckpointError(_ bytes: [UInt8], contains text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(bytes, "hostile.pt")
        XCTAssertThrowsError(try Checkpoint.load(path: path), file: file, line: line) { error in
            guard case let CheckpointError.badFormat(_, reason) = error else { return XCTFail("got \(error)", file: file, line: line) }
            XCTAssertTrue(reason.contains(text), reason, file: file, line: line)
        }
    }

    func testHostileStorageViewsAreRefused() throws {
        try assertCheckpointError(zipCheckpoint(numel: 4, shape: [2, 2], strides: [1 << 62, 1]), contains: "reads past")
        try assertCheckpointError(zipCheckpoint(numel: 4, shape: [3], strides: [2]), contains: "reads past")
        try assertCheckpointError(zipCheckpoint(numel: 4, offset: 4, shape: [1], strides: [1]), contains: "reads past")
        try assertCheckpointError(zipCheckpoint(numel: 1 << 40, shape: [4], strides: [1]), contains: "claims")
        try assertCheckpointError(zipCheckpoint(numel: 4, shape: [1 << 20, 1 << 20], strides: [0, 0]), contains: "elements")
        try assertCheckpointError(zipCheckpoint(numel: 4, shape: [2, -2], strides: [1, 1]), contains: "negative")
        try assertCheckpointError(zipCheckpoint(numel: 4, shape: [2], strides: [-1]), contains: "negative")
        // A storage that claims more elements than its entry holds is truncated, not read past its end.
        let path = try write(zipCheckpoint(numel: 1000, stored: 4, shape: [1000], strides: [1]), "short.pt")
        XCTAssertThrowsError(try Checkpoint.load(path: path)) { error in
            guard case CheckpointError.truncated = error else { return XCTFail("got \(error)") }
        }
    }

    func testTensorBudgetBoundsAFilesTotal() throws {
        var budget = TensorBudget()
        try budget.spend(elements: TensorLimits.maxTotalElements / 2, key: "a", path: "f")
        try budget.spend(elements: TensorLimits.maxTotalElements / 2, key: "b", path: "f")
        XCTAssertThrowsError(try budget.spend(elements: 1, key: "c", path: "f")) { error in
            XCTAssertTrue("\(error)".contains("'c'"), "\(error)")
        }
        XCTAssertNil(TensorLimits.lastIndex(offset: 1, shape: [3, 3], strides: [Int.max / 2, 1]))
        XCTAssertEqual(TensorLimits.lastIndex(offset: 1, shape: [3, 3], strides: [3, 1]), 9)
        XCTAssertNil(TensorLimits.elementCount([Int.max, 2]))
        XCTAssertNil(TensorLimits.elementCount([Int](repeating: 1, count: TensorLimits.maxRank + 1)))
    }

    func testSharedPickleStructuresNeitherHangNorExplode() throws {
        // L(k+1) = (L(k), L(k)) for 120 levels: its full text would be 2^120 long.
        var p = PickleBuilder()
        p.emptyTuple()
        for _ in 0..<120 {
            p.bytes.append(0x32)  // DUP
            p.bytes.append(0x86)  // TUPLE2
        }
        p.stop()
        try assertCheckpointError(ZipWriter.archive([("archive/data.pkl", p.bytes)]), contains: "not a state_dict")
        // A 20,000-element list converted again by each of 20,000 calls of an allowed constructor.
        var q = PickleBuilder()
        q.mark()
        for _ in 0..<20_000 { q.bytes.append(0x4E) }  // NONE
        q.bytes.append(0x6C)  // LIST
        q.bytes += [0x71, 0x01]  // BINPUT 1
        q.bytes.append(0x30)  // POP
        for _ in 0..<20_000 {
            q.global("torch.jit._pickle", "build_intlist")
            q.bytes += [0x68, 0x01, 0x85, 0x52, 0x30]  // BINGET 1, TUPLE1, REDUCE, POP
        }
        q.bytes.append(0x4E)
        q.stop()
        XCTAssertThrowsError(try TorchScriptArchive.decode(q.bytes, path: "p")) { error in
            XCTAssertTrue("\(error)".contains("steps"), "\(error)")
        }
    }

    func testWidthMultipliersAreBounded() throws {
        let network = CompletionNetwork(widthMultiplier: 0.0625)
        let path = folder.appendingPathComponent("w.safetensors").path
        for (text, key) in [
            ("1e9", ModelMetadata.widthMultiplier), ("nan", ModelMetadata.widthMultiplier), ("-1", ModelMetadata.widthMultiplier)
        ] {
            try CompletionModelFile.save(network, meanPixelValue: nil, to: path, extraMetadata: [key: text])
            XCTAssertThrowsError(try CompletionModelFile.load(path: path), text) { error in
                guard case let DeepInpaintError.badMetadata(k, v) = error else { return XCTFail("got \(error)") }
                XCTAssertEqual([k, v], [key, text])
            }
        }
        // A multiplier that does not match conv1.weight is a shape error before any layer is allocated.
        try CompletionModelFile.save(network, meanPixelValue: nil, to: path, extraMetadata: [ModelMetadata.widthMultiplier: "2"])
        XCTAssertThrowsError(try CompletionModelFile.load(path: path)) { error in
            guard case let CheckpointError.shapeMismatch(key, expected, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(key, "conv1.weight")
            XCTAssertEqual(expected, [128, 4, 5, 5])
        }
    }

    func testHugeImageHeadersAreRefusedBeforeDecoding() throws {
        var png = [UInt8](try ImageFile.pngData(Image(width: 2, height: 2)))
        for (at, value) in [(16, 20_000), (20, 20_000)] {
            png[at..<(at + 4)] = [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)][...]
        }
        XCTAssertThrowsError(try ImageFile.read(data: Data(png))) { error in
            XCTAssertEqual(error as? ImageCoreError, .imageTooLarge(path: "<memory>", width: 20_000, height: 20_000))
        }
        XCTAssertThrowsError(try Mask.read(data: Data(png))) { error in
            XCTAssertEqual(error as? ImageCoreError, .imageTooLarge(path: "<memory>", width: 20_000, height: 20_000))
        }
        var jpeg = [UInt8](try JPEGCodec.encode(Image(width: 8, height: 8), quality: 90))
        let sof = try XCTUnwrap((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg[(sof + 5)..<(sof + 9)] = [0x4E, 0x20, 0x4E, 0x20][...]  // 20000 × 20000
        XCTAssertThrowsError(try ImageFile.read(data: Data(jpeg))) { error in
            XCTAssertEqual(error as? ImageCoreError, .imageTooLarge(path: "<memory>", width: 20_000, height: 20_000))
        }
    }

    func testDeeplyNestedJSONIsAnError() throws {
        let json = Array(String(repeating: "[", count: 100_000).utf8)
        let header = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
        XCTAssertThrowsError(try SafeTensors.decode(Data(header + json))) { error in
            guard case CheckpointError.badFormat = error else { return XCTFail("got \(error)") }
        }
        let batch = MaskedBatch(folder: folder)
        try Data(json).write(to: batch.manifestURL)
        XCTAssertThrowsError(try batch.open()) { error in
            guard case ComparisonError.batchIncomplete = error else { return XCTFail("got \(error)") }
        }
    }

    func testMethodsRefuseImagesTooLargeForMemory() throws {
        let inpainter = try Inpainter(network: CompletionNetwork(widthMultiplier: 0.0625))
        let wide = Image(width: 4100, height: 1024)
        XCTAssertThrowsError(try inpainter.complete(image: wide, mask: Mask(width: 4100, height: 1024))) { error in
            guard case DeepInpaintError.imageTooLarge(4100, 1024, 0) = error else { return XCTFail("got \(error)") }
        }
        let grey = Image(width: 16_385, height: 1024, channels: 1)
        XCTAssertThrowsError(try PatchInpainter().inpaint(grey, mask: Mask(width: 16_385, height: 1024))) { error in
            guard case PatchInpaintError.imageTooLarge(16_385, 1024) = error else { return XCTFail("got \(error)") }
        }
    }

    func testExtremeAspectRatiosAreRefusedBeforeTheCrop() throws {
        let url = folder.appendingPathComponent("thin.png")
        try ImageFile.writePNG(Image(width: 16_000, height: 1), to: url)
        XCTAssertThrowsError(try ImageIO.readCanonical(url, size: 160)) { error in
            XCTAssertEqual(error as? ImageCoreError, .imageTooLarge(path: url.path, width: 16_000, height: 1))
        }
        XCTAssertNoThrow(try ImageLimits.checkCanonicalCrop(width: 178, height: 218, size: 160, path: "celeba"))
    }

    func testNPYShapesAreBounded() {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        XCTAssertThrowsError(try NPY.decode(bytes)) { error in
            guard case let NPYError.badFormat(_, reason) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(reason.contains("elements"), reason)
        }
    }

    func assertFIDError(_ bytes: [UInt8], contains text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = URL(fileURLWithPath: try write(bytes, "fid.pt"))
        XCTAssertThrowsError(try FIDNetwork(weights: url), file: file, line: line) { error in
            guard case let MetricsError.fidWeightsInvalid(_, reason) = error else { return XCTFail("got \(error)", file: file, line: line) }
            XCTAssertTrue(reason.contains(text), reason, file: file, line: line)
        }
    }

    func testCorruptFIDArchivesAreErrorsNamingTheLayer() throws {
        XCTAssertNoThrow(try FIDNetwork(weights: URL(fileURLWithPath: try write(FIDSeed.archive(), "good.pt"))))
        try assertFIDError(CheckpointSeeds.tinyTorchScript(), contains: "no sub-module")
        try assertFIDError(
            FIDSeed.archive(change: { i, c in
                i == 7 ? FIDSeed.Conv(c.name, c.cin + 1, c.cout, c.kh, c.kw, stride: c.stride, pad: (c.ph, c.pw)) : c
            }), contains: "takes")
        try assertFIDError(
            FIDSeed.archive(change: { i, c in
                i == 0 ? FIDSeed.Conv(c.name, c.cin, c.cout, c.kh, c.kw, stride: 0, pad: (c.ph, c.pw)) : c
            }), contains: "stride")
        try assertFIDError(FIDSeed.archive(values: { $0[3] = .nan }), contains: "layers.conv_3.weight' holds nan")
        try assertFIDError(FIDSeed.archive(values: { $0[$0.count - 2] = -1 }), contains: "negative variance")
    }

    func testNonFiniteFeaturesNameTheLayer() throws {
        // Weights of 3e38 stay finite when folded but overflow in the first convolution's output on a white image.
        let url = URL(fileURLWithPath: try write(FIDSeed.archive(values: { $0[0] = 3e38 }), "overflow.pt"))
        let network = try FIDNetwork(weights: url)
        var white = Image(width: 8, height: 8)
        for i in white.pixels.indices { white.pixels[i] = 1 }
        XCTAssertThrowsError(try network.features([white])) { error in
            guard case let MetricsError.fidWeightsInvalid(_, reason) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(reason.contains("layers.conv'"), reason)
        }
        XCTAssertThrowsError(try FrechetDistance.compute(featuresA: [[0, 1], [1, .nan]], featuresB: [[0, 1], [1, 0]])) { error in
            guard case MetricsError.nonFiniteFeatures = error else { return XCTFail("got \(error)") }
        }
    }
}
