import ComparisonKit
import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine

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

    /// Reads `weights`, timed apart from the images: the file and its load time in seconds (wall).
    static func load(label: String, weights: URL) throws -> (file: CompletionModelFile, seconds: Double) {
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw ComparisonError.methodUnavailable(method: label, reason: "weights file \(weights.path) does not exist")
        }
        let (file, elapsed) = try Stopwatch.measure { try CompletionModelFile.load(path: weights.path) }
        return (file, elapsed.wall)
    }

    /// The network of `file` (read from `weights`) with the pass-through options and `ablation` (LAYER:CH,…), if
    /// any; `loadSeconds` is nil for a method that shares a file loaded for an earlier one (inference does not
    /// change the network).
    init(
        label: String, weights: URL, file: CompletionModelFile, loadSeconds: Double?, options: MethodOptions,
        ablation: String?
    ) throws {
        self.label = label
        threads = options.threads
        self.loadSeconds = loadSeconds
        var parameters = Inpainter.Parameters(blend: options.iizukaBlend, batchSize: 1)
        if let text = ablation {
            parameters.ablation = try ChannelAblation(parsing: text, outputChannels: file.network.blockOutputChannels)
        }
        if let mpv = options.iizukaMpv { parameters.meanPixelValue = mpv }
        file.network.precision = resolvedPrecision(options.iizukaPrecision, training: false)
        file.network.engineOptions = EngineOptions(threads: options.threads)
        inpainter = try Inpainter(network: file.network, metadataMeanPixelValue: file.meanPixelValue, parameters: parameters)
        notices = inpainter.notices.map { "\(label): \($0)" }
        var settings = [
            "weights": weights.lastPathComponent, "mpv": inpainter.meanPixelValue.description,
            "blend": parameters.blend.rawValue, "batch": "1", "precision": file.network.precision.rawValue
        ]
        if let ablation { settings["ablate"] = ablation }
        self.settings = settings
    }

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        InpaintOutput(image: try inpainter.complete(image: image, mask: mask))
    }
}
