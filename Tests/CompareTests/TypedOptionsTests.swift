import ArgumentParser
import XCTest
@testable import Compare
import ComparisonKit
import DeepInpaint

/// Every option whose value is a choice or has a syntax of its own is typed: a good value parses to the typed
/// value, a bad one is rejected while the command line is read, with a message naming the option.
final class TypedOptionsTests: XCTestCase {
    private func parse<T: ParsableCommand>(
        _ arguments: [String], as type: T.Type,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> T {
        try XCTUnwrap(try CompareCommand.parseAsRoot(arguments) as? T, "\(arguments)", file: file, line: line)
    }

    /// Parsing `arguments` fails with a message that holds each of `expected` (the error and the option's help
    /// line, as the user sees them).
    private func assertParseFails(
        _ arguments: [String], _ expected: String...,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try CompareCommand.parseAsRoot(arguments), "\(arguments)", file: file, line: line) { error in
            let message = CompareCommand.fullMessage(for: error)
            for text in expected {
                XCTAssertTrue(message.contains(text), "\(arguments): '\(message)' lacks '\(text)'", file: file, line: line)
            }
        }
    }

    private let iizuka = ["iizuka", "a.png", "m.png", "-o", "o.png"]
    private let patch = ["patch", "a.png", "m.png", "-o", "o.png"]
    private let train = ["train", "--data", "d", "--out", "o"]

    func testRunOptions() throws {
        let run = try parse(
            [
                "--protocol", "thick", "--regions", "none", "--iizuka-blend", "poisson", "--split", "val",
                "--shard", "3/8", "--iizuka-mpv", "0.5,0.4,0.3", "--methods", "telea,patch"
            ], as: RunCommand.self)
        XCTAssertEqual(run.maskOptions.maskProtocol, .thick)
        XCTAssertEqual(run.reportOptions.regions, RegionGrouping.none)
        XCTAssertEqual(run.methodOptions.iizukaBlend, .poisson)
        XCTAssertEqual(run.input.split, .val)
        XCTAssertEqual(run.input.parsedShard, Shard(index: 3, count: 8))
        XCTAssertEqual(run.methodOptions.iizukaMpv?.rgb, [0.5, 0.4, 0.3])
        XCTAssertEqual(run.methodOptions.specs.map(\.label), ["telea", "patch"])
        XCTAssertTrue(run.methodOptions.explicit)

        let defaults = try parse([], as: RunCommand.self)
        XCTAssertEqual(defaults.maskOptions.maskProtocol, .rect48to96)
        XCTAssertEqual(defaults.reportOptions.regions, .auto)
        XCTAssertEqual(defaults.methodOptions.iizukaBlend, Inpainter.Blend.none)
        XCTAssertNil(defaults.input.shard)
        XCTAssertEqual(defaults.input.parsedShard, .whole)
        XCTAssertNil(defaults.methodOptions.iizukaMpv)
        XCTAssertEqual(MethodSpec.defaults, try MethodSpec.parse("patch,iizuka"))

        assertParseFails(["--protocol", "circles"], "--protocol", "rect48-96", "thick")
        assertParseFails(["--regions", "eyes"], "--regions", "'auto', 'face' or 'none'")
        assertParseFails(["--iizuka-blend", "seamless"], "--iizuka-blend", "'none' and 'poisson'")
        assertParseFails(["--split", "dev"], "--split", "'train', 'val' or 'test'")
        assertParseFails(["--shard", "0/4"], "--shard", "1 ≤ i ≤ n")
        assertParseFails(["--iizuka-mpv", "0.5,0.4"], "--iizuka-mpv")
        assertParseFails(["--methods", "patch,deepfill"], "--methods", "unknown method 'deepfill'")
        assertParseFails(["--methods", "patch,patch"], "--methods", "twice")
        assertParseFails(["masks", "--out", "o", "--protocol", "circles"], "--protocol", "occl2.5-25")
    }

    func testSingleImageCommandOptions() throws {
        XCTAssertEqual(try parse(patch, as: PatchCommand.self).options.levels, .auto)
        XCTAssertEqual(try parse(patch + ["--levels", "3"], as: PatchCommand.self).options.parameters.levels, 3)
        XCTAssertNil(try parse(patch + ["--levels", "auto"], as: PatchCommand.self).options.parameters.levels)
        for bad in ["0", "three", "auto,3"] { assertParseFails(patch + ["--levels", bad], "--levels", "auto") }

        let network = try parse(iizuka + ["--blend", "poisson", "--mpv", "[0.5, 0.25, 1]"], as: IizukaCommand.self)
        XCTAssertEqual(network.blend, .poisson)
        XCTAssertEqual(network.mpv?.rgb, [0.5, 0.25, 1])
        XCTAssertNil(try parse(iizuka, as: IizukaCommand.self).mpv)
        assertParseFails(iizuka + ["--blend", "alpha"], "--blend", "'none' and 'poisson'")
        assertParseFails(iizuka + ["--mpv", "0.5,0.5,2"], "--mpv")

        XCTAssertEqual(
            try parse(["convert", "a.pt", "b.safetensors", "--mpv", "0.1,0.2,0.3"], as: ConvertCommand.self).mpv?.rgb,
            [0.1, 0.2, 0.3])
        assertParseFails(["convert", "a.pt", "b.safetensors", "--mpv", "red"], "--mpv")
    }

    func testTrainingOptions() throws {
        let run = try parse(train + ["--discriminators", "local", "--phase-steps", "10, 0,20"], as: TrainCommand.self)
        XCTAssertEqual(run.shape.discriminators, .local)
        XCTAssertEqual(run.phaseSteps, [10, 0, 20])
        XCTAssertEqual(try run.parameters().phaseSteps, [10, 0, 20])
        let defaults = try parse(train, as: TrainCommand.self)
        XCTAssertNil(defaults.shape.discriminators, "left out, so that --resume can take the run's")
        XCTAssertEqual(try defaults.parameters().discriminators, .both)
        XCTAssertEqual(try defaults.parameters().phaseSteps, [90000, 10000, 400000])
        XCTAssertEqual(try defaults.parameters(), TrainingParameters())
        assertParseFails(train + ["--discriminators", "neither"], "--discriminators", "'both', 'global' or 'local'")
        assertParseFails(train + ["--phase-steps", "10,20"], "--phase-steps", "three step counts")
        assertParseFails(train + ["--phase-steps", "10,x,20"], "--phase-steps", "whole numbers")

        XCTAssertEqual(
            try parse(["bench", "train", "--discriminators", "global"], as: BenchTrainCommand.self).shape.discriminators, .global)
        assertParseFails(["bench", "train", "--discriminators", "all"], "--discriminators", "'both', 'global' or 'local'")
    }

    func testBenchPatchCases() throws {
        XCTAssertEqual(try parse(["bench", "patch"], as: BenchPatchCommand.self).cases, [160, 512])
        XCTAssertEqual(try parse(["bench", "patch", "--cases", "512"], as: BenchPatchCommand.self).cases, [512])
        assertParseFails(["bench", "patch", "--cases", "160,256"], "--cases", "unknown case 256")
        assertParseFails(["bench", "patch", "--cases", "160,abc"], "--cases", "whole numbers")
        assertParseFails(["bench", "patch", "--child", "7"], "--child")
        assertParseFails(["bench", "patch", "--levels", "0"], "--levels")
    }

    func testHelpListsTheChoices() {
        let run = helpOnOneLine(RunCommand.self)
        for text in ["values: auto, face, none", "values: none, poisson", "values: train, val, test"] + MaskProtocol.allCases.map(\.summary)
        {
            XCTAssertTrue(run.contains(text), "run help lacks '\(text)':\n\(run)")
        }
        XCTAssertTrue(helpOnOneLine(TrainCommand.self).contains("values: both, global, local"))
        XCTAssertTrue(helpOnOneLine(BenchTrainCommand.self).contains("values: both, global, local"))
        XCTAssertTrue(helpOnOneLine(IizukaCommand.self).contains("values: none, poisson"))
        XCTAssertTrue(helpOnOneLine(PatchCommand.self).contains("default: auto"))
    }
}
