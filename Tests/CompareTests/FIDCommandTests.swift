import XCTest
import ImageCore
@testable import Compare

final class FIDCommandTests: XCTestCase {
    func testHelpNamesTheWeightsOptionsAndN() {
        let help = FIDCommand.helpMessage()
        XCTAssertTrue(help.contains("--fid-weights"))
        XCTAssertTrue(help.contains("INPAINT_FID_WEIGHTS"))
    }

    func testMissingFolderIsAClearError() throws {
        let command = try FIDCommand.parse(["/nonexistent/a", "/nonexistent/b"])
        XCTAssertThrowsError(try command.run()) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/a"), "\(error)")
        }
    }

    func testMissingWeightsFileIsAClearError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fidcmd-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["a", "b"] {
            let folder = dir.appendingPathComponent(sub)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for i in 0..<2 { try ImageFile.writePNG(Image(width: 8, height: 8, value: Float(i) / 2), to: folder.appendingPathComponent("\(i).png")) }
        }
        let command = try FIDCommand.parse([dir.appendingPathComponent("a").path, dir.appendingPathComponent("b").path,
                                            "--fid-weights", "/nonexistent/weights.pt"])
        XCTAssertThrowsError(try command.run()) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/weights.pt"), "\(error)")
        }
    }

    func testRejectsBadBatchSize() {
        assertRejected(try FIDCommand.parse(["a", "b", "--batch-size", "0"]), mentioning: "--batch-size")
    }
}
