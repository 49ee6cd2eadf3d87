// Where each image's hole comes from: a protocol and the seed, or a folder of mask PNGs named like the
// images (same file name, or the same name with .png).

import Foundation
import ImageCore

/// The masks of a run.
public enum MaskSource: Sendable {
    /// Generated per image from the seed and the file name.
    case generated(MaskProtocol, seed: UInt64)
    /// Read from PNGs; `inverted` swaps the convention (zero = hole).
    case folder(URL, inverted: Bool)

    /// What the report says about it.
    public var description: MaskSourceDescription {
        switch self {
        case .generated(let p, let seed): return .generated(protocolName: p.rawValue, seed: seed)
        case .folder(let url, let inverted): return .folder(path: url.path, inverted: inverted)
        }
    }

    /// Checks, before anything runs, that every image has a mask file.
    public func validate(_ entries: [ImageEntry]) throws {
        guard case .folder(let folder, _) = self else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ComparisonError.folderMissing(folder.path)
        }
        for entry in entries where MaskSource.maskFile(for: entry, in: folder) == nil {
            throw ComparisonError.maskFileMissing(folder: folder.path, name: entry.name)
        }
    }

    /// The mask of `entry` at `width`×`height`.
    public func mask(for entry: ImageEntry, width: Int, height: Int) throws -> Mask {
        switch self {
        case .generated(let p, let seed):
            return p.mask(width: width, height: height, seed: seed, imageName: entry.name)
        case .folder(let folder, let inverted):
            guard let url = MaskSource.maskFile(for: entry, in: folder) else {
                throw ComparisonError.maskFileMissing(folder: folder.path, name: entry.name)
            }
            return try ImageIO.readMask(url, inverted: inverted, width: width, height: height)
        }
    }

    /// NAME itself, or STEM.png, inside `folder`, whichever exists.
    static func maskFile(for entry: ImageEntry, in folder: URL) -> URL? {
        for name in [entry.name, entry.stem + ".png"] {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }
}
