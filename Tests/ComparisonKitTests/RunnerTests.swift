import XCTest
import ImageCore
@testable import ComparisonKit

final class RunnerTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTemporaryFolder()
        let data = folder.appendingPathComponent("data")
        for i in 0..<4 {
            try ImageFile.writePNG(gradientImage(size: 32, variant: i), to: data.appendingPathComponent("img\(i).png"))
        }
        try Data("garbage".utf8).write(to: data.appendingPathComponent("broken.png"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func configuration(_ methods: [InpaintingMethod], shard: Shard = .whole) -> RunConfiguration {
        RunConfiguration(
            data: folder.appendingPathComponent("data").path, partition: nil, split: nil, limit: nil,
            size: 32, masks: .generated(protocolName: "rect48-96", seed: 0), shards: [shard],
            methods: methods.map { MethodInfo(label: $0.label, threads: $0.threads, loadSeconds: $0.loadSeconds, settings: $0.settings) },
            threads: 1, fidWeights: "fake", fidNote: nil, machine: "test", started: "now", command: "test",
            kid: .init(subsets: 20, subsetSize: 3, seed: 1))
    }

    func run(shard: Shard, into name: String, failing: Int? = nil) throws -> (RunFolder, RunSummary, RunOutcome) {
        let entries = shard.select(try DataSource(folder: folder.appendingPathComponent("data")).entries)
        let failingMethod = MeanFillMethod(label: "fails-sometimes")
        failingMethod.failOnCall = failing
        let methods: [InpaintingMethod] = [MeanFillMethod(), failingMethod]
        let run = RunFolder(url: folder.appendingPathComponent(name))
        var events: [RunEvent] = []
        let runner = ComparisonRunner(
            entries: entries, masks: .generated(.rect48to96, seed: 0), methods: methods,
            scorer: QualityScoring.scores, extractor: MomentFeatures(), folder: run, size: 32,
            progress: { events.append($0) })
        let outcome = try runner.run()
        let summary = try RunReports.write(
            folder: run, configuration: configuration(methods, shard: shard),
            outcome: outcome, distance: meanFeatureDistance)
        XCTAssertEqual(events.filter { if case .imageDone = $0 { return true } else { return false } }.count, entries.count)
        return (run, summary, outcome)
    }

    func testRunSkipsUnreadableImageAndContinuesAfterAFailure() throws {
        let (run, summary, outcome) = try run(shard: .whole, into: "run", failing: 1)
        XCTAssertEqual(outcome.skipped.map(\.image), ["broken.png"])
        XCTAssertEqual(summary.images, 4)
        let fill = try XCTUnwrap(summary.methods.first { $0.method == "meanfill" })
        XCTAssertEqual(fill.images, 4)
        XCTAssertEqual(fill.failed, 0)
        XCTAssertNotNil(fill.fid.value)
        XCTAssertEqual(fill.fid.images, 4)
        XCTAssertEqual(fill.stages.map(\.name), ["fill"])
        let failing = try XCTUnwrap(summary.methods.first { $0.method == "fails-sometimes" })
        XCTAssertEqual(failing.failed, 1)
        XCTAssertEqual(failing.images, 3)
        XCTAssertEqual(failing.fid.images, 3)
        XCTAssertEqual(outcome.rows.first { $0.method == "fails-sometimes" && !$0.succeeded }?.image, "img1.png")
        for file in [
            run.resultsCSV, run.summaryJSON, run.reportMarkdown, run.reportHTML,
            run.imageURL(stem: "img0", kind: .masked), run.imageURL(stem: "img0", kind: .method("meanfill")),
            run.imageURL(stem: "img3", kind: .truth), run.truthFeatures.appendingPathExtension("npy")
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), file.path)
        }
        let markdown = try String(contentsOf: run.reportMarkdown, encoding: .utf8)
        XCTAssertTrue(markdown.contains("| meanfill | 4 |"), markdown)
        XCTAssertTrue(markdown.contains("broken.png"), markdown)
        let html = try String(contentsOf: run.reportHTML, encoding: .utf8)
        XCTAssertTrue(html.contains("images/img2-meanfill.png"))
        XCTAssertEqual(try ResultsCSV.read(run.resultsCSV).count, 8)
        XCTAssertEqual(try RunSummary.read(run.summaryJSON), summary)
    }

    func testKnownPixelsAreUntouchedAndScoresAgree() throws {
        let (_, _, outcome) = try run(shard: .whole, into: "run")
        for row in outcome.rows where row.method == "meanfill" {
            let s = try XCTUnwrap(row.scores)
            XCTAssertEqual(s.mse, s.holeMSE * row.holeFraction, accuracy: 1e-9, "\(row.image)")
            XCTAssertGreaterThan(s.ssim, 0)
            XCTAssertLessThan(s.ssim, 1)
        }
    }

    func testShardedRunsMergeToTheWholeRun() throws {
        let (_, whole, wholeOutcome) = try run(shard: .whole, into: "whole")
        let parts = try (1...3).map { try run(shard: Shard(index: $0, count: 3), into: "part\($0)").0 }
        let merged = try RunMerge.merge(
            parts, into: RunFolder(url: folder.appendingPathComponent("merged")),
            distance: meanFeatureDistance, command: "merge")
        let mergedRows = try ResultsCSV.read(folder.appendingPathComponent("merged/results.csv"))
        XCTAssertEqual(mergedRows.map(\.image), wholeOutcome.rows.map(\.image))
        XCTAssertEqual(mergedRows.map(\.scores), wholeOutcome.rows.map(\.scores))
        XCTAssertEqual(merged.configuration.shards, [.whole])
        XCTAssertEqual(merged.images, whole.images)
        for (m, w) in zip(merged.methods, whole.methods) {
            XCTAssertEqual(m.images, w.images)
            XCTAssertEqual(m.psnr!, w.psnr!, accuracy: 1e-9)
            XCTAssertEqual(m.fid.images, w.fid.images)
            if let wf = w.fid.value { XCTAssertEqual(m.fid.value!, wf, accuracy: 1e-9) }
            XCTAssertEqual(try XCTUnwrap(m.kid?.mean), try XCTUnwrap(w.kid?.mean), accuracy: 1e-12)
            XCTAssertEqual(m.kid?.images, w.kid?.images)
        }
        XCTAssertEqual(merged.holeSizeBins?.map(\.key), whole.holeSizeBins?.map(\.key))
        XCTAssertEqual(merged.holeSizeBins?.map(\.images), whole.holeSizeBins?.map(\.images))
        // Parts given out of order: KID's subsets still draw the same images (features in name order).
        let shuffled = try RunMerge.merge(
            [parts[2], parts[0], parts[1]], into: RunFolder(url: folder.appendingPathComponent("merged2")),
            distance: meanFeatureDistance, command: "merge")
        XCTAssertEqual(try XCTUnwrap(shuffled.methods[0].kid?.mean), try XCTUnwrap(whole.methods[0].kid?.mean), accuracy: 1e-12)
        XCTAssertThrowsError(
            try RunMerge.merge(
                [parts[0], parts[0]], into: RunFolder(url: folder.appendingPathComponent("bad")),
                distance: nil, command: "merge")
        ) { error in
            guard case ComparisonError.mergeMismatch = error else { return XCTFail("\(error)") }
        }
    }

    func testMaskedBatchReproducesTheRun() throws {
        let entries = try DataSource(folder: folder.appendingPathComponent("data")).entries
        let batch = MaskedBatch(folder: folder.appendingPathComponent("batch"))
        let manifest = try batch.write(entries: entries, masks: .generated(.rect48to96, seed: 0), size: 32, data: "data")
        XCTAssertEqual(manifest.images, ["img0.png", "img1.png", "img2.png", "img3.png"])
        XCTAssertEqual(manifest.skipped.map(\.image), ["broken.png"])
        let opened = try batch.open()
        let mask = try opened.masks.mask(for: opened.source.entries[2], width: 32, height: 32)
        XCTAssertEqual(mask, MaskProtocol.rect48to96.mask(width: 32, height: 32, seed: 0, imageName: "img2.png"))
        let truth = try ImageIO.readCanonical(opened.source.entries[2].url, size: 32)
        let original = try XCTUnwrap(entries.first { $0.name == "img2.png" })
        XCTAssertTrue(truth == (try ImageIO.readCanonical(original.url, size: 32)), "batch truth differs from the original crop")
        try FileManager.default.removeItem(at: batch.manifestURL)
        XCTAssertThrowsError(try batch.open()) { error in
            XCTAssertEqual(error as? ComparisonError, .batchIncomplete(folder: batch.folder.path, reason: "no batch.json"))
        }
    }

    func testFeatureFilesRoundTrip() throws {
        var set = FeatureSet()
        set.append(name: "a", features: [1, 2, 3])
        set.append(name: "b", features: [4, -5, 6.5])
        let base = folder.appendingPathComponent("f/x")
        try set.write(base: base)
        XCTAssertEqual(try FeatureSet.read(base: base), set)
        XCTAssertEqual(set.filtered(["b"]).values, [4, -5, 6.5])
    }
}
