import XCTest
@testable import Compare
import ComparisonKit
import ImageCore
import Metrics

/// FID and KID through the real Inception network: a whole run and the merge of its two shards give the same values.
final class FIDEndToEndTests: XCTestCase {
    func testMergedShardsRecomputeTheSameFID() throws {
        #if DEBUG
            throw XCTSkip("the Inception network is too slow in a debug build: run `swift test -c release` for this test")
        #else
            guard (try? FIDWeights.locate()) != nil else {
                throw XCTSkip("FID weights absent (../shared/models or the cache): skipping the FID end-to-end test")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("FIDEndToEnd-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let data = folder.appendingPathComponent("data")
            for i in 0..<4 {
                var image = Image(width: 32, height: 32)
                for c in 0..<3 {
                    for y in 0..<32 {
                        for x in 0..<32 {
                            image[x, y, c] = Float((x * (i + 1) + y * (c + 2)) % 32) / 32
                        }
                    }
                }
                try ImageFile.writePNG(image, to: data.appendingPathComponent("img\(i).png"))
            }
            func run(_ extra: [String], _ out: String) throws {
                let command = try XCTUnwrap(
                    try CompareCommand.parseAsRoot(
                        [
                            "--data", data.path, "--size", "32", "--methods", "patch", "--threads", "2", "--quiet",
                            "--kid-subset-size", "3", "--out", folder.appendingPathComponent(out).path
                        ] + extra) as? RunCommand)
                try command.run()
            }
            try run([], "whole")
            try run(["--shard", "1/2"], "p1")
            try run(["--shard", "2/2"], "p2")
            let merge = try XCTUnwrap(
                try CompareCommand.parseAsRoot(
                    [
                        "merge", folder.appendingPathComponent("p1").path, folder.appendingPathComponent("p2").path,
                        "--out", folder.appendingPathComponent("merged").path
                    ]) as? MergeCommand)
            try merge.run()
            let whole = try RunSummary.read(folder.appendingPathComponent("whole/summary.json")).methods[0].fid
            let merged = try RunSummary.read(folder.appendingPathComponent("merged/summary.json")).methods[0].fid
            XCTAssertEqual(whole.images, 4)
            XCTAssertEqual(merged.images, 4)
            let value = try XCTUnwrap(whole.value, whole.note ?? "no FID")
            XCTAssertTrue(value.isFinite && value > 0, "FID \(value)")
            XCTAssertEqual(try XCTUnwrap(merged.value), value, accuracy: 1e-6 * max(1, value))
            let wholeKID = try XCTUnwrap(RunSummary.read(folder.appendingPathComponent("whole/summary.json")).methods[0].kid)
            let mergedKID = try XCTUnwrap(RunSummary.read(folder.appendingPathComponent("merged/summary.json")).methods[0].kid)
            XCTAssertEqual(wholeKID.subsetSize, 3)
            XCTAssertEqual(try XCTUnwrap(mergedKID.mean), try XCTUnwrap(wholeKID.mean, wholeKID.note ?? "no KID"), accuracy: 1e-9)
            XCTAssertEqual(try XCTUnwrap(mergedKID.standardDeviation), try XCTUnwrap(wholeKID.standardDeviation), accuracy: 1e-9)
        #endif
    }
}
