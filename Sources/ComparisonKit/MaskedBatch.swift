// A masked batch (`compare masks --out DIR`): the inputs, masks and ground truth of a comparison written
// once, so that later runs (`--batch DIR`), on any machine and with any method, see the same holes.
//   DIR/truth/STEM.png   the canonical crop (8-bit)
//   DIR/masks/STEM.png   the hole (255 = hole)
//   DIR/inputs/STEM.png  the masked input (holes white), for looking at
//   DIR/batch.json       what made it; written last, so a batch without it is incomplete

import Foundation
import ImageCore

/// A masked batch folder.
public struct MaskedBatch: Sendable {
    /// What made a batch.
    public struct Manifest: Codable, Equatable, Sendable {
        /// PNG names in truth/ and masks/, in run order.
        public var images: [String]
        /// The source folder the crops came from.
        public var data: String
        /// Where the holes came from.
        public var masks: MaskSourceDescription
        /// Crop side.
        public var size: Int
        /// Images that could not be read, with the reason.
        public var skipped: [SkippedImage]
    }

    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public var truthFolder: URL { folder.appendingPathComponent("truth") }
    public var masksFolder: URL { folder.appendingPathComponent("masks") }
    public var inputsFolder: URL { folder.appendingPathComponent("inputs") }
    public var manifestURL: URL { folder.appendingPathComponent("batch.json") }

    /// Writes the batch of `entries`; `progress(done, total)` after each image.
    @discardableResult
    public func write(
        entries: [ImageEntry], masks: MaskSource, size: Int, data: String,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Manifest {
        var manifest = Manifest(images: [], data: data, masks: masks.description, size: size, skipped: [])
        for (i, entry) in entries.enumerated() {
            do {
                let truth = try ImageIO.readCanonical(entry.url, size: size)
                let mask = try masks.mask(for: entry, width: truth.width, height: truth.height)
                let name = entry.stem + ".png"
                try ImageIO.writePNG(truth, to: truthFolder.appendingPathComponent(name))
                try ImageIO.writeMask(mask, to: masksFolder.appendingPathComponent(name))
                try ImageIO.writePNG(ImageIO.masked(truth, mask), to: inputsFolder.appendingPathComponent(name))
                manifest.images.append(name)
            } catch let error as ComparisonError {
                throw error
            } catch {
                manifest.skipped.append(SkippedImage(image: entry.name, reason: "\(error)"))
            }
            progress(i + 1, entries.count)
        }
        guard !manifest.images.isEmpty else {
            throw ComparisonError.nothingReadable(folder: data, firstReason: manifest.skipped.first?.reason ?? "-")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(manifest), to: manifestURL)
        return manifest
    }

    /// Reads the manifest and checks that every file is there.
    public func open() throws -> (manifest: Manifest, source: DataSource, masks: MaskSource) {
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw ComparisonError.batchIncomplete(folder: folder.path, reason: "no batch.json")
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else {
            throw ComparisonError.batchIncomplete(folder: folder.path, reason: "batch.json is not a batch manifest")
        }
        // The crop side as `--size` allows it, and no larger than ImageLimits (docs/robustness.md).
        guard manifest.size >= 16, manifest.size % 4 == 0, manifest.size <= ImageLimits.maxSide else {
            throw ComparisonError.batchIncomplete(
                folder: folder.path,
                reason: "batch.json gives the crop size \(manifest.size); a multiple of 4 from 16 to \(ImageLimits.maxSide) was expected")
        }
        let source = try DataSource(folder: truthFolder, names: manifest.images)
        let masks = MaskSource.folder(masksFolder, inverted: false)
        try masks.validate(source.entries)
        return (manifest, source, masks)
    }
}
