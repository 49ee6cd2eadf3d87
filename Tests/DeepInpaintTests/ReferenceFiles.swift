import Foundation
import SharedFixtures
import XCTest

/// Paths into ../shared/reference/glcic, skipping the test with a plain message when it is absent.
enum ReferenceFiles {
    static let folder = SharedFixtures.url("reference/glcic")

    static func path(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("../shared/reference/glcic/\(name) absent: skipping this PyTorch comparison")
        }
        return path
    }

    static func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deepinpaint-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }
}
