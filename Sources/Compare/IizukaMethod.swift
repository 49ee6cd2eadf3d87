import ComparisonKit
import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine
import Synchronization

/// The completion network (DeepInpaint) as the driver runs it, one image per network pass (the fastest
/// per image on 2 cores). Adapter: the only file of the driver that calls DeepInpaint.
final class IizukaMethod: InpaintingMethod {
    let label: String
    let threads: Int
    let loadSeconds: Double?
    let settings: [String: String]
    /// Messages from the inference set-up (e.g. the mean pixel value fallback), for the terminal.
    let notices: [String]
    let inpainter: Inpainter

    /// Reads `weights`; its load time goes to the first method made from it.
    static func load(label: String, weights: URL) throws -> CompletionModelFile {
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw ComparisonError.methodUnavailable(method: label, reason: "weights file \(weights.path) does not exist")
        }
        let (file, elapsed) = try Stopwatch.measure { try CompletionModelFile.load(path: weights.path) }
        loadTimes.withLock { $0[weights] = elapsed.wall }
        return file
    }

    private static let loadTimes = Mutex<[URL: Double]>([:])

    /// The network of `file` (read from `weights`, timed apart from the images) with the pass-through options
    /// and `ablation` (LAYER:CH,…), if any. Several methods may share one file: inference does not change it.
    init(label: String, weights: URL, file: CompletionModelFile, options: MethodOptions, ablation: String?) throws {
        self.label = label
        EngineThreads.cores = options.threads
        threads = options.threads
        loadSeconds = Self.loadTimes.withLock { $0.removeValue(forKey: weights) }   // the first entry of a file paid for it
        var parameters = Inpainter.Parameters(blend: Inpainter.Blend(rawValue: options.iizukaBlend) ?? .none, batchSize: 1)
        if let text = ablation {
            parameters.ablation = try ChannelAblation(parsing: text, outputChannels: file.network.blockOutputChannels)
        }
        if let text = options.iizukaMpv { parameters.meanPixelValue = try MeanPixelValue(parsing: text) }
        inpainter = try Inpainter(network: file.network, metadataMeanPixelValue: file.meanPixelValue, parameters: parameters)
        notices = inpainter.notices.map { "\(label): \($0)" }
        var settings = ["weights": weights.lastPathComponent, "mpv": inpainter.meanPixelValue.description,
                        "blend": parameters.blend.rawValue, "batch": "1"]
        if let ablation { settings["ablate"] = ablation }
        self.settings = settings
    }

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        InpaintOutput(image: try inpainter.complete(image: image, mask: mask))
    }
}
