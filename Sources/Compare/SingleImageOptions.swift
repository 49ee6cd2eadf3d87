import ArgumentParser
import Foundation
import ImageCore

/// IMAGE MASK -o OUT.png [--invert-mask]: the files of the commands that inpaint one image (`compare patch`,
/// `compare telea`, `compare iizuka`), with the same help, checks and reading for all three.
struct SingleImageOptions: ParsableArguments {
    @Argument(help: "The image (PNG or JPEG).")
    var image: String

    @Argument(help: "The mask (PNG or JPEG), the image's size; non-zero = hole.")
    var mask: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the result (PNG).")
    var output: String

    @Flag(help: "Treat zero mask pixels as the hole.")
    var invertMask = false

    func validate() throws {
        guard output.lowercased().hasSuffix(".png") else { throw ValidationError("the output must be a .png file, got \(output)") }
    }

    /// The image and its holes, checked against each other; the image's notes (e.g. a grey or 16-bit file)
    /// go to `notice`, prefixed with its path.
    func read(notice: (String) -> Void) throws -> (image: Image, holes: Mask) {
        let loaded = try ImageFile.read(URL(fileURLWithPath: image))
        for note in loaded.notes { notice("\(image): \(note)") }
        let holes = try Mask.read(URL(fileURLWithPath: mask), invert: invertMask)
        try holes.validate(against: loaded.image, path: mask)
        return (loaded.image, holes)
    }

    /// Writes the result to --output as an 8-bit PNG.
    func write(_ result: Image) throws {
        try ImageFile.writePNG(result, to: URL(fileURLWithPath: output))
    }
}
