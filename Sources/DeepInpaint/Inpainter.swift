// Image completion with the GLCIC completion network as otenim runs it (docs/network-and-training.md §1.4–1.5, §4.2):
// input x·(1−M) + mpv·M with the mask as a fourth channel, eval-mode network, output composited with the
// known pixels x·(1−M) + C(x)·M, optionally Poisson-blended (Δf = Δ(network output) in the hole, boundary
// values from the known pixels). Sides that are not multiples of 4 are padded (edge pixels repeated,
// marked known) and the result cropped back; images are never resized.

import Foundation
import ImageCore
import NeuralEngine

/// Completes images with a loaded completion network.
public final class Inpainter {
    /// Post-processing of the completed region.
    public enum Blend: String, Sendable, CaseIterable {
        /// Composite only: network output inside the hole, known pixels outside.
        case none
        /// Poisson blending of the network output into the known pixels (the paper's post-processing).
        case poisson
    }

    /// Tunables of the inference.
    public struct Parameters: Sendable {
        /// Mean pixel value filling the holes; nil = the weights' metadata, else the CelebA mean (with a notice).
        public var meanPixelValue: MeanPixelValue?
        /// Post-processing (default none: composite only, docs/network-and-training.md §1.5).
        public var blend: Blend
        /// Block output channels forced to zero (default none).
        public var ablation: ChannelAblation
        /// Images of equal size run through the network together, at most this many at a time (memory bound;
        /// 8 keeps a 160×160 batch near 0.5 GB of activations).
        public var batchSize: Int
        /// Poisson solver settings (ImageCore defaults).
        public var poisson: PoissonBlendParameters

        public init(
            meanPixelValue: MeanPixelValue? = nil, blend: Blend = .none, ablation: ChannelAblation = ChannelAblation(),
            batchSize: Int = 8, poisson: PoissonBlendParameters = PoissonBlendParameters()
        ) {
            self.meanPixelValue = meanPixelValue
            self.blend = blend
            self.ablation = ablation
            self.batchSize = batchSize
            self.poisson = poisson
        }
    }

    /// The network (always run in eval mode; its `training` flag is left as the caller set it).
    public let network: CompletionNetwork
    /// The mean pixel value in use and where it came from.
    public let meanPixelValue: MeanPixelValue
    /// The settings.
    public let parameters: Parameters
    /// Messages for the user about choices made (e.g. the CelebA mean used as a fallback). Never printed here.
    public let notices: [String]

    /// Loads weights from a `.safetensors` or otenim `.pt` file.
    /// - Throws: `CheckpointError`, `DeepInpaintError` (e.g. an ablation channel out of range).
    public convenience init(weightsPath: String, parameters: Parameters = Parameters()) throws {
        let file = try CompletionModelFile.load(path: weightsPath)
        try self.init(network: file.network, metadataMeanPixelValue: file.meanPixelValue, parameters: parameters)
    }

    /// Wraps a network already in memory. The mean pixel value is `parameters.meanPixelValue`, else
    /// `metadataMeanPixelValue`, else the CelebA mean.
    public init(
        network: CompletionNetwork, metadataMeanPixelValue: MeanPixelValue? = nil,
        parameters: Parameters = Parameters()
    ) throws {
        precondition(parameters.batchSize >= 1, "Inpainter: batch size \(parameters.batchSize)")
        let counts = network.blockOutputChannels
        for (block, channels) in parameters.ablation.channels {
            guard block >= 1, block <= counts.count else {
                throw DeepInpaintError.badAblation(item: "block\(block)", reason: "unknown layer")
            }
            if let bad = channels.first(where: { $0 < 0 || $0 >= counts[block - 1] }) {
                throw DeepInpaintError.badAblation(item: "block\(block):\(bad)", reason: "channel out of range 0..<\(counts[block - 1])")
            }
        }
        self.network = network
        self.parameters = parameters
        if let mpv = parameters.meanPixelValue ?? metadataMeanPixelValue {
            meanPixelValue = mpv
            notices = []
        } else {
            meanPixelValue = .celebA
            notices = ["no mean pixel value given (--mpv) or stored in the weights: using the CelebA mean \(MeanPixelValue.celebA)"]
        }
    }

    /// Most pixels of one image (2048²): the activations take about 0.75 GB per 1024² (docs/robustness.md).
    public static let maxPixels = 2048 * 2048

    /// Completes one image. mask: same size, true = hole.
    public func complete(image: Image, mask: Mask) throws -> Image {
        try complete(images: [image], masks: [mask])[0]
    }

    /// Completes many images; images of equal size share network passes (`parameters.batchSize` at a time).
    /// - Parameter progress: called with (images done, total) after each network pass.
    public func complete(images: [Image], masks: [Mask], progress: ((Int, Int) -> Void)? = nil) throws -> [Image] {
        guard images.count == masks.count else { throw DeepInpaintError.countMismatch(images: images.count, masks: masks.count) }
        for (i, (image, mask)) in zip(images, masks).enumerated() {
            guard image.channels == 3 else { throw DeepInpaintError.notRGB(channels: image.channels, index: i) }
            guard image.width * image.height <= Self.maxPixels else {
                throw DeepInpaintError.imageTooLarge(width: image.width, height: image.height, index: i)
            }
            guard image.width == mask.width, image.height == mask.height else {
                throw DeepInpaintError.sizeMismatch(image: (image.width, image.height), mask: (mask.width, mask.height), index: i)
            }
        }
        var results = [Image?](repeating: nil, count: images.count)
        var done = 0
        for group in Self.batches(images, batchSize: parameters.batchSize) {
            let raw = networkOutput(group.map { images[$0] }, group.map { masks[$0] })
            for (k, i) in group.enumerated() {
                results[i] = finish(image: images[i], mask: masks[i], raw: raw[k])
            }
            done += group.count
            progress?(done, images.count)
        }
        return results.map { $0! }
    }

    /// The raw network output (sigmoid, before compositing) for one image, cropped to its size.
    public func rawOutput(image: Image, mask: Mask) -> Image {
        networkOutput([image], [mask])[0]
    }

    // MARK: - Steps

    /// Indices grouped by image size, in order of first appearance, split into chunks of `batchSize`.
    static func batches(_ images: [Image], batchSize: Int) -> [[Int]] {
        var order: [String] = [], groups: [String: [Int]] = [:]
        for (i, image) in images.enumerated() {
            let key = "\(image.width)x\(image.height)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        return order.flatMap { key in
            stride(from: 0, to: groups[key]!.count, by: batchSize).map { Array(groups[key]![$0..<min($0 + batchSize, groups[key]!.count)]) }
        }
    }

    /// Runs the network on same-size images; returns the raw outputs cropped to the images' size.
    private func networkOutput(_ images: [Image], _ masks: [Mask]) -> [Image] {
        let input = NetworkInput(images: images, masks: masks, meanPixelValue: meanPixelValue.rgb)
        let output = network.inference(input.tensor, ablation: parameters.ablation)
        return input.images(from: output)
    }

    /// Composites (and optionally blends) the raw output with the known pixels.
    private func finish(image: Image, mask: Mask, raw: Image) -> Image {
        switch parameters.blend {
        case .none:
            return Self.composite(known: image, generated: raw, mask: mask)
        case .poisson:
            return poissonBlend(source: raw, destination: image, mask: mask, parameters: parameters.poisson)
        }
    }

    /// `known·(1−M) + generated·M`: generated pixels inside the hole, known pixels (bit for bit) outside.
    public static func composite(known: Image, generated: Image, mask: Mask) -> Image {
        var out = known
        let plane = known.planeSize
        for c in 0..<known.channels {
            for i in 0..<plane where mask.isHole[i] { out.pixels[c * plane + i] = generated.pixels[c * plane + i] }
        }
        return out
    }
}
