import Foundation
import XCTest
import ImageCore
import DeepInpaint
@testable import Compare

/// `compare train` in-process: argument checks, a clear failure on bad data, a tiny run.
final class TrainCommandTests: XCTestCase {
    func testBadArgumentsAreRejected() {
        let base = ["--data", "d", "--out", "o"]
        for (option, value) in [
            ("--phase-steps", "10,20"), ("--discriminators", "neither"), ("--size", "100"),
            ("--local-size", "192"), ("--batch", "1"), ("--discriminator-width", "0"), ("--learning-rate", "0"),
            ("--learning-rate", "nan")
        ] {
            assertRejected(try TrainCommand.parseAsRoot(base + [option, value]), mentioning: option, "\(option) \(value):")
        }
        assertRejected(try TrainCommand.parseAsRoot(["--out", "o"]), mentioning: "--data")
        XCTAssertNoThrow(try TrainCommand.parseAsRoot(base))
        XCTAssertTrue(TrainCommand.helpMessage().contains("--resume"))
    }

    func testLearningRateAndFlipReachTheParameters() throws {
        let base = ["--data", "d", "--out", "o"]
        let defaults = try XCTUnwrap(TrainCommand.parseAsRoot(base) as? TrainCommand).parameters()
        XCTAssertEqual(defaults.adadelta.learningRate, 1)
        XCTAssertFalse(defaults.horizontalFlip)
        let set = try XCTUnwrap(TrainCommand.parseAsRoot(base + ["--learning-rate", "0.1", "--flip"]) as? TrainCommand)
        XCTAssertEqual(try set.parameters().adadelta.learningRate, 0.1)
        XCTAssertTrue(try set.parameters().horizontalFlip)
        // Over a recorded run's settings: given options replace them, absent ones keep them.
        var recorded = TrainingParameters()
        recorded.horizontalFlip = true
        recorded.adadelta.learningRate = 0.5
        let off = try XCTUnwrap(TrainCommand.parseAsRoot(base + ["--no-flip"]) as? TrainCommand)
        XCTAssertFalse(try off.parameters(base: recorded).horizontalFlip)
        XCTAssertEqual(try off.parameters(base: recorded).adadelta.learningRate, 0.5)
    }

    func testEmptyFolderFailsAndATinyRunWritesItsFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("train-cli-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data"), run = dir.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let args = [
            "--data", data.path, "--out", run.path, "--phase-steps", "2,0,0", "--batch", "2", "--size", "32",
            "--local-size", "32", "--width", "0.25", "--discriminator-width", "0.25", "--checkpoint-every", "2"
        ]
        let empty = try TrainCommand.parseAsRoot(args) as! TrainCommand
        assertExitsWithFailure(try empty.run())
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.path), "nothing is written when the data is bad")
        for i in 0..<2 {
            try ImageFile.writePNG(Image(width: 32, height: 40, value: Float(i) * 0.5 + 0.2), to: data.appendingPathComponent("\(i).png"))
        }
        let tiny = try TrainCommand.parseAsRoot(args) as! TrainCommand
        try tiny.run()
        for name in ["checkpoint.safetensors", "cn.safetensors", "losses.csv", "grids/step-0000002.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent(name).path), name)
        }
        let again = try TrainCommand.parseAsRoot(args) as! TrainCommand
        assertExitsWithFailure(try again.run(), "a second run into the same folder without --resume must fail")

        // --resume takes the run's settings; only what is given again must agree (and may extend the schedule).
        let resumed =
            try TrainCommand.parseAsRoot(["--data", data.path, "--out", run.path, "--resume", "--phase-steps", "3,0,0"]) as! TrainCommand
        XCTAssertEqual(try resumed.parameters(base: XCTUnwrap(resumed.recordedParameters())).width, 0.25)
        try resumed.run()
        let state = try XCTUnwrap(try Trainer.checkpointState(in: run)).state
        XCTAssertEqual(state.step, 3)
        XCTAssertEqual([state.parameters.batchSize, state.parameters.size, state.parameters.localSize], [2, 32, 32])
        XCTAssertEqual(state.parameters.phaseSteps, [3, 0, 0])
        let wider =
            try TrainCommand.parseAsRoot(["--data", data.path, "--out", run.path, "--resume", "--phase-steps", "4,0,0", "--width", "0.5"])
            as! TrainCommand
        assertExitsWithFailure(try wider.run(), "another width on resume must fail")
        XCTAssertEqual(try XCTUnwrap(try Trainer.checkpointState(in: run)).state.step, 3)
    }
}
