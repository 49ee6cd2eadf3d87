import XCTest
import ImageCore
@testable import ComparisonKit

/// A made-up run (no inpainting) with holes in several bins and both face regions, for the report writers.
struct SyntheticRun {
    let configuration: RunConfiguration
    let outcome: RunOutcome

    /// `images` images, methods named m0, m1, …; method 0 is better on core holes, method 1 on periphery holes.
    init(images: Int = 8, methods: Int = 2, faceRegions: Bool = true, names: ((Int) -> String)? = nil) {
        var rng = SplitMix64(seed: 42)
        let labels = (0..<methods).map { "m\($0)" }
        configuration = RunConfiguration(
            data: "data", partition: nil, split: nil, limit: nil, size: 160, masks: .generated(protocolName: "occl2.5-25", seed: 0),
            shards: [.whole], methods: labels.map { MethodInfo(label: $0, threads: 1, loadSeconds: nil, settings: [:]) },
            threads: 1, fidWeights: "fake", fidNote: nil, machine: "test", started: "now", command: "test",
            kid: .init(subsets: 10, subsetSize: 1000, seed: 0), faceRegions: faceRegions)
        var outcome = RunOutcome()
        outcome.truthFeatures = FeatureSet()
        let fractions = [0.05, 0.07, 0.15, 0.18, 0.25, 0.26, 0.27, 0.45]
        for i in 0..<images {
            let name = names?(i) ?? String(format: "%06d.jpg", i)
            outcome.images.append(name)
            let core = i % 2 == 0
            let truth = (0..<6).map { _ in rng.unitFloat() }
            outcome.truthFeatures!.append(name: name, features: truth)
            for (m, label) in labels.enumerated() {
                let better = (m == 0) == core
                let psnr = 25 + (better ? 2.0 : 0.0) + Double(i) * 0.1 + Double(m) * 0.01
                let scores = ImageScores(
                    mse: pow(10, -psnr / 10), psnr: psnr, ssim: 0.9 + (better ? 0.02 : 0), holeMSE: 0.01,
                    holePSNR: psnr - 10, holeL1: 0.05)
                outcome.rows.append(
                    ResultRow(
                        image: name, method: label, holeFraction: fractions[i % fractions.count],
                        scores: scores, wallSeconds: 0.1, cpuSeconds: 0.1, threads: 1,
                        coreFraction: core ? 0.8 : 0.2))
                let features = truth.map { $0 + Float(m + 1) * 0.1 * rng.unitFloat() }
                outcome.methodFeatures[label, default: FeatureSet()].append(name: name, features: features)
            }
        }
        self.outcome = outcome
    }

    func write(to url: URL) throws -> RunSummary {
        try RunReports.write(folder: RunFolder(url: url), configuration: configuration, outcome: outcome, distance: meanFeatureDistance)
    }
}

final class GroupReportTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testHoleSizeBins() {
        let cases: [(Double, Int)] = [(0, 0), (0.05, 0), (0.1, 1), (0.3, 3), (0.2999, 2), (0.7, 7), (0.999, 9), (1, 9), (-1, 0), (.nan, 0)]
        for (fraction, index) in cases { XCTAssertEqual(HoleSizeBin(fraction: fraction).index, index, "\(fraction)") }
        XCTAssertEqual(HoleSizeBin(index: 1).label, "10–20 %")
    }

    func testFaceCoreBoxAndRule() {
        let box = FaceCoreBox(size: 160)
        XCTAssertEqual([box.x0, box.y0, box.x1, box.y1], [48, 66, 112, 130])
        let big = FaceCoreBox(size: 320)
        XCTAssertEqual([big.x0, big.y0, big.x1, big.y1], [96, 132, 224, 260])
        var inside = Mask(width: 160, height: 160)
        inside.fillRectangle(x0: 60, y0: 80, width: 20, height: 20)
        XCTAssertEqual(box.coreFraction(of: inside), 1)
        var half = Mask(width: 160, height: 160)
        half.fillRectangle(x0: 102, y0: 80, width: 20, height: 10)  // columns 102..121: 10 of 20 inside
        XCTAssertEqual(box.coreFraction(of: half), 0.5)
        XCTAssertEqual(FaceRegion(coreFraction: 0.5), .core)
        XCTAssertEqual(FaceRegion(coreFraction: 0.49), .periphery)
        var corner = Mask(width: 160, height: 160)
        corner.fillRectangle(x0: 0, y0: 0, width: 30, height: 30)
        XCTAssertEqual(box.coreFraction(of: corner), 0)
        XCTAssertNil(box.coreFraction(of: Mask(width: 160, height: 160)))
    }

    func testSummaryHasBinsAndRegionsWithFeatureScores() throws {
        let run = SyntheticRun()
        let summary = try run.write(to: folder)
        let bins = try XCTUnwrap(summary.holeSizeBins)
        XCTAssertEqual(bins.map(\.key), ["0–10 %", "10–20 %", "20–30 %", "40–50 %"])
        XCTAssertEqual(bins.map(\.images), [2, 2, 3, 1])
        XCTAssertEqual(bins[2].methods[0].images, 3)
        XCTAssertNotNil(bins[2].methods[0].kid?.mean, "KID over the bin's 3 images")
        XCTAssertEqual(bins[2].methods[0].fid.images, 3)
        XCTAssertNil(bins[3].methods[0].kid?.mean, "one image: no KID")
        let regions = try XCTUnwrap(summary.faceRegions)
        XCTAssertEqual(regions.map(\.key), ["core", "periphery"])
        XCTAssertEqual(regions.map(\.images), [4, 4])
        // Method 0 is better on core holes, method 1 on periphery holes (2 dB in PSNR).
        XCTAssertGreaterThan(regions[0].methods[0].psnr!, regions[0].methods[1].psnr! + 1.5)
        XCTAssertGreaterThan(regions[1].methods[1].psnr!, regions[1].methods[0].psnr! + 1.5)
        // Whole-run KID equals the numbers Metrics gives on the same features.
        let whole = try XCTUnwrap(summary.methods[1].kid)
        XCTAssertEqual(whole.images, 8)
        XCTAssertEqual(whole.subsetSize, 8)
        XCTAssertEqual(whole.subsets, 10)
        XCTAssertEqual(try RunSummary.read(RunFolder(url: folder).summaryJSON), summary)

        let markdown = try String(contentsOf: RunFolder(url: folder).reportMarkdown, encoding: .utf8)
        XCTAssertTrue(markdown.contains("## By hole size"))
        XCTAssertTrue(markdown.contains("| 20–30 % | m0 | 3 |"), markdown)
        XCTAssertTrue(markdown.contains("## By face region"))
        XCTAssertTrue(markdown.contains("| core | m1 | 4 |"), markdown)
        XCTAssertTrue(markdown.contains("KID is the number to compare"))
        XCTAssertTrue(markdown.contains("columns 48–111, rows 66–129"))
    }

    func testNoRegionsWhenNotAlignedFaces() throws {
        let summary = try SyntheticRun(faceRegions: false).write(to: folder)
        XCTAssertNil(summary.faceRegions)
        let markdown = try String(contentsOf: RunFolder(url: folder).reportMarkdown, encoding: .utf8)
        XCTAssertFalse(markdown.contains("## By face region"))
        let html = try String(contentsOf: RunFolder(url: folder).reportHTML, encoding: .utf8)
        XCTAssertFalse(html.contains("· periphery"))
    }

    func testHTMLHasSortableTablesScatterBarsAndGrid() throws {
        let run = SyntheticRun()
        _ = try run.write(to: folder)
        let html = try String(contentsOf: RunFolder(url: folder).reportHTML, encoding: .utf8)
        XCTAssertTrue(html.contains("<table class=\"sortable\" id=\"results\">"))
        XCTAssertEqual(html.components(separatedBy: "<circle data-i=").count - 1, 8, "one dot per image")
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"bars\"").count - 1, 4, "two charts per grouping")
        XCTAssertEqual(html.components(separatedBy: "<tr id=\"img-").count - 1, 8)
        XCTAssertTrue(html.contains("images/000003-m1.png"))
        XCTAssertTrue(html.contains("<select id=\"method-a\">"))
        XCTAssertFalse(html.contains("http://") && html.contains("<script src"), "no external script")
        XCTAssertFalse(html.contains("class=\"pick pick-a\""), "two methods: the full grid")
    }

    func testManyMethodsGiveACompactGridAndHostileNamesStayInert() throws {
        let run = SyntheticRun(images: 3, methods: 9, names: { $0 == 1 ? "</script><b>x.png" : "img\($0).png" })
        _ = try run.write(to: folder)
        let html = try String(contentsOf: RunFolder(url: folder).reportHTML, encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "class=\"pick pick-a\"").count - 1, 3)
        XCTAssertFalse(html.contains("images/img0-m5.png"), "only the two chosen methods are in the grid")
        XCTAssertFalse(html.contains("</script><b>"))
        XCTAssertEqual(html.components(separatedBy: "</script>").count - 1, 2, "the data and the script only")
    }

    func testOldResultsCSVWithoutCoreColumnStillReads() throws {
        let old =
            ResultsCSV.columnsWithoutCore.joined(separator: ",")
            + "\na.png,patch,ok,0.25,0.01,20,0.9,0.04,14,0.1,0.5,0.5,2,,\n"
        let rows = try ResultsCSV.parse(old, path: "old.csv")
        XCTAssertEqual(rows.count, 1)
        XCTAssertNil(rows[0].coreFraction)
        XCTAssertEqual(rows[0].scores?.psnr, 20)
        XCTAssertEqual(rows[0].holeFraction, 0.25)
    }
}
