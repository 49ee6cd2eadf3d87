// `--methods results:[LABEL=]DIR`: another tool's outputs, made beforehand on the same inputs (`compare masks`
// writes them), scored like the suite's own methods. The output of image NAME is DIR/NAME or DIR/STEM.png, or,
// for a pattern holding `{stem}`, the pattern with the stem put in. It must be the crop's size, and its known
// pixels (outside the hole) must be the input's within one 8-bit level — a tool that does not paste its output
// into the known pixels would otherwise be scored on pixels it was given — unless `composite` is set, which does
// that paste here. The run does not time these outputs. See docs/methods-and-masks.md.

import Foundation
import ImageCore

/// Precomputed outputs of another tool, as a method of the comparison.
public final class PrecomputedResults: InpaintingMethod {
    public let label: String
    /// The folder, or the file pattern with `{stem}`.
    public let location: String
    /// Paste the output into the known pixels instead of requiring it to match them.
    public let composite: Bool
    public let threads = 1
    public let loadSeconds: Double? = nil
    public var isExternal: Bool { true }

    /// The largest difference, in 8-bit levels, a known pixel may show against the input.
    public static let knownPixelTolerance = 1

    /// Throws when the folder (or the pattern's folder) does not exist.
    public init(label: String, location: String, composite: Bool) throws {
        self.label = label
        self.location = location
        self.composite = composite
        let folder = isPattern ? (location as NSString).deletingLastPathComponent : location
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ComparisonError.resultsFolderMissing(method: label, path: folder)
        }
    }

    public var settings: [String: String] {
        ["outputs": location, "composite": composite ? "pasted into the known pixels (--composite)" : "checked"]
    }

    private var isPattern: Bool { location.contains("{stem}") }

    /// The output file of `entry`, or nil when none exists.
    public func outputFile(for entry: ImageEntry) -> URL? {
        let candidates =
            isPattern
            ? [location.replacingOccurrences(of: "{stem}", with: entry.stem)]
            : [entry.name, entry.stem + ".png"].map { (location as NSString).appendingPathComponent($0) }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    public func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        throw PrecomputedResultsError.noImageName(method: label)
    }

    public func inpaint(_ image: Image, mask: Mask, entry: ImageEntry) throws -> InpaintOutput {
        guard let url = outputFile(for: entry) else {
            let looked =
                isPattern
                ? location.replacingOccurrences(of: "{stem}", with: entry.stem)
                : "\(entry.name) or \(entry.stem).png in \(location)"
            throw PrecomputedResultsError.missing(image: entry.name, looked: looked)
        }
        let output: Image
        do { output = try ImageIO.read(url) } catch {
            throw PrecomputedResultsError.unreadable(path: url.path, reason: "\(error)")
        }
        guard output.width == image.width, output.height == image.height else {
            throw PrecomputedResultsError.wrongSize(
                path: url.path, width: output.width, height: output.height,
                expectedWidth: image.width, expectedHeight: image.height)
        }
        if composite { return InpaintOutput(image: PrecomputedResults.pasted(output, into: image, mask: mask)) }
        let (count, largest) = PrecomputedResults.knownPixelDifferences(output, image, mask)
        guard count == 0 else {
            throw PrecomputedResultsError.knownPixelsChanged(
                path: url.path, pixels: count, known: mask.width * mask.height - mask.holeCount,
                largestLevels: largest)
        }
        return InpaintOutput(image: output)
    }

    /// Known pixels (any channel) that differ from the input by more than `knownPixelTolerance` 8-bit
    /// levels, and the largest difference in levels.
    static func knownPixelDifferences(_ output: Image, _ input: Image, _ mask: Mask) -> (count: Int, largestLevels: Int) {
        let plane = input.planeSize
        var count = 0, largest = 0
        for i in 0..<plane where !mask.isHole[i] {
            var worst = 0
            for c in 0..<input.channels {
                let a = Int((output.pixels[c * plane + i] * 255).rounded()), b = Int((input.pixels[c * plane + i] * 255).rounded())
                worst = max(worst, abs(a - b))
            }
            if worst > knownPixelTolerance { count += 1 }
            largest = max(largest, worst)
        }
        return (count, largest)
    }

    /// `output` inside the hole, `input` elsewhere.
    static func pasted(_ output: Image, into input: Image, mask: Mask) -> Image {
        var out = input
        let plane = input.planeSize
        for i in 0..<plane where mask.isHole[i] {
            for c in 0..<input.channels { out.pixels[c * plane + i] = output.pixels[c * plane + i] }
        }
        return out
    }
}

/// Why one image's precomputed output cannot be scored (the row fails with this reason; the run goes on).
public enum PrecomputedResultsError: Error, Equatable, CustomStringConvertible {
    case noImageName(method: String)
    case missing(image: String, looked: String)
    case unreadable(path: String, reason: String)
    case wrongSize(path: String, width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)
    case knownPixelsChanged(path: String, pixels: Int, known: Int, largestLevels: Int)

    public var description: String {
        switch self {
        case .noImageName(let method):
            return "\(method) reads precomputed outputs by image name and cannot inpaint an unnamed image"
        case let .missing(image, looked):
            return "no output for \(image): looked for \(looked)"
        case let .unreadable(path, reason):
            return "cannot read the output \(path): \(reason)"
        case let .wrongSize(path, w, h, ew, eh):
            return
                "the output \(path) is \(w)×\(h) but the run's crop is \(ew)×\(eh): run the tool on the batch's inputs (compare masks) at this size"
        case let .knownPixelsChanged(path, pixels, known, largest):
            return "the output \(path) changes \(pixels) of the \(known) pixels outside the hole (by up to \(largest) levels of 255): "
                + "the tool did not keep the known pixels; pass --composite to paste its output into them"
        }
    }
}
