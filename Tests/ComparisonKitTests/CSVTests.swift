import XCTest
@testable import ComparisonKit

final class CSVTests: XCTestCase {
    func testQuotingRoundTrip() throws {
        let rows = [["a", "b,c", "say \"hi\""], ["multi\nline", "", "x"]]
        let text = rows.map(CSV.line).joined(separator: "\n") + "\n"
        XCTAssertEqual(try CSV.parse(text), rows)
        XCTAssertThrowsError(try CSV.parse("a,\"open\n")) { error in
            XCTAssertEqual(error as? CSVError, .unterminatedQuote(row: 1))
        }
    }

    func testResultsRoundTrip() throws {
        let rows = [
            ResultRow(
                image: "000001.jpg", method: "patch", holeFraction: 0.1234,
                scores: ImageScores(mse: 0.001, psnr: 30.0, ssim: 0.95, holeMSE: 0.01, holePSNR: 20, holeL1: 0.05),
                wallSeconds: 0.3, cpuSeconds: 0.55, threads: 2,
                stages: [StageTime(name: "L0.patchmatch", seconds: 0.1), StageTime(name: "L1.init", seconds: 0.02)]),
            ResultRow(
                image: "a,b.png", method: "iizuka:global", holeFraction: 0.5, scores: nil, wallSeconds: nil,
                cpuSeconds: nil, threads: 1, error: "weights say \"no\", sorry"),
            ResultRow(
                image: "same.png", method: "patch", holeFraction: 0.2,
                scores: ImageScores(mse: 0, psnr: .infinity, ssim: 1, holeMSE: 0, holePSNR: .infinity, holeL1: 0),
                wallSeconds: 1.0 / 3.0, cpuSeconds: 0.1, threads: 2)
        ]
        let text = ResultsCSV.text(rows)
        XCTAssertTrue(text.hasPrefix("image,method,status,"))
        XCTAssertEqual(try ResultsCSV.parse(text, path: "t.csv"), rows)
    }

    func testBadCSVIsAClearError() {
        XCTAssertThrowsError(try ResultsCSV.parse("x,y\n1,2\n", path: "t.csv")) { error in
            XCTAssertTrue("\(error)".contains("t.csv:1"), "\(error)")
        }
        let header = ResultsCSV.columns.joined(separator: ",")
        XCTAssertThrowsError(try ResultsCSV.parse(header + "\na,b\n", path: "t.csv")) { error in
            XCTAssertTrue("\(error)".contains("t.csv:2"), "\(error)")
        }
    }
}
