import ArgumentParser
import Foundation
import ImageCore
import TeleaInpaint

/// `compare telea IMAGE MASK -o OUT.png`: Telea's fast-marching inpainting (J. Graphics Tools 2004) alone.
struct TeleaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telea",
        abstract: "Inpaint one image with Telea's fast-marching method (J. Graphics Tools 9(1), 2004; OpenCV's INPAINT_TELEA).",
        discussion: """
            Any image size. A mask pixel that is not zero is a hole (--invert-mask for the opposite). Known pixels are \
            kept bit for bit; the result is deterministic. Example: compare telea face.png mask.png -o out.png --radius 5
            """)

    @OptionGroup var files: SingleImageOptions

    @Option(help: "Radius ε in pixels of the neighbourhood each hole pixel is estimated from (at least 1).")
    var radius: Double = 5

    @Flag(help: "Drop the paper's first-order term: each pixel is the weighted mean of its neighbours (smoother).")
    var zeroOrder = false

    func validate() throws {
        guard radius.isFinite, radius >= 1 else { throw ValidationError("--radius must be at least 1, got \(radius)") }
    }

    func run() throws {
        let (image, holes) = try files.read(notice: warn)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try TeleaInpainter(parameters: Parameters(radius: radius, firstOrder: !zeroOrder)).inpaint(image, mask: holes)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        warn(
            String(
                format: "%dx%d, %d hole pixels, radius %g: %.3f s", image.width, image.height,
                holes.holeCount, radius, seconds))
        try files.write(result)
        warn("wrote \(files.output)")
    }

    private func warn(_ text: String) {
        printToStandardError("compare telea: " + text)
    }
}
