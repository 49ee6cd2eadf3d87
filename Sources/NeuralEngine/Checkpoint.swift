// A checkpoint: named tensors plus string metadata, read from any of the formats the suite accepts.

import Foundation

/// Named tensors and their metadata (architecture, mean pixel value, training step, …).
public struct Checkpoint: Sendable, Equatable {
    /// The tensors, in file order.
    public var tensors: StateDict
    /// Free-form string metadata (safetensors `__metadata__`); empty for PyTorch imports.
    public var metadata: [String: String]

    /// Creates a checkpoint from tensors and metadata.
    public init(tensors: StateDict, metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The on-disk formats `load` recognises.
    public enum Format: String, Sendable {
        /// Hugging Face safetensors (the suite's native format).
        case safetensors
        /// `torch.save` zip archive (PyTorch ≥ 1.6).
        case torchZip
        /// `torch.save` legacy format: five pickles then raw storages (PyTorch < 1.6).
        case torchLegacy
    }

    /// Loads a checkpoint, recognising the format from the file's first bytes.
    /// PyTorch files have a leading `module.` (from `nn.DataParallel`) stripped from their keys.
    /// - Throws: `CheckpointError` for unreadable, truncated, malformed or hostile files.
    public static func load(path: String) throws -> Checkpoint {
        switch try detectFormat(path: path) {
        case .safetensors: return try SafeTensors.read(path: path)
        case .torchZip: return Checkpoint(tensors: try TorchCheckpoint.readZip(path: path).strippingPrefix("module."))
        case .torchLegacy: return Checkpoint(tensors: try TorchCheckpoint.readLegacy(path: path).strippingPrefix("module."))
        }
    }

    /// The format of the file at `path`, from its first bytes.
    public static func detectFormat(path: String) throws -> Format {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 9))
        if head.count >= 4, head[0] == 0x50, head[1] == 0x4B, head[2] == 0x03, head[3] == 0x04 { return .torchZip }
        if head.count >= 2, head[0] == 0x80, head[1] == 0x02 { return .torchLegacy }
        if head.count >= 9, head[8] == UInt8(ascii: "{") { return .safetensors }
        if head.count < 9 { throw CheckpointError.truncated(path: path, reason: "only \(head.count) bytes") }
        throw CheckpointError.badFormat(path: path, reason: "neither safetensors, a torch.save zip archive nor a legacy torch.save pickle")
    }
}
