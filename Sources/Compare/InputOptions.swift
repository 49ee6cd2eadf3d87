import ArgumentParser
import ComparisonKit
import Foundation

/// Which images a comparison uses and how they are cropped.
struct InputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder of PNG/JPEG images (e.g. CelebA's img_align_celeba); default: samples/.",
            valueName: "DIR"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("CelebA list_eval_partition.txt: use only the images of --split.", valueName: "FILE"))
    var partition: String?

    @Option(name: .long, help: "Split of the partition file.")
    var split: Split = .test

    @Option(name: .long, help: "Use only the first N images (after the partition filter).")
    var limit: Int?

    @Option(name: .long, help: "Side of the canonical crop (short side resized, centre square).")
    var size: Int = 160

    @Option(
        name: .long, help: ArgumentHelp("Run part i of n of the image list (1-based), for `compare merge`.", valueName: "i/n"),
        transform: ArgumentValue.shard)
    var shard: Shard?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
        if size < 16 || size % 4 != 0 { throw ValidationError("--size must be a multiple of 4, at least 16, got \(size)") }
        if partition != nil && data == nil { throw ValidationError("--partition needs --data DIR (the images it names)") }
    }

    /// The part of the image list to run: --shard, else the whole list.
    var parsedShard: Shard { shard ?? .whole }
}

/// Where the holes come from.
struct MaskOptions: ParsableArguments {
    @Option(name: .customLong("protocol"), help: ArgumentHelp("Hole protocol.", valueName: "NAME"))
    var maskProtocol: MaskProtocol = .rect48to96

    @Option(name: .long, help: "Seed of the generated holes (each image's hole depends on the seed and its file name only).")
    var seed: UInt64 = 0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder of mask PNGs named like the images (non-zero = hole) instead of a protocol.",
            valueName: "DIR"))
    var masks: String?

    @Flag(name: .long, help: "Mask PNGs use zero for holes.")
    var invertMask = false

    func source() -> MaskSource {
        if let masks { return .folder(URL(fileURLWithPath: masks), inverted: invertMask) }
        return .generated(maskProtocol, seed: seed)
    }
}
