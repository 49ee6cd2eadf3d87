import ArgumentParser
import XCTest
import ImageCore
import ComparisonKit
@testable import Compare

/// `--methods telea,results:…` parsing, `compare telea` in process, and a whole run scoring another tool's outputs.
final class MethodsCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("methods-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testResultsAndTeleaEntries() throws {
        let specs = try MethodSpec.parse("telea,results:out/lama,results:mat=runs/x/images/{stem}-mat.png,results:a=b/c=d")
        XCTAssertEqual(specs.map(\.label), ["telea", "results:lama", "mat", "a"])
        XCTAssertEqual(specs[1].results, "out/lama")
        XCTAssertEqual(specs[2].results, "runs/x/images/{stem}-mat.png")
        XCTAssertEqual(specs[3].results, "b/c=d")
        // Text before '=' that is not a label (it holds '/') belongs to the folder.
        XCTAssertEqual(try MethodSpec.parse("results:dir/x=y")[0].results, "dir/x=y")
        XCTAssertEqual(try MethodSpec.parse("results:dir/x=y")[0].label, "results:x=y")
        let bads: [(String, ComparisonError)] = [
            ("results:", .badResultsEntry("results:")), ("results:lama=", .badResultsEntry("results:lama=")),
            ("results", .badResultsEntry("results")), ("telea:x", .unknownMethod("telea:x")),
            ("telea@conv1:3", .badMethodAblation("telea@conv1:3"))
        ]
        for (bad, expected) in bads {
            XCTAssertThrowsError(try MethodSpec.parse(bad), bad) { XCTAssertEqual($0 as? ComparisonError, expected) }
        }
        XCTAssertThrowsError(try MethodSpec.parse("results:a/lama,results:b/lama")) { error in
            XCTAssertTrue("\(error)".contains("twice (results:lama)"), "\(error)")
        }
        let run = try XCTUnwrap(
            try CompareCommand.parseAsRoot(["--methods", "telea,results:x", "--composite", "--telea-radius", "3"]) as? RunCommand)
        XCTAssertTrue(run.methodOptions.composite)
        XCTAssertEqual(run.methodOptions.teleaRadius, 3)
        assertRejected(try CompareCommand.parseAsRoot(["--telea-radius", "0.5"]), mentioning: "--telea-radius")
        assertRejected(try CompareCommand.parseAsRoot(["--protocol", "thick", "--methods", "results:"]), mentioning: "results:")
        XCTAssertNoThrow(try CompareCommand.parseAsRoot(["--protocol", "thick"]))
    }

    func testTeleaCommandWritesTheResultAndRejectsBadInput() throws {
        var image = Image(width: 30, height: 24)
        for c in 0..<3 { for y in 0..<24 { for x in 0..<30 { image[x, y, c] = Float((x + 2 * y + c) % 11) / 10 } } }
        let input = folder.appendingPathComponent("in.png"), maskURL = folder.appendingPathComponent("mask.png")
        try ImageFile.writePNG(image, to: input)
        var mask = Mask(width: 30, height: 24)
        mask.fillRectangle(x0: 0, y0: 5, width: 10, height: 8)
        try ImageFile.writeMask(mask, to: maskURL)
        let out = folder.appendingPathComponent("out.png")
        let command = try TeleaCommand.parse([input.path, maskURL.path, "-o", out.path])
        try command.run()
        let result = try ImageFile.read(out).image
        XCTAssertEqual(result.width, 30)
        XCTAssertEqual(result[20, 20, 1], image.quantised8()[20, 20, 1], "known pixels are kept")

        try ImageFile.writeMask(Mask(width: 29, height: 24), to: maskURL)
        let bad = folder.appendingPathComponent("bad.png")
        let wrong = try TeleaCommand.parse([input.path, maskURL.path, "-o", bad.path])
        XCTAssertThrowsError(try wrong.run()) { error in
            guard case ImageCoreError.maskSizeMismatch(_, 29, 24, 30, 24)? = error as? ImageCoreError else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: bad.path), "no output on bad input")
        assertRejected(try TeleaCommand.parse([input.path, maskURL.path, "-o", "out.jpg"]), mentioning: "out.jpg")
        assertRejected(try TeleaCommand.parse([input.path, maskURL.path, "-o", bad.path, "--radius", "0"]), mentioning: "--radius")
    }

    func testARunScoresTeleaAndTheSameOutputsReadBack() throws {
        let data = folder.appendingPathComponent("data")
        for i in 0..<3 {
            var image = Image(width: 40, height: 40)
            for c in 0..<3 { for y in 0..<40 { for x in 0..<40 { image[x, y, c] = Float((x * (i + 1) + y + c * 9) % 40) / 40 } } }
            try ImageFile.writePNG(image, to: data.appendingPathComponent("f\(i).png"))
        }
        let first = folder.appendingPathComponent("run1").path
        let run1 = try XCTUnwrap(
            try CompareCommand.parseAsRoot([
                "--data", data.path, "--size", "40", "--protocol", "medium",
                "--methods", "telea", "--no-fid", "--quiet", "--out", first
            ]) as? RunCommand)
        try run1.run()
        let second = folder.appendingPathComponent("run2").path
        let run2 = try XCTUnwrap(
            try CompareCommand.parseAsRoot([
                "--data", data.path, "--size", "40", "--protocol", "medium",
                "--methods", "telea,results:again=\(first)/images/{stem}-telea.png",
                "--no-fid", "--quiet", "--out", second
            ]) as? RunCommand)
        try run2.run()
        let rows = try ResultsCSV.read(URL(fileURLWithPath: second).appendingPathComponent("results.csv"))
        for name in ["f0.png", "f1.png", "f2.png"] {
            let telea = try XCTUnwrap(rows.first { $0.image == name && $0.method == "telea" })
            let again = try XCTUnwrap(rows.first { $0.image == name && $0.method == "again" })
            XCTAssertTrue(again.succeeded, again.error ?? "")
            XCTAssertEqual(telea.scores, again.scores, name)
            XCTAssertNil(again.wallSeconds)
        }
        let report = try String(contentsOfFile: second + "/report.md", encoding: .utf8)
        XCTAssertTrue(report.contains("external"), report)
    }

    func testMasksCommandWritesLaMaMasksForReuse() throws {
        let data = folder.appendingPathComponent("faces")
        for i in 0..<3 { try ImageFile.writePNG(Image(width: 72, height: 64, value: 0.5), to: data.appendingPathComponent("p\(i).png")) }
        let batch = folder.appendingPathComponent("batch").path
        let masks = try XCTUnwrap(
            try CompareCommand.parseAsRoot([
                "masks", "--data", data.path, "--size", "64", "--protocol", "thick",
                "--seed", "5", "--out", batch
            ]) as? MasksCommand)
        try masks.run()
        for i in 0..<3 {
            let mask = try Mask.read(URL(fileURLWithPath: batch).appendingPathComponent("masks/p\(i).png"))
            XCTAssertEqual(mask, MaskProtocol.thick.mask(width: 64, height: 64, seed: 5, imageName: "p\(i).png"))
            XCTAssertTrue((1...(64 * 64 / 2)).contains(mask.holeCount), "p\(i): \(mask.holeCount) hole pixels")
        }
    }
}
