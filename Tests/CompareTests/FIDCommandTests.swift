import XCTest
import ImageCore
@testable import Compare
@testable import Metrics

final class FIDCommandTests: XCTestCase {
    func testHelpNamesTheWeightsOptionsAndN() {
        let help = FIDCommand.helpMessage()
        XCTAssertTrue(help.contains("--fid-weights"))
        XCTAssertTrue(help.contains("INPAINT_FID_WEIGHTS"))
    }

    func testMissingFolderIsAClearError() throws {
        let command = try FIDCommand.parse(["/nonexistent/a", "/nonexistent/b"])
        XCTAssertThrowsError(try command.run()) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/a"), "\(error)")
        }
    }

    func testMissingWeightsFileIsAClearError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fidcmd-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["a", "b"] {
            let folder = dir.appendingPathComponent(sub)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for i in 0..<2 {
                try ImageFile.writePNG(Image(width: 8, height: 8, value: Float(i) / 2), to: folder.appendingPathComponent("\(i).png"))
            }
        }
        let command = try FIDCommand.parse([
            dir.appendingPathComponent("a").path, dir.appendingPathComponent("b").path,
            "--fid-weights", "/nonexistent/weights.pt"
        ])
        XCTAssertThrowsError(try command.run()) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/weights.pt"), "\(error)")
        }
    }

    func testRejectsBadBatchSize() {
        assertRejected(try FIDCommand.parse(["a", "b", "--batch-size", "0"]), mentioning: "--batch-size")
    }

    /// Two identical folders give "FID 0.0000", not "FID -0.0000" (a round-off below 0); KID's unbiased estimate
    /// keeps its sign, but one that rounds to zero prints without it.
    func testIdenticalSetsPrintZeroWithoutAMinusSign() throws {
        var rng = SplitMix64(seed: 5)
        let features = (0..<3).map { _ in (0..<8).map { _ in 3 * rng.unitFloat() } }
        let fid = try FrechetDistance.compute(featuresA: features, featuresB: features)
        XCTAssertEqual(FIDCommand.fidLine(fid, countA: 3, countB: 3), "FID 0.0000 (N = 3 vs 3)")

        let tiny = KernelInceptionDistance.Value(mean: -4e-8, standardDeviation: 2e-8, subsetSize: 2, subsets: 5)
        XCTAssertEqual(
            FIDCommand.kidLines(tiny, countA: 3, countB: 3, seed: 1),
            [
                "KID 0.000000 ± 0.000000 (5 subsets of 2 per folder, seed 1)",
                "with fewer than 2048 images per folder, KID is the number to compare"
            ])
        let whole = KernelInceptionDistance.Value(mean: -0.0123, standardDeviation: 0, subsetSize: 3000, subsets: 1)
        XCTAssertEqual(
            FIDCommand.kidLines(whole, countA: 3000, countB: 4000, seed: 0), ["KID -0.012300 (N = 3000 vs 4000, subsets of 3000)"])
    }
}
