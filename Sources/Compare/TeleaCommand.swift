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

    @Argument(help: "The image (PNG or JPEG).")
    var image: String

    @Argument(help: "The mask (PNG or JPEG), the image's size; non-zero = hole.")
    var mask: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the result (PNG).")
    var output: String

    @Option(help: "Radius ε in pixels of the neighbourhood each hole pixel is estimated from (at least 1).")
    var radius: Double = 5

    @Flag(help: "Drop the paper's first-order term: each pixel is the weighted mean of its neighbours (smoother).")
    var zeroOrder = false

    @Flag(help: "Treat zero mask pixels as the hole.")
    var invertMask = false

    func validate() throws {
        guard output.lowercased().hasSuffix(".png") else { throw ValidationError("the output must be a .png file, got \(output)") }
        guard radius.isFinite, radius >= 1 else { throw ValidationError("--radius must be at least 1, got \(radius)") }
    }

    func run() throws {
        let loaded = try ImageFile.read(URL(fileURLWithPath: image))
        for note in loaded.notes { warn("\(image): \(note)") }
        let holes = try Mask.read(URL(fileURLWithPath: mask), invert: invertMask)
        try holes.validate(against: loaded.image, path: mask)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try TeleaInpainter(parameters: Parameters(radius: radius, firstOrder: !zeroOrder)).inpaint(loaded.image, mask: holes)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        warn(String(format: "%dx%d, %d hole pixels, radius %g: %.3f s", loaded.image.width, loaded.image.height,
                    holes.holeCount, radius, seconds))
        try ImageFile.writePNG(result, to: URL(fileURLWithPath: output))
        warn("wrote \(output)")
    }

    private func warn(_ text: String) {
        FileHandle.standardError.write(Data(("compare telea: " + text + "\n").utf8))
    }
}
