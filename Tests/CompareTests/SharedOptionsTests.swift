import ArgumentParser
import XCTest
@testable import Compare

/// The option groups several commands share: each option reads, parses and is checked the same everywhere.
final class SharedOptionsTests: XCTestCase {
    private let train = ["train", "--data", "d", "--out", "o"]

    /// Each command line of `commands` with `extra` appended parses; `check` sees the parsed command.
    private func parseEach(
        _ commands: [[String]], _ extra: [String],
        _ check: (ParsableCommand) throws -> Void
    ) throws {
        for command in commands { try check(try CompareCommand.parseAsRoot(command + extra)) }
    }

    private func engineThreads(_ parsed: ParsableCommand) -> EngineThreadOptions? {
        (parsed as? TrainCommand)?.engineThreads ?? (parsed as? FIDCommand)?.engineThreads
            ?? (parsed as? BenchEngineCommand)?.engineThreads ?? (parsed as? BenchFIDCommand)?.engineThreads
            ?? (parsed as? BenchIizukaCommand)?.engineThreads ?? (parsed as? BenchTrainCommand)?.engineThreads
    }

    func testThreadsMeanTheEngineCoresEverywhere() throws {
        let commands = [train, ["fid", "a", "b"], ["bench", "engine"], ["bench", "fid"], ["bench", "iizuka"], ["bench", "train"]]
        let types: [ParsableCommand.Type] = [
            TrainCommand.self, FIDCommand.self, BenchEngineCommand.self, BenchFIDCommand.self,
            BenchIizukaCommand.self, BenchTrainCommand.self
        ]
        for type in types {
            XCTAssertTrue(
                helpOnOneLine(type).contains("--threads <threads> Cores the neural engine uses (default: all online processors)"),
                "\(type)")
        }
        try parseEach(commands, ["--threads", "3"]) { XCTAssertEqual(engineThreads($0)?.threads, 3, "\($0)") }
        try parseEach(commands, []) {
            XCTAssertNotNil(engineThreads($0), "\($0)"); XCTAssertNil(engineThreads($0)?.threads)
        }
        for command in commands {
            XCTAssertThrowsError(try CompareCommand.parseAsRoot(command + ["--threads", "0"]), "\(command)") { error in
                XCTAssertEqual(CompareCommand.message(for: error), "--threads must be at least 1, got 0", "\(command)")
            }
        }
    }

    func testFIDWeightsAndPyTorchReferenceReadTheSame() throws {
        let fid: [ParsableCommand.Type] = [RunCommand.self, FIDCommand.self, BenchFIDCommand.self]
        for type in fid {
            XCTAssertTrue(
                helpOnOneLine(type).contains(
                    "--fid-weights <FILE> FID network weights (TorchScript inception-2015-12-05-fid.pt); default: $INPAINT_FID_WEIGHTS"),
                "\(type)")
        }
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["--fid-weights", "w.pt"]) as? RunCommand).methodOptions.fidWeights.path, "w.pt")
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["fid", "a", "b", "--fid-weights", "w.pt"]) as? FIDCommand).fidWeights.path, "w.pt"
        )
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "fid", "--fid-weights", "w.pt"]) as? BenchFIDCommand).fidWeights.path,
            "w.pt")

        for type in [BenchIizukaCommand.self, BenchTrainCommand.self] as [ParsableCommand.Type] {
            XCTAssertTrue(helpOnOneLine(type).contains("--pytorch <file> PyTorch timings of the same workloads"), "\(type)")
        }
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "iizuka", "--pytorch", "p.json"]) as? BenchIizukaCommand).pytorch.file,
            "p.json")
        XCTAssertEqual(
            try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "train", "--pytorch", "p.json"]) as? BenchTrainCommand).pytorch.file,
            "p.json")
        XCTAssertNil(try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "train"]) as? BenchTrainCommand).pytorch.load())
    }

    func testTrainAndBenchTrainShareTheTrainingShape() throws {
        let shape = [
            "--batch", "4", "--size", "64", "--local-size", "32", "--width", "0.25", "--discriminator-width", "0.5",
            "--discriminators", "global"
        ]
        let run = try XCTUnwrap(try CompareCommand.parseAsRoot(train + shape) as? TrainCommand).parameters()
        let bench = try XCTUnwrap(try CompareCommand.parseAsRoot(["bench", "train", "--steps", "2"] + shape) as? BenchTrainCommand)
            .parameters()
        for p in [run, bench] {
            XCTAssertEqual([p.batchSize, p.size, p.localSize], [4, 64, 32])
            XCTAssertEqual([p.width, p.discriminatorWidth], [0.25, 0.5])
            XCTAssertEqual(p.discriminators, .global)
        }
        XCTAssertEqual(bench.phaseSteps, [3, 3, 3])
        let trainHelp = helpOnOneLine(TrainCommand.self), benchHelp = helpOnOneLine(BenchTrainCommand.self)
        for line in [
            "--batch <batch> Images per step. (default: 16)",
            "--size <size> Side of the square training crops (multiple of 32). (default: 160)",
            "--local-size <local-size> Side of the local discriminator's window",
            "--width <width> Channel-width multiplier of the completion network",
            "--discriminator-width <discriminator-width> Channel-width multiplier of the discriminators' convolutions"
        ] {
            XCTAssertTrue(trainHelp.contains(line), "train help lacks '\(line)'")
            XCTAssertTrue(benchHelp.contains(line), "bench train help lacks '\(line)'")
        }
        // TrainingParameters' checks reject a bad shape on both, before anything runs.
        for bad in [["--size", "100"], ["--local-size", "192"], ["--width", "0"]] {
            XCTAssertThrowsError(try CompareCommand.parseAsRoot(train + bad), "\(bad)")
            XCTAssertThrowsError(try CompareCommand.parseAsRoot(["bench", "train"] + bad), "\(bad)")
        }
    }
}
