import Foundation

/// What can go wrong when training because of the user's data, flags or run folder.
/// Each case says what happened and what to do about it.
public enum TrainingError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The data folder does not exist or cannot be listed.
    case unreadableFolder(path: String)
    /// The data folder (or its train split) holds no JPEG or PNG file.
    case noImages(path: String, partition: String?)
    /// None of the images could be decoded.
    case noReadableImages(path: String, unreadable: Int, firstError: String)
    /// Some images are smaller than the training size.
    case imageTooSmall(path: String, width: Int, height: Int, size: Int, count: Int)
    /// The partition file is missing or malformed.
    case badPartitionFile(path: String, line: Int, reason: String)
    /// `--resume` was given but the run folder has no checkpoint.
    case noCheckpoint(runFolder: String)
    /// The run folder's checkpoint was made with other settings (width, sizes, discriminators).
    case architectureMismatch(runFolder: String, field: String, checkpoint: String, requested: String)
    /// The checkpoint file is incomplete or of another kind.
    case badCheckpoint(path: String, reason: String)
    /// The network given to start from cannot be read or is of another width.
    case badInitialNetwork(path: String, reason: String)
    /// The run folder already holds a run and `--resume` was not given.
    case runFolderNotEmpty(path: String)
    /// Bad settings (phase steps, sizes, batch).
    case badSetting(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFolder(path):
            return "cannot list the data folder '\(path)': check that it exists and is readable."
        case let .noImages(path, partition):
            if let partition {
                return
                    "no JPEG or PNG image of the train split (partition 0 in '\(partition)') was found in '\(path)'. Check --data and --partition."
            }
            return "the data folder '\(path)' holds no JPEG or PNG image (.jpg, .jpeg, .png). Point --data at a folder of images."
        case let .noReadableImages(path, unreadable, firstError):
            return "none of the \(unreadable) images in '\(path)' could be decoded (first error: \(firstError)). Check the files."
        case let .imageTooSmall(path, width, height, size, count):
            return
                "\(count) image(s) are smaller than the training size \(size) on their short side, e.g. '\(path)' (\(width)x\(height)). Use a smaller --size or remove them."
        case let .badPartitionFile(path, line, reason):
            return
                "the partition file '\(path)' is not usable (line \(line): \(reason)). It must hold lines 'file partition' with partition 0 (train), 1 (val) or 2 (test), as CelebA's list_eval_partition.txt."
        case let .noCheckpoint(runFolder):
            return
                "--resume was given but '\(runFolder)' holds no checkpoint.safetensors. Start without --resume or point --out at the run to continue."
        case let .architectureMismatch(runFolder, field, checkpoint, requested):
            let remedy =
                field.hasPrefix("--")
                ? "Leave \(field) out to continue with the run's value, or use another --out folder."
                : "Resume with the run's settings or use another --out folder."
            return "the run in '\(runFolder)' was made with \(field) = \(checkpoint), but \(requested) was requested. \(remedy)"
        case let .badCheckpoint(path, reason):
            return "the checkpoint '\(path)' cannot be used: \(reason). Resume from another run folder or start afresh."
        case let .badInitialNetwork(path, reason):
            return "the network to start from '\(path)' cannot be used: \(reason)."
        case let .runFolderNotEmpty(path):
            return "'\(path)' already holds a training run. Pass --resume to continue it, or choose another --out folder."
        case let .badSetting(name, value, reason):
            return "\(name) = \(value): \(reason)."
        }
    }

    public var errorDescription: String? { description }
}
