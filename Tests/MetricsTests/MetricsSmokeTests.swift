import XCTest
@testable import Metrics

final class MetricsSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
