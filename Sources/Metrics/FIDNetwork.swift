// The public face of the FID feature extractor: load the archive once, then turn batches of images into
// 2048-d pool3 feature vectors that callers keep (a sharded run saves them so `compare merge` can compute
// the FID over all parts) and pass to `FrechetDistance`.

import Foundation
import ImageCore
import NeuralEngine

/// The Inception-v3 FID network, read from the TorchScript archive inception-2015-12-05-fid.pt.
public final class FIDNetwork {
    /// Length of a feature vector (pool3).
    public static let featureDimension = 2048

    let network: FIDInceptionV3
    /// The weights file, for error messages.
    let path: String
    /// Threads and convolution lowering of every layer (NeuralEngine's `EngineOptions`; default: all the
    /// suite's cores). Features do not depend on it.
    public var engineOptions: EngineOptions {
        didSet { for conv in network.convolutions { conv.options = engineOptions } }
    }

    /// Loads the network; throws `MetricsError.fidWeightsInvalid` (or a checkpoint error) for a wrong file.
    public init(weights: URL, engineOptions: EngineOptions = EngineOptions()) throws {
        let root: TorchScriptModule
        do {
            root = try TorchScriptArchive.load(path: weights.path)
        } catch let error as CheckpointError {
            throw MetricsError.fidWeightsInvalid(path: weights.path, reason: error.description)
        }
        network = try FIDInceptionV3(archive: root, path: weights.path)
        path = weights.path
        self.engineOptions = engineOptions
        for conv in network.convolutions { conv.options = engineOptions }
    }

    /// Pool3 features of RGB images (any size; resized as the protocol says), `batchSize` at a time.
    /// `progress(done, total)` is called after each batch. Throws `MetricsError.fidWeightsInvalid` naming the
    /// first convolution whose output is not finite when a feature comes out NaN or ±Inf.
    public func features(
        _ images: [Image], batchSize: Int = 8,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [[Float]] {
        precondition(batchSize > 0, "FIDNetwork.features: batch size \(batchSize)")
        var out: [[Float]] = []
        out.reserveCapacity(images.count)
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let batch = Array(images[start..<min(images.count, start + batchSize)])
            let input = FIDPreprocessing.inputTensor(batch)
            let f = features(input: input)
            if f.data.contains(where: { !$0.isFinite }) {
                let layer = network.firstNonFiniteLayer(input, names: network.names) ?? "the final pool"
                throw MetricsError.fidWeightsInvalid(
                    path: path, reason: "the output of '\(layer)' is not finite for images \(start + 1)–\(start + batch.count)")
            }
            for n in 0..<batch.count {
                out.append(Array(f.data[(n * Self.featureDimension)..<((n + 1) * Self.featureDimension)]))
            }
            progress?(out.count, images.count)
        }
        return out
    }

    /// Pool3 features of one RGB image.
    public func features(of image: Image) throws -> [Float] {
        try features([image], batchSize: 1)[0]
    }

    /// Features of a prepared input `[N, 3, 299, 299]` in [−1, 1] → `[N, 2048]`.
    public func features(input: Tensor) -> Tensor {
        network(input)
    }
}
