import ComparisonKit
import Foundation
import ImageCore

/// Everything a run needs, resolved and checked before anything is written: images, masks, methods
/// (models loaded), FID network, and the configuration the reports state.
struct RunPlan {
    var entries: [ImageEntry]
    var masks: MaskSource
    var size: Int
    var methods: [InpaintingMethod]
    var fid: FIDSetup
    var configuration: RunConfiguration

    static func make(_ command: RunCommand, terminal: Terminal) throws -> RunPlan {
        let input = command.input
        var size = input.size
        let source: DataSource, masks: MaskSource, description: MaskSourceDescription
        if let batchPath = command.batch {
            let opened = try MaskedBatch(folder: URL(fileURLWithPath: batchPath)).open()
            (source, masks, size) = (opened.source, opened.masks, opened.manifest.size)
            description = .batch(path: batchPath)
        } else {
            let folder = try input.data.map { URL(fileURLWithPath: $0) } ?? DefaultPaths.samplesFolder()
            source = try DataSource(
                folder: folder, partition: input.partition.map { URL(fileURLWithPath: $0) },
                split: input.split, limit: input.limit)
            masks = command.maskOptions.source()
            description = masks.description
        }
        let entries = input.parsedShard.select(source.entries)
        guard !entries.isEmpty else {
            throw ComparisonError.emptySelection("--shard \(input.parsedShard) of \(source.entries.count) images is empty")
        }
        try masks.validate(entries)
        let methods = try MethodFactory.make(command.methodOptions, terminal: terminal)
        let fid = FIDSetup.make(command.methodOptions, terminal: terminal)
        let configuration = RunConfiguration(
            data: source.folder.path, partition: input.partition, split: input.partition == nil ? nil : input.split.rawValue,
            limit: input.limit, size: size, masks: description, shards: [input.parsedShard],
            methods: methods.map {
                MethodInfo(
                    label: $0.label, threads: $0.threads, loadSeconds: $0.loadSeconds, settings: $0.settings,
                    external: $0.isExternal)
            },
            threads: command.methodOptions.threads, fidWeights: fid.weightsPath, fidNote: fid.note,
            machine: DefaultPaths.machineDescription(), started: ISO8601DateFormatter().string(from: Date()),
            command: CommandLine.arguments.map(shellQuoted).joined(separator: " "),
            kid: command.reportOptions.kidParameters,
            faceRegions: command.reportOptions.faceRegions(
                partition: input.partition, firstImage: command.batch == nil ? entries.first?.url : nil))
        return RunPlan(entries: entries, masks: masks, size: size, methods: methods, fid: fid, configuration: configuration)
    }
}

/// A shell word, quoted when needed.
func shellQuoted(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,+@%".contains($0) }
    return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
