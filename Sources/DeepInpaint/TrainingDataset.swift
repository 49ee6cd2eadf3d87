// The training images: a folder of JPEG/PNG files, optionally split by CelebA's official partition file
// (train split for training, val split for the monitoring batch), checked once at start, with the mean
// pixel value (mpv) of the training set computed as otenim's train.py does (docs/network-and-training.md §1.4):
// the mean over training images of each image's per-channel mean, at the file's full resolution.
import Foundation
import ImageCore

/// The list of training and monitoring images, checked and summarised.
public struct TrainingDataset: Sendable {
    /// The readable training images, sorted by file name.
    public let trainFiles: [URL]
    /// The images of the fixed monitoring batch (val split, or the first training images without a partition).
    public let monitoringFiles: [URL]
    /// Training images skipped because they could not be decoded.
    public let unreadableCount: Int
    /// The first decoding error met, if any.
    public let firstUnreadableError: String?
    /// Mean pixel value per channel (R, G, B) of the training set, in [0, 1].
    public let meanPixel: [Float]

    /// The largest number of monitoring images shown in the checkpoint grids (otenim: 16).
    public static let maxMonitoringImages = 16

    /// Lists, checks and summarises the images of `folder`.
    /// - Parameters:
    ///   - partitionFile: CelebA's `list_eval_partition.txt` (file, partition 0/1/2), or nil to train on all.
    ///   - size: the training size; every training image's short side must be at least this.
    ///   - threads: decoding threads for the scan.
    public init(folder: URL, partitionFile: URL?, size: Int, threads: Int = defaultThreadCount) throws {
        let all = try Self.listImages(in: folder)
        var train = all, monitor: [URL] = []
        if let partitionFile {
            let split = try Self.readPartition(partitionFile)
            train = all.filter { split[$0.lastPathComponent] == 0 }
            monitor = all.filter { split[$0.lastPathComponent] == 1 }
        }
        guard !train.isEmpty else { throw TrainingError.noImages(path: folder.path, partition: partitionFile?.path) }
        let scan = Self.scan(train, threads: threads)
        let readable = train.indices.filter { scan[$0].mean != nil }
        let failures = train.indices.compactMap { scan[$0].error }
        guard !readable.isEmpty else {
            throw TrainingError.noReadableImages(path: folder.path, unreadable: train.count, firstError: failures.first ?? "?")
        }
        let small = readable.filter { min(scan[$0].width, scan[$0].height) < size }
        if let first = small.first {
            throw TrainingError.imageTooSmall(
                path: train[first].path, width: scan[first].width,
                height: scan[first].height, size: size, count: small.count)
        }
        var mpv = [Double](repeating: 0, count: 3)
        for i in readable { for c in 0..<3 { mpv[c] += scan[i].mean![c] } }
        meanPixel = mpv.map { Float($0 / Double(readable.count)) }
        trainFiles = readable.map { train[$0] }
        unreadableCount = failures.count
        firstUnreadableError = failures.first
        let monitorPool = monitor.isEmpty ? trainFiles : monitor
        monitoringFiles = Array(monitorPool.prefix(Self.maxMonitoringImages))
    }

    /// JPEG and PNG files directly inside `folder`, sorted by name.
    static func listImages(in folder: URL) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw TrainingError.unreadableFolder(path: folder.path)
        }
        let extensions: Set<String> = ["jpg", "jpeg", "png"]
        return names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
            .sorted().map { folder.appendingPathComponent($0) }
    }

    /// The partition of each file name (0 train, 1 val, 2 test).
    static func readPartition(_ url: URL) throws -> [String: Int] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TrainingError.badPartitionFile(path: url.path, line: 0, reason: "cannot read the file")
        }
        var split: [String: Int] = [:]
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            if fields.isEmpty { continue }
            guard fields.count == 2, let part = Int(fields[1]), (0...2).contains(part) else {
                throw TrainingError.badPartitionFile(path: url.path, line: number + 1, reason: "expected 'file partition', found '\(line)'")
            }
            split[String(fields[0])] = part
        }
        guard !split.isEmpty else { throw TrainingError.badPartitionFile(path: url.path, line: 0, reason: "no entry") }
        return split
    }

    struct ScanResult {
        var width = 0, height = 0
        var mean: [Double]?
        var error: String?
    }

    /// Decodes every file once: its size and per-channel mean, or the decoding error.
    static func scan(_ files: [URL], threads: Int) -> [ScanResult] {
        var results = [ScanResult](repeating: ScanResult(), count: files.count)
        results.withUnsafeMutableBufferPointer { out in
            let out = out
            parallelFor(files.count, threads: threads) { i in
                do {
                    let image = try ImageFile.read(files[i]).image
                    let plane = image.planeSize
                    let mean = (0..<3).map { c -> Double in
                        var s = 0.0
                        for k in 0..<plane { s += Double(image.pixels[c * plane + k]) }
                        return s / Double(plane)
                    }
                    out[i] = ScanResult(width: image.width, height: image.height, mean: mean, error: nil)
                } catch {
                    out[i] = ScanResult(error: "\(files[i].lastPathComponent): \(error)")
                }
            }
        }
        return results
    }
}
