import ArgumentParser
import ComparisonKit
import Foundation
import ImageCore

/// `compare masks`: writes a masked batch (inputs, masks, ground truth) for later runs with `--batch`.
struct MasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "masks",
        abstract: "Write a masked batch (truth/, masks/, inputs/, batch.json) that `compare --batch DIR` reuses.",
        discussion: """
            Example: compare masks --data ../shared/data/celeba/img --partition ../shared/data/celeba/list_eval_partition.txt \\
                       --protocol occl2.5-25 --seed 0 --out batches/test-occl
            """)

    @OptionGroup(title: "Images") var input: InputOptions
    @OptionGroup(title: "Holes") var maskOptions: MaskOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write the batch into (must not hold a batch yet).", valueName: "DIR"))
    var out: String

    func run() throws {
        let terminal = Terminal(quiet: false)
        let folder = try input.data.map { URL(fileURLWithPath: $0) } ?? DefaultPaths.samplesFolder()
        let source = try DataSource(
            folder: folder, partition: input.partition.map { URL(fileURLWithPath: $0) },
            split: input.split, limit: input.limit)
        let entries = input.parsedShard.select(source.entries)
        let masks = maskOptions.source()
        try masks.validate(entries)
        let batch = MaskedBatch(folder: URL(fileURLWithPath: out))
        if FileManager.default.fileExists(atPath: batch.manifestURL.path) {
            throw ValidationError("\(out) already holds a batch: choose another --out")
        }
        let start = Stopwatch.wallNow()
        let manifest = try batch.write(entries: entries, masks: masks, size: input.size, data: folder.path) { done, total in
            terminal.progress(ProgressBar.line(done: done, total: total, elapsed: Stopwatch.wallNow() - start))
        }
        terminal.endProgress()
        for skipped in manifest.skipped { terminal.notice("skipped \(skipped.image): \(skipped.reason)") }
        print("wrote \(manifest.images.count) masked images (\(manifest.masks.summary), \(manifest.size)×\(manifest.size)) to \(out)")
    }
}
