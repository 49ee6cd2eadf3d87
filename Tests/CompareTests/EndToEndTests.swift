import XCTest
@testable import Compare
import ComparisonKit
import ImageCore

/// The whole command on a temporary folder of three small images with the patch method.
final class EndToEndTests: XCTestCase {
    var folder: URL!
    var data: String { folder.appendingPathComponent("data").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("CompareTests-\(UUID().uuidString)")
        for i in 0..<3 {
            var image = Image(width: 48, height: 40)
            for c in 0..<3 {
                for y in 0..<40 {
                    for x in 0..<48 {
                        image[x, y, c] = Float(((x / (3 + i)) + (y / 4) + c) % 2) * 0.6 + 0.2
                    }
                }
            }
            try ImageFile.writePNG(image, to: URL(fileURLWithPath: data).appendingPathComponent("img\(i).png"))
        }
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: data).appendingPathComponent("zz-broken.png"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func run(_ arguments: [String]) throws {
        let command = try XCTUnwrap(try CompareCommand.parseAsRoot(arguments) as? RunCommand)
        try command.run()
    }

    func testPatchRunWritesEveryReport() throws {
        let out = folder.appendingPathComponent("run")
        try run([
            "--data", data, "--size", "32", "--methods", "patch", "--no-fid", "--seed", "1", "--threads", "1",
            "--quiet", "--out", out.path
        ])
        let rows = try ResultsCSV.read(out.appendingPathComponent("results.csv"))
        XCTAssertEqual(rows.map(\.image), ["img0.png", "img1.png", "img2.png"])
        XCTAssertTrue(rows.allSatisfy { $0.succeeded && $0.method == "patch" })
        XCTAssertTrue(rows.allSatisfy { ($0.scores?.psnr ?? 0) > 5 && $0.stages.contains { $0.name.hasSuffix("patchmatch") } })
        let summary = try RunSummary.read(out.appendingPathComponent("summary.json"))
        XCTAssertEqual(summary.skipped.map(\.image), ["zz-broken.png"])
        XCTAssertEqual(summary.methods.first?.wall?.count, 3)
        XCTAssertNil(summary.methods.first?.fid.value)
        for name in ["report.md", "report.html", "images/img1-patch.png", "images/img1-masked.png", "images/img2-truth.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
        }
        // A second run into the same folder is refused rather than mixing two runs.
        assertRejected(
            try run(["--data", data, "--methods", "patch", "--no-fid", "--quiet", "--out", out.path]), mentioning: "already holds a run")
    }

    func testBatchThenShardsThenMerge() throws {
        let batch = folder.appendingPathComponent("batch").path
        let masks = try XCTUnwrap(
            try CompareCommand.parseAsRoot(["masks", "--data", data, "--size", "32", "--out", batch]) as? MasksCommand)
        try masks.run()
        for i in 1...2 {
            try run([
                "--batch", batch, "--methods", "patch", "--no-fid", "--threads", "1", "--quiet", "--shard", "\(i)/2",
                "--out", folder.appendingPathComponent("part\(i)").path
            ])
        }
        let merge = try XCTUnwrap(
            try CompareCommand.parseAsRoot([
                "merge", folder.appendingPathComponent("part1").path,
                folder.appendingPathComponent("part2").path,
                "--out", folder.appendingPathComponent("all").path
            ]) as? MergeCommand)
        try merge.run()
        let rows = try ResultsCSV.read(folder.appendingPathComponent("all/results.csv"))
        XCTAssertEqual(rows.map(\.image), ["img0.png", "img1.png", "img2.png"])
    }

    func testFatalInputErrorsWriteNothing() throws {
        let out = folder.appendingPathComponent("never")
        let partition = folder.appendingPathComponent("partition.txt")
        try Data("img0.png 2\nabsent.jpg 2\n".utf8).write(to: partition)
        let attempts: [([String], String)] = [
            (["--data", folder.appendingPathComponent("nope").path, "--methods", "patch"], "does not exist"),
            (["--data", data, "--partition", partition.path, "--methods", "patch"], "absent.jpg"),
            (["--data", data, "--masks", folder.path, "--methods", "patch"], "no mask for image"),
            (["--data", data, "--methods", "patch,iizuka", "--iizuka-weights", "/nonexistent/w.safetensors"], "/nonexistent/w.safetensors")
        ]
        for (arguments, expected) in attempts {
            XCTAssertThrowsError(try run(arguments + ["--no-fid", "--quiet", "--out", out.path]), "\(arguments)") { error in
                XCTAssertTrue("\(error)".contains(expected), "\(arguments): '\(error)' lacks '\(expected)'")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(arguments) left \(out.path) behind")
        }
    }
}
