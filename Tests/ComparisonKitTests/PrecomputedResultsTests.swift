import XCTest
import ImageCore
@testable import ComparisonKit

final class PrecomputedResultsTests: XCTestCase {
    var folder: URL!
    var entries: [ImageEntry] = []

    override func setUpWithError() throws {
        folder = try makeTemporaryFolder()
        let data = folder.appendingPathComponent("data")
        for i in 0..<5 {
            try ImageFile.writePNG(gradientImage(size: 32, variant: i), to: data.appendingPathComponent("img\(i).png"))
        }
        entries = try DataSource(folder: data).entries
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func run(_ methods: [InpaintingMethod], into name: String) throws -> (RunFolder, RunOutcome) {
        let run = RunFolder(url: folder.appendingPathComponent(name))
        let runner = ComparisonRunner(
            entries: entries, masks: .generated(.thick, seed: 2), methods: methods,
            scorer: QualityScoring.scores, extractor: MomentFeatures(), folder: run, size: 32,
            progress: { _ in })
        return (run, try runner.run())
    }

    /// A first run of the mean fill, whose images/ then serve as "another tool's" outputs.
    func meanFillRun() throws -> (RunFolder, [String: ImageScores]) {
        let (run, outcome) = try run([MeanFillMethod()], into: "first")
        return (run, Dictionary(uniqueKeysWithValues: outcome.rows.map { ($0.image, $0.scores!) }))
    }

    func testOutputsAreScoredLikeTheMethodThatMadeThem() throws {
        let (first, expected) = try meanFillRun()
        let pattern = first.imagesFolder.path + "/{stem}-meanfill.png"
        let results = try PrecomputedResults(label: "outside", location: pattern, composite: false)
        let (_, outcome) = try run([results], into: "second")
        XCTAssertEqual(outcome.rows.count, 5)
        for row in outcome.rows {
            XCTAssertTrue(row.succeeded, "\(row.image): \(row.error ?? "")")
            XCTAssertEqual(row.scores, expected[row.image], row.image)
            XCTAssertNil(row.wallSeconds, "external outputs are not timed")
            XCTAssertNil(row.cpuSeconds)
        }
        XCTAssertEqual(outcome.methodFeatures["outside"]?.names.count, 5, "FID features of the outputs are kept")
    }

    func testMissingWrongSizeAndChangedKnownPixelsFailTheirRowOnly() throws {
        let (first, expected) = try meanFillRun()
        let outputs = folder.appendingPathComponent("outputs")
        for i in [0, 1, 3, 4] {
            var image = try ImageFile.read(first.imageURL(stem: "img\(i)", kind: .method("meanfill"))).image
            if i == 3 { image = Image(width: 20, height: 20) }
            if i == 4 {  // the tool re-encoded the known pixels: three of them differ by 3 levels
                let mask = try ImageIO.readMask(first.imageURL(stem: "img4", kind: .mask), inverted: false, width: 32, height: 32)
                let known = mask.isHole.indices.filter { !mask.isHole[$0] }.prefix(3)
                for k in known { image.pixels[k] += image.pixels[k] > 0.5 ? -3 / 255 : 3 / 255 }
            }
            try ImageFile.writePNG(image, to: outputs.appendingPathComponent("img\(i).png"))
        }
        try Data("not a png".utf8).write(to: outputs.appendingPathComponent("img1.png"))
        let (_, outcome) = try run([try PrecomputedResults(label: "tool", location: outputs.path, composite: false)], into: "second")
        let rows = Dictionary(uniqueKeysWithValues: outcome.rows.map { ($0.image, $0) })
        XCTAssertEqual(rows["img0.png"]?.scores, expected["img0.png"])
        XCTAssertTrue(rows["img1.png"]?.error?.contains("cannot read the output") ?? false, "\(rows["img1.png"]!)")
        XCTAssertTrue(rows["img2.png"]?.error?.contains("no output for img2.png") ?? false, "\(rows["img2.png"]!)")
        XCTAssertTrue(rows["img3.png"]?.error?.contains("is 20×20 but the run's crop is 32×32") ?? false, "\(rows["img3.png"]!)")
        let changed = try XCTUnwrap(rows["img4.png"]?.error)
        XCTAssertTrue(changed.contains("img4.png changes 3 of the") && changed.contains("--composite"), changed)

        // --composite pastes the output into the known pixels: img4 then scores as the original output.
        let (_, pasted) = try run([try PrecomputedResults(label: "tool", location: outputs.path, composite: true)], into: "third")
        XCTAssertEqual(pasted.rows.first { $0.image == "img4.png" }?.scores, expected["img4.png"])
        XCTAssertEqual(pasted.rows.filter(\.succeeded).count, 2)
    }

    func testOneLevelOfRoundingIsAccepted() throws {
        let truth = gradientImage(size: 16, variant: 1).quantised8()
        var mask = Mask(width: 16, height: 16)
        mask.fillRectangle(x0: 4, y0: 4, width: 5, height: 5)
        var output = truth
        for i in output.pixels.indices { output.pixels[i] = max(0, output.pixels[i] - 1 / 255) }
        XCTAssertEqual(PrecomputedResults.knownPixelDifferences(output, truth, mask).count, 0)
        output.pixels[0] = truth.pixels[0] + 2 / 255
        XCTAssertEqual(PrecomputedResults.knownPixelDifferences(output, truth, mask).count, 1)
    }

    func testAMissingFolderIsAnErrorBeforeTheRun() {
        XCTAssertThrowsError(try PrecomputedResults(label: "x", location: folder.appendingPathComponent("nope").path, composite: false)) {
            error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
    }

    func testTheTimeColumnsSayExternal() {
        let configuration = RunConfiguration(
            data: "d", partition: nil, split: nil, limit: nil, size: 32,
            masks: .generated(protocolName: "thick", seed: 0), shards: [.whole],
            methods: [MethodInfo(label: "lama", threads: 1, loadSeconds: nil, settings: [:], external: true)],
            threads: 1, fidWeights: nil, fidNote: nil, machine: "m", started: "s", command: "c")
        let scores = ImageScores(mse: 0.01, psnr: 20, ssim: 0.9, holeMSE: 0.1, holePSNR: 10, holeL1: 0.2)
        let row = ResultRow(
            image: "a.png", method: "lama", holeFraction: 0.2, scores: scores, wallSeconds: nil, cpuSeconds: nil, threads: 1)
        let summary = RunSummary(configuration: configuration, rows: [row], skipped: [], features: [:])
        XCTAssertEqual(summary.methods.first?.external, true)
        let cells = ReportTable(summary: summary).rows[0]
        XCTAssertEqual(cells.filter { $0 == "external" }.count, 5, "\(cells)")
    }
}
