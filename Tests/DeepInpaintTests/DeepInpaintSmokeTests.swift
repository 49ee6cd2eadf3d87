import XCTest
@testable import DeepInpaint

final class DeepInpaintSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
