import Foundation
import SharedFixtures
import XCTest
import ImageCore
import NeuralEngine
import DeepInpaint
@testable import Compare

/// `compare iizuka` and `compare convert` in-process on the PyTorch end-to-end case.
final class IizukaCommandTests: XCTestCase {
    private let reference = SharedFixtures.url("reference/glcic")

    private func path(_ name: String) throws -> String {
        let p = reference.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: p) else {
            throw XCTSkip("../shared/reference/glcic/\(name) absent: skipping the compare iizuka run")
        }
        return p
    }

    func testConvertThenCompleteReproducesPyTorch() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iizuka-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let weights = dir.appendingPathComponent("cn.safetensors").path, out = dir.appendingPathComponent("out.png").path
        let mpv = "0.5041828048351501,0.42999871399959033,0.3891342185260874"
        var convert = try ConvertCommand.parseAsRoot([try path("cn_perturbed_legacy.pt"), weights, "--mpv", mpv])
        try convert.run()
        var iizuka = try IizukaCommand.parseAsRoot([try path("e2e/image.png"), try path("e2e/mask.png"), "-o", out, "--weights", weights])
        try iizuka.run()
        let a = try ImageFile.read(URL(fileURLWithPath: out)).image.interleavedBytes()
        let b = try ImageFile.read(URL(fileURLWithPath: try path("e2e/expected.png"))).image.interleavedBytes()
        var off = 0
        for p in 0..<(a.count / 3) where (0..<3).contains(where: { abs(Int(a[3 * p + $0]) - Int(b[3 * p + $0])) > 1 }) { off += 1 }
        XCTAssertLessThanOrEqual(Double(off) / Double(a.count / 3), 0.001, "\(off) pixels off by more than one level")
    }

    func testConvertRecognisesADiscriminator() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iizuka-cli-cd-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let input = dir.appendingPathComponent("cd.safetensors").path, output = dir.appendingPathComponent("cd-out.safetensors").path
        var dict = ContextDiscriminator(branches: .localOnly).stateDict()
        for k in dict.keys where k.hasSuffix("num_batches_tracked") { dict[k] = nil }  // as an old checkpoint
        try SafeTensors.write(Checkpoint(tensors: dict), to: input)
        var convert = try ConvertCommand.parseAsRoot([input, output])
        try convert.run()
        let written = try Checkpoint.load(path: output)
        XCTAssertEqual(written.metadata[ModelMetadata.architecture], ModelMetadata.contextDiscriminatorName)
        XCTAssertEqual(written.metadata[ModelMetadata.discriminatorBranches], "local")
        XCTAssertEqual(written.tensors["model_ld.bn5.num_batches_tracked"]?.data, [0])
        dict["model_ld.conv2.weight"] = Tensor(shape: [1])
        try SafeTensors.write(Checkpoint(tensors: dict), to: input)
        var bad = try ConvertCommand.parseAsRoot([input, dir.appendingPathComponent("bad.safetensors").path])
        XCTAssertThrowsError(try bad.run()) { error in
            guard case CheckpointError.shapeMismatch("model_ld.conv2.weight", _, [1]) = error else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.safetensors").path))
    }

    func testBadArgumentsAreRejected() throws {
        assertRejected(try IizukaCommand.parseAsRoot(["a.png", "m.png", "-o", "out.jpg", "--weights", "w"]), mentioning: "out.jpg")
        assertRejected(
            try IizukaCommand.parseAsRoot(["a.png", "m.png", "-o", "out.png", "--weights", "w", "--mpv", "1,2"]), mentioning: "1,2")
        assertRejected(
            try IizukaCommand.parseAsRoot(["a.png", "m.png", "-o", "out.png", "--weights", "w", "--blend", "alpha"]),
            mentioning: "--blend")
        assertRejected(try ConvertCommand.parseAsRoot(["a.pt", "b.bin"]), mentioning: "b.bin")
        XCTAssertTrue(IizukaCommand.helpMessage().contains("--blend"))
    }
}
