import XCTest
@testable import PatchInpaint

final class PatchInpaintSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
