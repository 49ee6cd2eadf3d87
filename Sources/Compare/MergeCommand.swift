import ArgumentParser
import ComparisonKit
import Foundation

/// `compare merge`: joins the run folders of the parts of one evaluation (`--shard i/n`).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the run folders of `--shard` parts into one run folder; FID is recomputed from the kept features.",
        discussion: "Example: compare merge runs/part1 runs/part2 runs/part3 --out runs/all")

    @Argument(help: ArgumentHelp("Run folders of the parts.", valueName: "RUN_DIR"))
    var parts: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the merged run.", valueName: "RUN_DIR"))
    var out: String

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give at least one run folder to merge") }
    }

    func run() throws {
        let output = RunFolder(url: URL(fileURLWithPath: out))
        if FileManager.default.fileExists(atPath: output.resultsCSV.path) {
            throw ValidationError("\(out) already holds a run: choose another --out")
        }
        let summary = try RunMerge.merge(
            parts.map { RunFolder(url: URL(fileURLWithPath: $0)) }, into: output,
            distance: FIDSetup.frechetDistance(),
            command: CommandLine.arguments.map(shellQuoted).joined(separator: " "))
        Terminal(quiet: false).printSummary(summary, folder: output)
    }
}
