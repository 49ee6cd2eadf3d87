import Foundation

/// Everything that can go wrong in a comparison run because of the user's input or the environment.
/// Each case carries the data the message needs, and the message says what to do.
public enum ComparisonError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case folderMissing(String)
    case noImages(folder: String)
    case partitionUnreadable(path: String, reason: String)
    case partitionLine(path: String, line: Int, text: String)
    case partitionNamesAbsent(path: String, missing: [String], folder: String)
    case emptySelection(String)
    case unknownProtocol(String)
    case unknownMethod(String)
    case badMethodAblation(String)
    case badResultsEntry(String)
    case resultsFolderMissing(method: String, path: String)
    case badShard(String)
    case duplicateMethod([String])
    case methodUnavailable(method: String, reason: String)
    case nothingReadable(folder: String, firstReason: String)
    case maskFileMissing(folder: String, name: String)
    case batchIncomplete(folder: String, reason: String)
    case csvParse(path: String, line: Int, reason: String)
    case mergeMismatch(String)
    case featureFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .folderMissing(let path):
            return "folder \(path) does not exist: pass --data with a folder of PNG/JPEG images (for instance CelebA's img_align_celeba)"
        case .noImages(let folder):
            return "no PNG or JPEG images in \(folder): pass --data with a folder that holds .png/.jpg/.jpeg files"
        case .partitionUnreadable(let path, let reason):
            return "cannot read the partition file \(path) (\(reason)): pass --partition with CelebA's list_eval_partition.txt"
        case .partitionLine(let path, let line, let text):
            return "\(path):\(line): expected 'FILE PARTITION' with PARTITION 0, 1 or 2, found '\(text)'"
        case .partitionNamesAbsent(let path, let missing, let folder):
            let shown = missing.prefix(5).joined(separator: ", ")
            return
                "\(missing.count) file(s) named in \(path) are absent from \(folder) (\(shown)\(missing.count > 5 ? ", …" : "")): check that --data and --partition belong together"
        case .emptySelection(let why):
            return "no image left to compare: \(why)"
        case .unknownProtocol(let name):
            return
                "unknown mask protocol '\(name)': use one of \(MaskProtocol.allCases.map(\.rawValue).joined(separator: ", ")), or --masks DIR"
        case .unknownMethod(let name):
            return
                "unknown method '\(name)': use patch, telea, iizuka, iizuka:WEIGHTS.safetensors, iizuka@LAYER:CHANNEL or results:[LABEL=]DIR (comma-separated, e.g. --methods patch,iizuka,telea)"
        case .badResultsEntry(let item):
            return
                "bad results entry '\(item)': write results:DIR or results:LABEL=DIR (LABEL of letters, digits, '.', '_', '-'), DIR holding one output per image (NAME or STEM.png), or a file pattern with {stem} (results:lama=out/{stem}_mask.png)"
        case .resultsFolderMissing(let method, let path):
            return "\(method): the results folder \(path) does not exist: give the folder that holds the other tool's outputs"
        case .badMethodAblation(let item):
            return
                "bad ablation in '\(item)': write iizuka@LAYER:CHANNEL, several joined by '+' (iizuka@conv1:6+conv14:3), or iizuka@LAYER:* for one method per channel of that layer"
        case .badShard(let text):
            return "bad --shard '\(text)': write i/n with 1 ≤ i ≤ n (e.g. --shard 2/8 for the second of eight parts)"
        case .duplicateMethod(let labels):
            let repeated = labels.enumerated().filter { labels[..<$0.offset].contains($0.element) }.map(\.element)
            return
                "--methods names the same configuration twice (\(Array(Set(repeated)).sorted().joined(separator: ", "))): give each entry its own weights file or ablation"
        case .methodUnavailable(let method, let reason):
            return "cannot run \(method): \(reason)"
        case .nothingReadable(let folder, let firstReason):
            return "no image of \(folder) could be read (first: \(firstReason)); nothing was compared"
        case .maskFileMissing(let folder, let name):
            return "the mask folder \(folder) has no mask for image \(name): give every image a mask PNG of the same name"
        case .batchIncomplete(let folder, let reason):
            return "\(folder) is not a complete masked batch (\(reason)): write one with `compare masks --out DIR`"
        case .csvParse(let path, let line, let reason):
            return "\(path):\(line): \(reason): is this a results.csv written by `compare`?"
        case .mergeMismatch(let reason):
            return "cannot merge these run folders: \(reason)"
        case .featureFile(let path, let reason):
            return "FID features file \(path): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
