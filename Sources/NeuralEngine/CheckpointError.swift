// The errors of checkpoint IO (safetensors and PyTorch imports).

import Foundation

/// What went wrong reading or writing a checkpoint. Each case names the file part or tensor at fault.
public enum CheckpointError: Error, CustomStringConvertible, LocalizedError {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file ends before the data it announces.
    case truncated(path: String, reason: String)
    /// The file is not in the expected format (bad header, bad JSON, bad pickle, bad zip layout).
    case badFormat(path: String, reason: String)
    /// A tensor's element type is not supported.
    case unsupportedDType(key: String, dtype: String)
    /// A key the model needs is absent.
    case missingKey(String)
    /// A key the model does not have is present.
    case unexpectedKey(String)
    /// A tensor has the wrong shape.
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    /// A tensor holds NaN or ±Inf.
    case nonFinite(key: String, index: Int, value: Float)
    /// A pickle asked for a global outside the allow-list (a hostile or non-state_dict file).
    case forbiddenGlobal(String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read checkpoint \(path): \(reason)"
        case let .truncated(path, reason):
            return "checkpoint \(path) is truncated (\(reason)); copy or download it again"
        case let .badFormat(path, reason):
            return "\(path) is not a valid checkpoint: \(reason)"
        case let .unsupportedDType(key, dtype):
            return "tensor '\(key)' has element type \(dtype); only F32, F16, BF16, F64 and I64 are supported"
        case let .missingKey(key):
            return "checkpoint lacks tensor '\(key)'; is it a checkpoint of this network (and architecture)?"
        case let .unexpectedKey(key):
            return "checkpoint has tensor '\(key)' that this network does not have; is it a checkpoint of another network or architecture?"
        case let .shapeMismatch(key, expected, found):
            return "tensor '\(key)' has shape \(found) but the network expects \(expected); check the architecture and width multiplier"
        case let .nonFinite(key, index, value):
            return "tensor '\(key)' holds \(value) at flat index \(index); the checkpoint is corrupt or training diverged"
        case let .forbiddenGlobal(name):
            return
                "pickle refers to global '\(name)', which a state_dict never uses; refusing to load (only collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch.FloatStorage, torch.LongStorage are allowed)"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
