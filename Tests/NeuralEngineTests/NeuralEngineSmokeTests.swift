import XCTest
@testable import NeuralEngine

final class NeuralEngineSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
