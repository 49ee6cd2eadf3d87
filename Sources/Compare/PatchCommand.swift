import ArgumentParser
import Foundation
import ImageCore
import PatchInpaint

/// `compare patch IMAGE MASK -o OUT.png`: the patch-based method (Newson et al., IPOL 2017) alone.
struct PatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch",
        abstract: "Inpaint one image with the multiscale patch-based method (Newson et al., IPOL 2017).",
        discussion: """
        Any image size. A mask pixel that is not zero is a hole (--invert-mask for the opposite). Prints the \
        time of each pyramid level and stage on stderr. The same inputs and --seed give the same bytes.
        """)

    @Argument(help: "The image (PNG or JPEG).")
    var image: String

    @Argument(help: "The mask (PNG or JPEG), the image's size; non-zero = hole.")
    var mask: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the result (PNG).")
    var output: String

    @Flag(help: "Treat zero mask pixels as the hole.")
    var invertMask = false

    @Flag(help: "Also print the parameters and each level's residuals.")
    var verbose = false

    @OptionGroup var options: PatchParameterOptions

    func validate() throws {
        guard output.lowercased().hasSuffix(".png") else {
            throw ValidationError("the output must be a .png file, got \(output)")
        }
    }

    func run() throws {
        let loaded = try ImageFile.read(URL(fileURLWithPath: image))
        for note in loaded.notes { warn("\(image): \(note)") }
        let holes = try Mask.read(URL(fileURLWithPath: mask), invert: invertMask)
        try holes.validate(against: loaded.image, path: mask)
        let parameters = options.parameters
        if verbose { warn("parameters: \(parameters)") }
        let levels = parameters.levels.map { "\($0) levels requested" }
            ?? "\(PatchInpainter.automaticLevelCount(mask: holes, patchSize: parameters.patchSize)) levels (automatic)"
        warn("\(loaded.image.width)x\(loaded.image.height), \(holes.holeCount) hole pixels, \(levels), \(parameters.threads) threads")
        let result = try PatchInpainter(parameters: parameters).inpaint(loaded.image, mask: holes) { report in
            warn(patchLevelLine(report, verbose: verbose))
        }
        let r = result.report
        let search = r.levels.reduce(0) { $0 + $1.searchSeconds }
        let reconstruct = r.levels.reduce(0) { $0 + $1.reconstructionSeconds }
        warn(String(format: "total %.3f s over %d levels (setup %.3f s, search %.3f s, reconstruction %.3f s)",
                    r.totalSeconds, r.levels.count, r.setupSeconds, search, reconstruct))
        try ImageFile.writePNG(result.image, to: URL(fileURLWithPath: output))
        warn("wrote \(output)")
    }

    private func warn(_ text: String) {
        FileHandle.standardError.write(Data(("compare patch: " + text + "\n").utf8))
    }
}
