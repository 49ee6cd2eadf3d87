import ArgumentParser
import XCTest
@testable import Compare

/// Asserts that `body` throws and that the message `compare` prints for the error (ArgumentParser's text for a
/// parse or validation error, the error's description otherwise) mentions `text`, so that a rejection for
/// another reason (another option, a missing argument) fails the test.
func assertRejected<T>(
    _ body: @autoclosure () throws -> T, mentioning text: String, _ what: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertThrowsError(try body(), what, file: file, line: line) { error in
        let message = CompareCommand.message(for: error)
        XCTAssertTrue(message.contains(text), "\(what) expected a message mentioning '\(text)', got '\(message)'", file: file, line: line)
    }
}

/// Asserts that `body` fails with `ExitCode.failure`: how `compare train` ends after printing a `TrainingError`.
func assertExitsWithFailure<T>(_ body: @autoclosure () throws -> T, _ what: String = "", file: StaticString = #filePath, line: UInt = #line)
{
    XCTAssertThrowsError(try body(), what, file: file, line: line) { error in
        XCTAssertEqual(error as? ExitCode, .failure, "\(what) \(error)", file: file, line: line)
    }
}
