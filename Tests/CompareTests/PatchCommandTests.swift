import XCTest
import ImageCore
@testable import Compare

/// `compare patch`, in process: clear errors and no output file for bad input; a result of the input's size.
final class PatchCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("patch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func image(_ w: Int, _ h: Int) -> Image {
        var image = Image(width: w, height: h)
        for c in 0..<3 { for y in 0..<h { for x in 0..<w { image[x, y, c] = Float((x * 7 + y * 3 + c * 5) % 17) / 16 } } }
        return image
    }

    func write(_ image: Image, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try ImageFile.writePNG(image, to: url)
        return url.path
    }

    func writeMask(_ w: Int, _ h: Int, hole: (Int, Int, Int, Int)?, _ name: String) throws -> String {
        var mask = Mask(width: w, height: h)
        if let hole { mask.fillRectangle(x0: hole.0, y0: hole.1, width: hole.2, height: hole.3) }
        let url = folder.appendingPathComponent(name)
        try ImageFile.writeMask(mask, to: url)
        return url.path
    }

    /// Runs the command; returns the error it threw (nil on success).
    func run(_ arguments: [String]) -> Error? {
        do {
            let command = try PatchCommand.parse(arguments)
            try command.run()
            return nil
        } catch {
            return error
        }
    }

    func testWritesResultOfInputSize() throws {
        let input = try write(image(32, 28), "in.png")
        let mask = try writeMask(32, 28, hole: (12, 10, 8, 7), "mask.png")
        let out = folder.appendingPathComponent("out.png").path
        XCTAssertNil(run([input, mask, "-o", out, "--threads", "2", "--levels", "1"]))
        let result = try ImageFile.read(URL(fileURLWithPath: out)).image
        XCTAssertEqual(result.width, 32)
        XCTAssertEqual(result.height, 28)
    }

    func testBadInputsFailWithoutOutput() throws {
        let input = try write(image(32, 28), "in.png")
        let corrupt = folder.appendingPathComponent("corrupt.png")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: input))
        bytes = bytes.prefix(bytes.count / 2)
        try bytes.write(to: corrupt)
        let mask = try writeMask(32, 28, hole: (12, 10, 8, 7), "mask.png")
        let cases: [(String, [String])] = [
            ("missing image", [folder.appendingPathComponent("nope.png").path, mask]),
            ("corrupt image", [corrupt.path, mask]),
            ("size mismatch", [input, try writeMask(30, 28, hole: (5, 5, 4, 4), "small.png")]),
            ("empty mask", [input, try writeMask(32, 28, hole: nil, "empty.png")]),
            ("full mask", [input, try writeMask(32, 28, hole: (0, 0, 32, 28), "full.png")]),
            ("image smaller than a patch", [try write(image(5, 5), "tiny.png"), try writeMask(5, 5, hole: (1, 1, 2, 2), "tinymask.png")]),
            ("even patch size", [input, mask, "--patch-size", "6"])
        ]
        for (name, arguments) in cases {
            let out = folder.appendingPathComponent("out-\(name.replacingOccurrences(of: " ", with: "-")).png")
            let error = run(arguments + ["-o", out.path])
            XCTAssertNotNil(error, name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(name): an output file was written")
            let message = PatchCommand.message(for: error ?? CancellationError())
            XCTAssertFalse(message.isEmpty, name)
        }
    }

    func testHelpListsTheParameters() {
        let help = PatchCommand.helpMessage()
        for flag in [
            "--seed", "--threads", "--patch-size", "--levels", "--no-features", "--exact-nn", "--invert-mask",
            "--verbose", "--residual-threshold", "--max-iterations", "--sigma-percentile"
        ] {
            XCTAssertTrue(help.contains(flag), "help lacks \(flag)")
        }
    }
}
