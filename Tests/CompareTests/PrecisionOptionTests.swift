import ArgumentParser
import Foundation
import XCTest
@testable import Compare
import NeuralEngine

/// `--precision` on the commands that run the networks (docs/bf16.md).
final class PrecisionOptionTests: XCTestCase {
    func testEveryNetworkCommandTakesPrecisionAndRejectsOthers() throws {
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["iizuka", "a.png", "m.png", "-o", "o.png"]) as? IizukaCommand).precision
                .requested, .f32)
        XCTAssertEqual(
            try XCTUnwrap(
                try CompareCommand.parseAsRoot(["iizuka", "a.png", "m.png", "-o", "o.png", "--precision", "bf16"])
                    as? IizukaCommand
            ).precision.requested, .bf16)
        XCTAssertNil(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["train", "--data", "d", "--out", "o"]) as? TrainCommand).precision.requested)
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["--iizuka-precision", "bf16"]) as? RunCommand)
                .methodOptions.iizukaPrecision, .bf16)
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "iizuka", "--precision", "bf16"]) as? BenchIizukaCommand).precision
                .requested, .bf16)
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "train", "--precision", "f32"]) as? BenchTrainCommand).precision
                .requested, .f32)
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "engine", "--precision", "bf16"]) as? BenchEngineCommand).precision
                .requested, .bf16)
        assertRejected(
            try CompareCommand.parseAsRoot(["iizuka", "a.png", "m.png", "-o", "o.png", "--precision", "f16"]), mentioning: "--precision")
        assertRejected(
            try CompareCommand.parseAsRoot(["train", "--data", "d", "--out", "o", "--precision", "fp8"]), mentioning: "--precision")
        for help in [CompareCommand.helpMessage(for: TrainCommand.self), CompareCommand.helpMessage(for: IizukaCommand.self)] {
            XCTAssertTrue(help.contains("--precision") && help.contains("AVX512_BF16"), help)
        }
        XCTAssertTrue(CompareCommand.helpMessage(for: RunCommand.self).contains("--iizuka-precision"))
    }

    func testResolvedPrecisionFallsBackOnlyWithoutBF16() {
        XCTAssertEqual(resolvedPrecision(.f32, training: true), .f32)
        XCTAssertEqual(resolvedPrecision(nil, training: false), .f32)
        XCTAssertEqual(resolvedPrecision(.bf16, training: false), ComputePrecision.bf16Available ? .bf16 : .f32)
        XCTAssertEqual(resolvedPrecision(nil, training: true), ComputePrecision.bf16Available ? .bf16 : .f32)
    }

    func testPyTorchReferenceIsReadOrClearlyRejected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pytorch-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json"), bad = dir.appendingPathComponent("bad.json")
        try Data(
            """
            {"torch_version": "2.15.0", "threads": 2, "inference": [{"batch": 1, "side": 160, "f32": {"median_s": 0.08, "best_s": 0.07},
             "bf16": {"median_s": 0.05}}], "training": [{"phase": 1, "batch": 16, "size": 160, "local_size": 96, "bf16": {"median_s": 2.1}}]}
            """.utf8
        ).write(to: good)
        try Data("{\"threads\": 2}".utf8).write(to: bad)
        let r = try PyTorchReference.load(good.path)
        XCTAssertEqual(r.inference(batch: 1, side: 160)?.f32?.medianSeconds, 0.08)
        XCTAssertNil(r.inference(batch: 16, side: 160))
        XCTAssertEqual(r.training(phase: 1, batch: 16, size: 160, localSize: 96)?.bf16?.medianSeconds, 2.1)
        XCTAssertEqual(speedRatio(pytorch: 0.08, ours: 0.04), "2.00×")
        XCTAssertEqual(speedRatio(pytorch: nil, ours: 0.04), "–")
        XCTAssertThrowsError(try PyTorchReference.load(bad.path)) { XCTAssertTrue("\($0)".contains("bad.json")) }
        assertRejected(try PyTorchReference.load(dir.appendingPathComponent("missing.json").path), mentioning: "missing.json: cannot read")
    }
}
