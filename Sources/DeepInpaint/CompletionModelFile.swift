// Loading and saving a completion network with its metadata, from the suite's safetensors files or from
// otenim's torch.save checkpoints (zip or legacy; docs/network-and-training.md §3).

import Foundation
import NeuralEngine

/// A completion network read from a file, with the file's metadata.
public struct CompletionModelFile {
    /// The network, loaded and in eval mode.
    public let network: CompletionNetwork
    /// The file's metadata (empty for PyTorch checkpoints).
    public let metadata: [String: String]
    /// The mean pixel value recorded in the metadata, if any.
    public let meanPixelValue: MeanPixelValue?

    /// Reads a `.safetensors` or otenim `.pt` checkpoint (format recognised from the content). The width
    /// multiplier comes from the metadata, else from the shape of `conv1.weight`.
    /// - Throws: `CheckpointError` (unreadable, truncated, wrong keys or shapes, NaN, forbidden pickle global)
    ///   or `DeepInpaintError` (another architecture, bad metadata).
    public static func load(path: String) throws -> CompletionModelFile {
        let checkpoint = try Checkpoint.load(path: path)
        let metadata = checkpoint.metadata
        if let arch = metadata[ModelMetadata.architecture], arch != ModelMetadata.completionNetworkName {
            throw DeepInpaintError.wrongArchitecture(expected: ModelMetadata.completionNetworkName, found: arch)
        }
        let network = CompletionNetwork(widthMultiplier: try widthMultiplier(checkpoint))
        try network.load(checkpoint.tensors)
        network.training = false
        var mpv: MeanPixelValue?
        if let text = metadata[ModelMetadata.meanPixelValue] {
            do { mpv = try MeanPixelValue(parsing: text, source: .metadata) } catch {
                throw DeepInpaintError.badMetadata(key: ModelMetadata.meanPixelValue, value: text)
            }
        }
        return CompletionModelFile(network: network, metadata: metadata, meanPixelValue: mpv)
    }

    /// Writes `network` and its metadata as safetensors, atomically.
    public static func save(
        _ network: CompletionNetwork, meanPixelValue: MeanPixelValue?, to path: String,
        step: Int? = nil, phase: Int? = nil, extraMetadata: [String: String] = [:],
        storage: SafeTensors.Storage = .f32
    ) throws {
        var metadata = ModelMetadata.completionNetwork(network, meanPixelValue: meanPixelValue, step: step, phase: phase)
        metadata.merge(extraMetadata) { _, new in new }
        try SafeTensors.write(Checkpoint(tensors: network.stateDict(), metadata: metadata), to: path, storage: storage)
    }

    /// The largest width multiplier a file may ask for (4 = 256/512/1024 channels, about 100 M weights);
    /// larger ones would make the network allocate more than any shipped or trained file needs.
    public static let maxWidthMultiplier: Float = 4

    /// The width multiplier from the metadata or from `conv1.weight`, checked against `maxWidthMultiplier`
    /// and against `conv1.weight` before any layer is allocated.
    private static func widthMultiplier(_ checkpoint: Checkpoint) throws -> Float {
        guard let conv1 = checkpoint.tensors["conv1.weight"], conv1.rank == 4 else {
            throw CheckpointError.missingKey("conv1.weight")
        }
        let w: Float
        if let text = checkpoint.metadata[ModelMetadata.widthMultiplier] {
            guard let value = Float(text), value > 0, value <= maxWidthMultiplier else {
                throw DeepInpaintError.badMetadata(key: ModelMetadata.widthMultiplier, value: text)
            }
            w = value
        } else {
            w = Float(conv1.shape[0]) / 64
            guard w > 0, w <= maxWidthMultiplier else {
                throw CheckpointError.shapeMismatch(key: "conv1.weight", expected: [64, 4, 5, 5], found: conv1.shape)
            }
        }
        let channels = max(1, Int((64 * w).rounded()))
        guard conv1.shape == [channels, 4, 5, 5] else {
            throw CheckpointError.shapeMismatch(key: "conv1.weight", expected: [channels, 4, 5, 5], found: conv1.shape)
        }
        return w
    }
}
