import XCTest
import ImageCore
@testable import ComparisonKit

/// Renders report.html in headless Chromium (where it is installed) and checks what its script built.
final class ReportBrowserTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The first Chromium binary on PATH (or nil).
    static func chromium() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// `chromium --headless --dump-dom` of `page`: the DOM after the page's script ran.
    func dumpDOM(_ page: URL) throws -> String {
        guard let chromium = ReportBrowserTests.chromium() else {
            throw XCTSkip("Chromium not installed (apt-get install chromium): skipping the browser check of report.html")
        }
        let process = Process()
        process.executableURL = chromium
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path,
            "--virtual-time-budget=5000", "--dump-dom", page.absoluteString
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "chromium exit status")
        return String(decoding: data, as: UTF8.self)
    }

    func testChromiumRunsTheScript() throws {
        let run = SyntheticRun(images: 8, methods: 2)
        _ = try run.write(to: folder)
        let dom = try dumpDOM(RunFolder(url: folder).reportHTML)
        // The grid's rows and the results table's rows are in the DOM.
        XCTAssertEqual(dom.components(separatedBy: "<tr id=\"img-").count - 1, 8, String(dom.prefix(2000)))
        XCTAssertTrue(dom.contains("<td>m0</td>"), "results table row")
        // The script ran: it redrew the scatter
        // and wrote how often A beats B (m0 wins on the 4 core holes by construction).
        XCTAssertTrue(dom.contains("m0 beats m1 on 4 of 8 images"), String(dom.prefix(4000)))
        XCTAssertEqual(dom.components(separatedBy: "<circle data-i=").count - 1, 8)
        XCTAssertTrue(dom.contains("<svg class=\"bars\""))
    }

    func testChromiumFiltersOneRegion() throws {
        _ = try SyntheticRun(images: 8, methods: 2).write(to: folder)
        var page = URLComponents(url: RunFolder(url: folder).reportHTML, resolvingAgainstBaseURL: false)!
        page.fragment = "filter=region-periphery"
        let dom = try dumpDOM(page.url!)
        // The 4 periphery holes are where m1 is better by construction: m0 wins none of them.
        XCTAssertTrue(dom.contains("m0 beats m1 on 0 of 4 images"), String(dom.prefix(4000)))
        XCTAssertEqual(dom.components(separatedBy: "style=\"display: none;\"").count - 1, 4, "the core rows are hidden")
        XCTAssertEqual(dom.components(separatedBy: "<circle data-i=").count - 1, 4)
    }

    func testChromiumFillsTheCompactGrid() throws {
        let run = SyntheticRun(images: 3, methods: 9)
        _ = try run.write(to: folder)
        let dom = try dumpDOM(RunFolder(url: folder).reportHTML)
        // The script set the two picked columns' captions from the data.
        XCTAssertEqual(dom.components(separatedBy: "class=\"pick pick-b\"").count - 1, 3)
        XCTAssertTrue(dom.contains("src=\"images/000000-m1.png\""), String(dom.suffix(3000)))
    }
}
