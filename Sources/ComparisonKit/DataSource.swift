// The list of images a run compares: a folder of PNG/JPEG files (sorted by name), optionally filtered by a
// CelebA partition split, cut to `--limit`. Only names are held; each image is read when its turn comes,
// so a run never holds the whole data set in memory.

import Foundation

/// One image of a run: its file name (the key of every result row) and where to read it.
public struct ImageEntry: Equatable, Codable, Sendable {
    /// File name inside the data folder (e.g. "000002.jpg").
    public let name: String
    /// Full path.
    public let url: URL

    public init(name: String, url: URL) {
        self.name = name
        self.url = url
    }

    /// The name without its extension, used for output file names.
    public var stem: String { (name as NSString).deletingPathExtension }
}

/// The images of a run, in order.
public struct DataSource: Sendable {
    /// File extensions that count as images (lower-cased).
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// The folder the images come from.
    public let folder: URL
    /// The selected images, in run order.
    public let entries: [ImageEntry]

    /// Lists `folder`; with `partition`, keeps the names of `split` in the partition's order (every one of
    /// them must exist); keeps the first `limit` when given.
    public init(folder: URL, partition: URL? = nil, split: Split = .test, limit: Int? = nil) throws {
        let files = try DataSource.imageFiles(in: folder)
        var names: [String]
        if let partition {
            let listed = try Partition(contentsOf: partition).names(in: split)
            let present = Set(files)
            let missing = listed.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw ComparisonError.partitionNamesAbsent(path: partition.path, missing: missing, folder: folder.path)
            }
            names = listed
            guard !names.isEmpty else {
                throw ComparisonError.emptySelection("the partition file \(partition.path) has no \(split.rawValue) image")
            }
        } else {
            names = files
        }
        if let limit { names = Array(names.prefix(max(0, limit))) }
        guard !names.isEmpty else { throw ComparisonError.emptySelection("--limit \(limit ?? 0) leaves no image") }
        self.folder = folder
        self.entries = names.map { ImageEntry(name: $0, url: folder.appendingPathComponent($0)) }
    }

    /// The images `names` of `folder`, in that order (each must exist).
    public init(folder: URL, names: [String]) throws {
        let present = Set(try DataSource.imageFiles(in: folder))
        let missing = names.filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw ComparisonError.batchIncomplete(folder: folder.path, reason: "\(missing.count) image(s) missing, e.g. \(missing[0])")
        }
        guard !names.isEmpty else { throw ComparisonError.noImages(folder: folder.path) }
        self.folder = folder
        self.entries = names.map { ImageEntry(name: $0, url: folder.appendingPathComponent($0)) }
    }

    /// Sorted names of the PNG/JPEG files directly inside `folder` (hidden files excluded).
    public static func imageFiles(in folder: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ComparisonError.folderMissing(folder.path)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") && imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
        guard !names.isEmpty else { throw ComparisonError.noImages(folder: folder.path) }
        return names
    }
}
