import XCTest
@testable import ImageCore

final class ImageCoreSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
