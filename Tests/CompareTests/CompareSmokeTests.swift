import XCTest
@testable import Compare

final class CompareSmokeTests: XCTestCase {
    func testHelpMentionsCompare() {
        XCTAssertTrue(CompareCommand.helpMessage().contains("compare"))
    }
}
