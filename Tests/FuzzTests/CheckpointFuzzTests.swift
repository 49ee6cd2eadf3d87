import Foundation
import XCTest
import ImageCore
@testable import NeuralEngine
@testable import DeepInpaint

/// Mutants of safetensors files, torch.save checkpoints (zip and legacy), pickles and TorchScript archives
/// are rejected with the reader's own errors, or read into tensors whose shapes match their data.
final class CheckpointFuzzTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Fuzz.temporaryFolder("checkpoint") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    static func isCheckpointError(_ error: Error) -> Bool {
        error is CheckpointError || error is PickleError || error is DeepInpaintError
    }

    /// Writes `bytes` to a file in the test's folder and returns its path.
    func file(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func checkTensors(_ dict: StateDict) {
        for key in dict.keys {
            let t = dict[key]!
            XCTAssertEqual(t.data.count, t.shape.reduce(1, *), key)
        }
    }

    func testSafeTensors() throws {
        var dict = StateDict()
        var rng = SplitMix64(seed: 3)
        dict["w"] = Tensor(shape: [2, 3], data: (0..<6).map { _ in rng.unitFloat() })
        dict["b"] = Tensor(shape: [3], data: [1, 2, 3])
        dict["n"] = Tensor(shape: [], data: [7])
        dict.integerKeys.insert("n")
        let seeds = [
            SafeTensors.encode(Checkpoint(tensors: dict, metadata: ["step": "12", "width_multiplier": "0.25"])),
            SafeTensors.encode(Checkpoint(tensors: dict), storage: .f16)
        ].map { [UInt8]($0) }
        let tally = Fuzz.run(
            "safetensors", seeds: seeds, iterations: Fuzz.iterations(default: 400),
            mutate: Fuzz.mutateSafeTensorsHeader, expected: Self.isCheckpointError
        ) {
            Self.checkTensors(try SafeTensors.decode(Data($0)).tensors)
        }
        if tally.executions >= 100 {
            XCTAssertGreaterThan(tally.rejected, tally.executions / 2, "most mutants of a safetensors file must be rejected")
        }
    }

    func testTorchZipCheckpoints() throws {
        let seed = CheckpointSeeds.torchZip()
        let expected = try Checkpoint.load(path: try file(seed, "seed.pt")).tensors
        XCTAssertEqual(expected["a.bias"]?.data, [-0.5, 0.5, 1.5], "the strided view of the seed")
        XCTAssertEqual(expected["b"]?.data, [0.5, 2, -0.5, 3], "the transposed view of the seed")
        Fuzz.run(
            "torch-zip", seeds: [seed], iterations: Fuzz.iterations(default: 400), mutate: { $0.mutatePickleInts($1) },
            expected: Self.isCheckpointError
        ) {
            Self.checkTensors(try Checkpoint.load(path: try self.file($0, "zip.pt")).tensors)
        }
    }

    func testLegacyCheckpoints() throws {
        let seed = CheckpointSeeds.torchLegacy()
        let zip = try Checkpoint.load(path: try file(CheckpointSeeds.torchZip(), "seed.pt")).tensors
        XCTAssertEqual(try Checkpoint.load(path: try file(seed, "legacy.pt")).tensors, zip)
        Fuzz.run(
            "torch-legacy", seeds: [seed], iterations: Fuzz.iterations(default: 400), mutate: { $0.mutatePickleInts($1) },
            expected: Self.isCheckpointError
        ) {
            Self.checkTensors(try Checkpoint.load(path: try self.file($0, "legacy.pt")).tensors)
        }
    }

    func testPickles() throws {
        let unpickler = Unpickler(
            allowedGlobals: TorchCheckpoint.allowedGlobals,
            persistentLoad: { pid in pid })
        Fuzz.run(
            "pickle", seeds: [CheckpointSeeds.stateDictPickle()], iterations: Fuzz.iterations(default: 600),
            expected: { $0 is PickleError }
        ) {
            _ = try unpickler.load($0).description
        }
    }

    func testTorchScriptArchives() throws {
        let seed = CheckpointSeeds.tinyTorchScript()
        let root = try TorchScriptArchive.load(path: try file(seed, "seed.pt"))
        XCTAssertEqual(root.child("net")?.child("layers")?.child("conv")?.tensors["weight"]?.shape, [4, 3, 3, 3])
        Fuzz.run(
            "torchscript", seeds: [seed], iterations: Fuzz.iterations(default: 400), mutate: { $0.mutatePickleInts($1) },
            expected: Self.isCheckpointError
        ) {
            _ = try TorchScriptArchive.load(path: try self.file($0, "ts.pt"))
        }
    }

    func testCompletionNetworkFiles() throws {
        var rng = SplitMix64(seed: 9)
        let network = CompletionNetwork(widthMultiplier: 0.0625)
        network.resetParameters(using: &rng)
        let path = folder.appendingPathComponent("seed.safetensors").path
        try CompletionModelFile.save(network, meanPixelValue: nil, to: path, storage: .f16)
        let seed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        Fuzz.run(
            "completion-network", seeds: [seed], iterations: Fuzz.iterations(default: 150),
            mutate: Fuzz.mutateSafeTensorsHeader, expected: Self.isCheckpointError
        ) {
            let loaded = try CompletionModelFile.load(path: try self.file($0, "net.safetensors"))
            XCTAssertLessThanOrEqual(loaded.network.widthMultiplier, CompletionModelFile.maxWidthMultiplier)
        }
    }
}
