import ArgumentParser
import ComparisonKit
import Foundation
import ImageCore

/// `compare run` (the default subcommand): every method on the same masked images, scored and timed.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the methods on the same masked images; write scores, timings, FID and reports to a run folder.",
        discussion: """
            Examples:
              compare                                   (samples/, default masks, patch and iizuka where weights exist)
              compare --data ../shared/data/celeba/img --partition ../shared/data/celeba/list_eval_partition.txt \\
                      --protocol occl2.5-25 --seed 0 --methods patch,iizuka
              compare --batch BATCH_DIR --methods iizuka:global.safetensors,iizuka:local.safetensors
              compare --data DIR --shard 2/8 --out runs/part2     (then `compare merge runs/part*`)
            The run folder holds results.csv, summary.json, report.md, report.html, images/ and features/.
            """)

    @OptionGroup(title: "Images") var input: InputOptions
    @OptionGroup(title: "Holes") var maskOptions: MaskOptions
    @OptionGroup(title: "Methods") var methodOptions: MethodOptions
    @OptionGroup(title: "Reports") var reportOptions: ReportOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A masked batch written by `compare masks` (replaces --data and the mask options).",
            valueName: "DIR"))
    var batch: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Run folder (default: runs/<UTC timestamp>/).", valueName: "RUN_DIR"))
    var out: String?

    @Flag(name: .long, help: "No progress bar on stderr.")
    var quiet = false

    func validate() throws {
        if batch != nil && (input.data != nil || maskOptions.masks != nil) {
            throw ValidationError("--batch already holds the images and masks: drop --data/--masks")
        }
    }

    func run() throws {
        let terminal = Terminal(quiet: quiet)
        let plan = try RunPlan.make(self, terminal: terminal)
        let folder = RunFolder(
            url: out.map { URL(fileURLWithPath: $0) }
                ?? RunFolder.timestamped(under: URL(fileURLWithPath: "runs")))
        if FileManager.default.fileExists(atPath: folder.resultsCSV.path) {
            throw ValidationError("\(folder.url.path) already holds a run: choose another --out")
        }
        let progress = ProgressReporter(terminal: terminal, total: plan.entries.count)
        let runner = ComparisonRunner(
            entries: plan.entries, masks: plan.masks, methods: plan.methods,
            scorer: QualityScoring.scores, extractor: plan.fid.extractor, folder: folder,
            size: plan.size, progress: progress.handle)
        let outcome = try runner.run()
        progress.finish()
        guard !outcome.images.isEmpty else {
            throw ComparisonError.nothingReadable(folder: plan.configuration.data, firstReason: outcome.skipped.first?.reason ?? "-")
        }
        let summary = try RunReports.write(
            folder: folder, configuration: plan.configuration, outcome: outcome,
            distance: plan.fid.distance)
        terminal.printSummary(summary, folder: folder)
    }
}
