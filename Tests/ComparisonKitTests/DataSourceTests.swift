import XCTest
import ImageCore
@testable import ComparisonKit

final class DataSourceTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTemporaryFolder()
        for (i, name) in ["b.png", "a.png", "c.PNG"].enumerated() {
            try ImageFile.writePNG(gradientImage(size: 12, variant: i), to: folder.appendingPathComponent(name))
        }
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testListsImagesSortedAndLimits() throws {
        XCTAssertEqual(try DataSource(folder: folder).entries.map(\.name), ["a.png", "b.png", "c.PNG"])
        XCTAssertEqual(try DataSource(folder: folder, limit: 2).entries.map(\.name), ["a.png", "b.png"])
    }

    func testPartitionKeepsSplitInFileOrder() throws {
        let partition = folder.appendingPathComponent("partition.txt")
        try Data("b.png 2\na.png 0\nc.PNG 2\n".utf8).write(to: partition)
        let source = try DataSource(folder: folder, partition: partition, split: .test)
        XCTAssertEqual(source.entries.map(\.name), ["b.png", "c.PNG"])
        XCTAssertEqual(try DataSource(folder: folder, partition: partition, split: .train).entries.map(\.name), ["a.png"])
        XCTAssertThrowsError(try DataSource(folder: folder, partition: partition, split: .val)) { error in
            guard case ComparisonError.emptySelection = error else { return XCTFail("\(error)") }
        }
    }

    func testPartitionNamingAbsentFilesIsAnError() throws {
        let partition = folder.appendingPathComponent("partition.txt")
        try Data("a.png 2\nzzz.jpg 2\n".utf8).write(to: partition)
        XCTAssertThrowsError(try DataSource(folder: folder, partition: partition)) { error in
            XCTAssertTrue("\(error)".contains("zzz.jpg"), "\(error)")
        }
        try Data("a.png two\n".utf8).write(to: partition)
        XCTAssertThrowsError(try DataSource(folder: folder, partition: partition)) { error in
            XCTAssertTrue("\(error)".contains(":1"), "\(error)")
        }
    }

    func testMissingAndEmptyFolders() throws {
        XCTAssertThrowsError(try DataSource(folder: folder.appendingPathComponent("nope"))) { error in
            XCTAssertEqual(error as? ComparisonError, .folderMissing(folder.appendingPathComponent("nope").path))
        }
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try DataSource(folder: empty)) { error in
            XCTAssertEqual(error as? ComparisonError, .noImages(folder: empty.path))
        }
    }

    func testCanonicalReadAndMaskFolder() throws {
        let image = try ImageIO.readCanonical(folder.appendingPathComponent("a.png"), size: 8)
        XCTAssertEqual(image.width, 8)
        XCTAssertEqual(image.height, 8)
        let masks = folder.appendingPathComponent("masks")
        var mask = Mask(width: 8, height: 8)
        mask.fillRectangle(x0: 2, y0: 2, width: 3, height: 3)
        try ImageFile.writeMask(mask, to: masks.appendingPathComponent("a.png"))
        let source = MaskSource.folder(masks, inverted: false)
        let entries = try DataSource(folder: folder).entries
        XCTAssertEqual(try source.mask(for: entries[0], width: 8, height: 8), mask)
        XCTAssertThrowsError(try source.validate(entries)) { error in
            XCTAssertEqual(error as? ComparisonError, .maskFileMissing(folder: masks.path, name: "b.png"))
        }
    }
}
