import ArgumentParser
import XCTest
@testable import Compare
import ComparisonKit

final class ReportOptionsTests: XCTestCase {
    func testRunHelpDocumentsKIDAndRegions() {
        let help = CompareCommand.helpMessage(for: RunCommand.self)
        for option in ["--kid-subsets", "--kid-subset-size", "--kid-seed", "--regions <auto|face|none>", "178×218"] {
            XCTAssertTrue(help.contains(option), "run help lacks '\(option)'")
        }
        XCTAssertTrue(FIDCommand.helpMessage().contains("KID"))
    }

    func testDefaultsAreCleanFIDs() throws {
        let run = try XCTUnwrap(try CompareCommand.parseAsRoot([]) as? RunCommand)
        XCTAssertEqual(run.reportOptions.kidParameters, .init(subsets: 100, subsetSize: 1000, seed: 0))
        XCTAssertEqual(run.reportOptions.regions, .auto)
        XCTAssertTrue(run.reportOptions.faceRegions(partition: "list_eval_partition.txt", firstImage: nil))
        XCTAssertFalse(run.reportOptions.faceRegions(partition: nil, firstImage: nil))
        let face = try XCTUnwrap(try CompareCommand.parseAsRoot(["--regions", "face", "--kid-subset-size", "50"]) as? RunCommand)
        XCTAssertTrue(face.reportOptions.faceRegions(partition: nil, firstImage: nil))
        XCTAssertEqual(face.reportOptions.kidParameters.subsetSize, 50)
        let none = try XCTUnwrap(try CompareCommand.parseAsRoot(["--regions", "none"]) as? RunCommand)
        XCTAssertFalse(none.reportOptions.faceRegions(partition: "p.txt", firstImage: nil))
    }

    func testBadValuesAreRejected() {
        for arguments in [["--regions", "eyes"], ["--kid-subset-size", "1"], ["--kid-subsets", "0"]] {
            assertRejected(try CompareCommand.parseAsRoot(arguments), mentioning: arguments[0], "\(arguments)")
        }
        assertRejected(try FIDCommand.parse(["a", "b", "--kid-subset-size", "1"]), mentioning: "--kid-subset-size")
    }
}
