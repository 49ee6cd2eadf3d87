import XCTest
@testable import ComparisonKit

final class ReportTableFormatTests: XCTestCase {
    func testNegativeValuesThatRoundToZeroPrintWithoutSign() {
        XCTAssertEqual(ReportTable.format(-1.2e-7, 2), "0.00")
        XCTAssertEqual(ReportTable.format(-0.004, 2), "0.00")
        XCTAssertEqual(ReportTable.format(-0.0, 3), "0.000")
        XCTAssertEqual(ReportTable.format(-0.0, 4), "0.0000")
        XCTAssertEqual(ReportTable.format(-0.00004, 4), "0.0000")
    }

    func testOtherValuesKeepTheirSign() {
        XCTAssertEqual(ReportTable.format(-0.006, 2), "-0.01")
        XCTAssertEqual(ReportTable.format(-0.00005001, 4), "-0.0001")
        XCTAssertEqual(ReportTable.format(12.5, 4), "12.5000")
        XCTAssertEqual(ReportTable.format(-12.5, 1), "-12.5")
        XCTAssertEqual(ReportTable.format(3.14159, 2), "3.14")
        XCTAssertEqual(ReportTable.format(nil, 2), "–")
        XCTAssertEqual(ReportTable.format(.infinity, 2), "∞")
        XCTAssertEqual(ReportTable.format(.nan, 2), "nan")
    }
}
