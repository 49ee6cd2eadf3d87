import XCTest
@testable import ComparisonKit

final class StatisticsTests: XCTestCase {
    func testTimingStats() throws {
        let t = try XCTUnwrap(TimingStats(seconds: [0.5, 0.25, 0.25, 1.0]))
        XCTAssertEqual(t.count, 4)
        XCTAssertEqual(t.median, 0.375)
        XCTAssertEqual(t.mean, 0.5)
        XCTAssertEqual(t.total, 2)
        XCTAssertEqual(t.imagesPerSecond, 2)
        XCTAssertEqual(t.p90, 0.85, accuracy: 1e-12)
        XCTAssertNil(TimingStats(seconds: []))
    }

    func testShardsCoverTheListOnceAndBalanced() throws {
        for total in [0, 1, 7, 330] {
            for n in 1...6 {
                var covered: [Int] = []
                for i in 1...n {
                    let r = Shard(index: i, count: n).range(total: total)
                    XCTAssertLessThanOrEqual(abs(r.count - total / n), 1)
                    covered += Array(r)
                }
                XCTAssertEqual(covered, Array(0..<total), "total \(total), n \(n)")
            }
        }
        XCTAssertEqual(try Shard(parsing: "2/8"), Shard(index: 2, count: 8))
        for bad in ["0/3", "4/3", "1", "a/b", "1/0", "-1/2"] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad) { error in
                XCTAssertEqual(error as? ComparisonError, .badShard(bad))
            }
        }
    }

    func testProgressLine() {
        let line = ProgressBar.line(done: 5, total: 10, elapsed: 20, width: 10, item: "x.jpg")
        XCTAssertTrue(line.hasPrefix("[#####-----]  5/10"), line)
        XCTAssertTrue(line.contains("left 20.0s"), line)
        XCTAssertTrue(line.hasSuffix("x.jpg"))
        XCTAssertFalse(ProgressBar.line(done: 10, total: 10, elapsed: 20).contains("left"))
        XCTAssertEqual(ProgressBar.duration(62), "1m 02s")
        XCTAssertEqual(ProgressBar.duration(3900), "1h 05m")
    }
}

final class StageOrderTests: XCTestCase {
    func testStagesSortCoarsestLevelFirst() {
        let names = ["setup", "L1.init", "L1.patchmatch", "L0.init", "L0.patchmatch", "L2.init", "L2.patchmatch"]
        XCTAssertEqual(
            MethodSummary.sortedStages(names),
            ["setup", "L2.init", "L2.patchmatch", "L1.init", "L1.patchmatch", "L0.init", "L0.patchmatch"])
    }
}
