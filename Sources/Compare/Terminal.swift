import ComparisonKit
import Foundation
import ImageCore

/// Writes `line` and a newline to stderr: the executable's notices, warnings and progress lines (its results
/// go to stdout).
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// What the executable prints: notices and progress on stderr, the final table on stdout.
struct Terminal {
    let quiet: Bool
    /// Whether stderr is a terminal (then the progress line redraws in place).
    let interactive = isatty(STDERR_FILENO) != 0

    /// A notice on stderr (skipped methods, missing FID, unreadable images).
    func notice(_ text: String) {
        printToStandardError("compare: " + text)
    }

    /// A progress line on stderr: redrawn in place on a terminal, else printed as is.
    func progress(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }

    /// Ends an in-place progress line.
    func endProgress() {
        if interactive && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// The table of the run, its notes, and where the reports are.
    func printSummary(_ summary: RunSummary, folder: RunFolder) {
        print(
            "\n\(summary.images) images; \(summary.configuration.masks.summary); \(summary.configuration.size)×\(summary.configuration.size)"
        )
        print(ReportTable(summary: summary).plainText, terminator: "")
        for m in summary.methods {
            if let load = m.loadSeconds { print("\(m.method): model loaded in \(ReportTable.format(load, 3)) s (not in the times)") }
        }
        // One line per reason FID is missing, naming the methods it applies to (every method, for --no-fid).
        let notes = summary.methods.compactMap { m in m.fid.note.map { (m.method, $0) } }
        for note in Set(notes.map(\.1)).sorted() {
            let methods = notes.filter { $0.1 == note }.map(\.0)
            let who = methods.count == summary.methods.count && methods.count > 1 ? "all methods" : methods.joined(separator: ", ")
            print("\(who): no FID — \(note)")
        }
        print(
            "whole run \(ProgressBar.duration(summary.runSeconds)) wall, \(ProgressBar.duration(summary.runCPUSeconds)) CPU; "
                + "FID features \(ProgressBar.duration(summary.fidFeatureSeconds)) wall")
        if !summary.skipped.isEmpty { print("\(summary.skipped.count) image(s) skipped (see report.md)") }
        let failed = summary.methods.reduce(0) { $0 + $1.failed }
        if failed > 0 { print("\(failed) failure(s) (see report.md)") }
        print("reports: \(folder.reportMarkdown.path), \(folder.reportHTML.path)")
    }
}

/// Turns run events into a progress bar with time left, and notices.
final class ProgressReporter {
    let terminal: Terminal
    let total: Int
    let start = Stopwatch.wallNow()
    private var lastPrinted = -1.0

    init(terminal: Terminal, total: Int) {
        self.terminal = terminal
        self.total = total
    }

    func handle(_ event: RunEvent) {
        switch event {
        case .imageDone(let done, let total, let name):
            let now = Stopwatch.wallNow()
            // On a terminal redraw each time; in a log, a line every 10 s and the last one.
            guard terminal.interactive || now - lastPrinted >= 10 || done == total else { return }
            lastPrinted = now
            terminal.progress(ProgressBar.line(done: done, total: total, elapsed: now - start, item: name))
        case .skipped(let skipped):
            notice("skipped \(skipped.image): \(skipped.reason)")
        case .failed(let image, let method, let reason):
            notice("\(method) failed on \(image): \(reason)")
        case .featuresFailed(let reason):
            notice("FID dropped: \(reason)")
        }
    }

    func finish() { terminal.endProgress() }

    private func notice(_ text: String) {
        if terminal.interactive && !terminal.quiet { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        terminal.notice(text)
    }
}
