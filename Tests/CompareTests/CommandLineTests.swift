import ArgumentParser
import XCTest
@testable import Compare
import ComparisonKit
import DeepInpaint

final class CommandLineTests: XCTestCase {
    func testRootHelpListsSubcommandsAndDefault() {
        let help = CompareCommand.helpMessage()
        for word in ["run (default)", "masks", "merge", "samples/"] {
            XCTAssertTrue(help.contains(word), "root help lacks '\(word)':\n\(help)")
        }
    }

    func testRunHelpDocumentsTheOptions() {
        let help = CompareCommand.helpMessage(for: RunCommand.self)
        for option in [
            "--data <DIR>", "--partition <FILE>", "--split <split>", "--limit <limit>", "--seed <seed>",
            "--size <size>", "--protocol <NAME>", "--masks <DIR>", "--batch <DIR>", "--methods <LIST>",
            "--iizuka-weights <FILE>", "--iizuka-ablate", "--iizuka-blend", "--iizuka-mpv", "--patch-size",
            "--threads", "--fid-weights <FILE>", "--shard <i/n>", "--out <RUN_DIR>", "occl2.5-25"
        ] {
            XCTAssertTrue(help.contains(option), "run help lacks '\(option)'")
        }
    }

    func testDefaultSubcommandTakesRunOptionsAtTheRoot() throws {
        let parsed = try CompareCommand.parseAsRoot([
            "--methods", "patch", "--protocol", "occl2.5-25", "--seed", "3",
            "--limit", "5", "--shard", "2/4"
        ])
        let run = try XCTUnwrap(parsed as? RunCommand)
        XCTAssertEqual(run.methodOptions.specs.map(\.label), ["patch"])
        XCTAssertEqual(run.maskOptions.seed, 3)
        XCTAssertEqual(run.maskOptions.source().description, .generated(protocolName: "occl2.5-25", seed: 3))
        XCTAssertEqual(run.input.parsedShard, Shard(index: 2, count: 4))
        XCTAssertEqual(run.input.split, .test)
        XCTAssertEqual(run.input.size, 160)
    }

    func testNoArgumentsMeansDefaults() throws {
        let run = try XCTUnwrap(try CompareCommand.parseAsRoot([]) as? RunCommand)
        XCTAssertNil(run.input.data)
        XCTAssertFalse(run.methodOptions.explicit)
        XCTAssertEqual(run.methodOptions.specs.map(\.label), ["patch", "iizuka"])
        XCTAssertEqual(run.maskOptions.source().description, .generated(protocolName: "rect48-96", seed: 0))
    }

    func testMethodListsWithSeveralNetworkConfigurations() throws {
        let specs = try MethodSpec.parse("iizuka:models/global.safetensors,iizuka:local.safetensors,patch")
        XCTAssertEqual(specs.map(\.label), ["iizuka:global", "iizuka:local", "patch"])
        XCTAssertEqual(specs[0].weights, "models/global.safetensors")
        XCTAssertThrowsError(try MethodSpec.parse("patch,patch")) {
            XCTAssertEqual($0 as? ComparisonError, .duplicateMethod(["patch", "patch"]))
        }
        XCTAssertThrowsError(try MethodSpec.parse("patch:x")) { XCTAssertEqual($0 as? ComparisonError, .unknownMethod("patch:x")) }
        XCTAssertThrowsError(try MethodSpec.parse("deepfill")) { error in
            XCTAssertTrue("\(error)".contains("unknown method 'deepfill'"), "\(error)")
        }
    }

    func testMethodEntriesCarryTheirOwnChannelAblation() throws {
        let specs = try MethodSpec.parse("iizuka,iizuka@conv1:6,iizuka:w/both.safetensors@conv1:6+conv14:3,iizuka@conv2:*")
        XCTAssertEqual(specs.map(\.label), ["iizuka", "iizuka@conv1:6", "iizuka:both@conv1:6+conv14:3", "iizuka@conv2:*"])
        XCTAssertNil(specs[0].ablationList)
        XCTAssertEqual(specs[2].weights, "w/both.safetensors")
        XCTAssertEqual(specs[2].ablationList, "conv1:6,conv14:3")
        XCTAssertEqual(specs[3].sweptLayer, "conv2")
        XCTAssertNil(specs[1].sweptLayer)
        for bad in ["patch@conv1:3", "iizuka@", "iizuka@conv1", "iizuka@conv1:3+", "iizuka@conv1:*+conv2:1", "iizuka@*"] {
            XCTAssertThrowsError(try MethodSpec.parse(bad), bad) { XCTAssertEqual($0 as? ComparisonError, .badMethodAblation(bad)) }
        }
        XCTAssertThrowsError(try MethodSpec.parse("iizuka@conv1:6,iizuka@conv1:6")) { error in
            XCTAssertTrue("\(error)".contains("twice (iizuka@conv1:6)"), "\(error)")
        }
        // A sweep becomes one entry per output channel of the layer, once the network's widths are known.
        let channels = [4, 8] + [Int](repeating: 8, count: 14) + [3]
        let swept = try MethodFactory.expand(specs[3], channels: channels)
        XCTAssertEqual(swept.map(\.label), (0..<8).map { "iizuka@conv2:\($0)" })
        XCTAssertEqual(swept[5].ablationList, "conv2:5")
        XCTAssertEqual(try MethodFactory.expand(specs[1], channels: channels), [specs[1]])
        XCTAssertThrowsError(try MethodFactory.expand(try MethodSpec.parse("iizuka@conv99:*")[0], channels: channels)) { error in
            guard case DeepInpaintError.badAblation(item: "conv99:0", _)? = error as? DeepInpaintError else { return XCTFail("\(error)") }
        }
    }

    func testBadArgumentsAreRejectedWithAMessage() {
        let cases: [([String], String)] = [
            (["--methods", "foo"], "unknown method"),
            (["--protocol", "circles"], "rect48-96"),
            (["--shard", "5/4"], "--shard"),
            (["--limit", "0"], "--limit"),
            (["--size", "150"], "--size"),
            (["--threads", "0"], "--threads"),
            (["--iizuka-blend", "seamless"], "poisson"),
            (["--partition", "p.txt"], "--data"),
            (["--batch", "b", "--data", "d"], "--batch")
        ]
        for (arguments, expected) in cases {
            XCTAssertThrowsError(try CompareCommand.parseAsRoot(arguments), "\(arguments)") { error in
                let message = CompareCommand.message(for: error)
                XCTAssertTrue(message.contains(expected), "\(arguments): '\(message)' lacks '\(expected)'")
            }
        }
    }

    /// compare patch, telea and iizuka take IMAGE MASK -o OUT.png [--invert-mask] from one option group: same
    /// help, same check of the output's extension.
    func testSingleImageCommandsShareTheirFileOptions() throws {
        let commands: [ParsableCommand.Type] = [PatchCommand.self, TeleaCommand.self, IizukaCommand.self]
        let lines = [
            "<image>", "The image (PNG or JPEG).", "<mask>", "The mask (PNG or JPEG), the image's size; non-zero = hole.",
            "-o, --output <output>", "Where to write the result (PNG).", "--invert-mask", "Treat zero mask pixels as the hole."
        ]
        for command in commands {
            let name = command._commandName
            let help = helpOnOneLine(command)
            for line in lines { XCTAssertTrue(help.contains(line), "\(name) help lacks '\(line)':\n\(help)") }
            let parsed = try CompareCommand.parseAsRoot([name, "a.png", "m.png", "-o", "O.PNG", "--invert-mask"])
            let files = try XCTUnwrap(
                (parsed as? PatchCommand)?.files ?? (parsed as? TeleaCommand)?.files ?? (parsed as? IizukaCommand)?.files,
                name)
            XCTAssertEqual([files.image, files.mask, files.output], ["a.png", "m.png", "O.PNG"], name)
            XCTAssertTrue(files.invertMask, name)
            XCTAssertThrowsError(try CompareCommand.parseAsRoot([name, "a.png", "m.png", "-o", "out.jpg"]), name) { error in
                XCTAssertEqual(CompareCommand.message(for: error), "the output must be a .png file, got out.jpg", name)
            }
            XCTAssertThrowsError(try CompareCommand.parseAsRoot([name, "a.png", "-o", "out.png"]), name)
        }
    }
}
