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

    @OptionGroup var files: SingleImageOptions

    @Flag(help: "Also print the parameters and each level's residuals.")
    var verbose = false

    @OptionGroup var options: PatchParameterOptions

    func run() throws {
        let (image, holes) = try files.read(notice: warn)
        let parameters = options.parameters
        if verbose { warn("parameters: \(parameters)") }
        let levels =
            parameters.levels.map { "\($0) levels requested" }
            ?? "\(PatchInpainter.automaticLevelCount(mask: holes, patchSize: parameters.patchSize)) levels (automatic)"
        warn("\(image.width)x\(image.height), \(holes.holeCount) hole pixels, \(levels), \(parameters.threads) threads")
        let result = try PatchInpainter(parameters: parameters).inpaint(image, mask: holes) { report in
            warn(patchLevelLine(report, verbose: verbose))
        }
        let r = result.report
        let search = r.levels.reduce(0) { $0 + $1.searchSeconds }
        let reconstruct = r.levels.reduce(0) { $0 + $1.reconstructionSeconds }
        warn(
            String(
                format: "total %.3f s over %d levels (setup %.3f s, search %.3f s, reconstruction %.3f s)",
                r.totalSeconds, r.levels.count, r.setupSeconds, search, reconstruct))
        try files.write(result.image)
        warn("wrote \(files.output)")
    }

    private func warn(_ text: String) {
        printToStandardError("compare patch: " + text)
    }
}
