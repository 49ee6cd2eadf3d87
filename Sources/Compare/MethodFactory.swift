import ComparisonKit
import DeepInpaint
import Foundation

/// Builds the methods of `--methods` with their pass-through options. With the default list, a method
/// that cannot run (no network weights) is skipped with a notice; a method the user named is an error.
enum MethodFactory {
    static func make(_ options: MethodOptions, terminal: Terminal) throws -> [InpaintingMethod] {
        var methods: [InpaintingMethod] = []
        var loaded: [URL: CompletionModelFile] = [:]  // one copy of each weights file, shared by its ablations
        for spec in options.specs {
            switch spec.kind {
            case .patch:
                methods.append(PatchMethod(options: options))
            case .telea:
                methods.append(TeleaMethod(options: options))
            case .results:
                methods.append(try PrecomputedResults(label: spec.label, location: spec.results ?? "", composite: options.composite))
            case .iizuka:
                guard let weights = IizukaWeights.locate(spec: spec, options: options) else {
                    if options.explicit {
                        throw ComparisonError.methodUnavailable(method: spec.label, reason: IizukaWeights.missingHint)
                    }
                    terminal.notice("skipped iizuka: \(IizukaWeights.missingHint)")
                    continue
                }
                // The first entry of a weights file reads it and reports the load time; the others share it.
                var loadSeconds: Double?
                if loaded[weights] == nil {
                    let (file, seconds) = try IizukaMethod.load(label: spec.label, weights: weights)
                    (loaded[weights], loadSeconds) = (file, seconds)
                }
                let file = loaded[weights]!
                for entry in try expand(spec, channels: file.network.blockOutputChannels) {
                    let method = try IizukaMethod(
                        label: entry.label, weights: weights, file: file, loadSeconds: loadSeconds,
                        options: options, ablation: entry.ablationList ?? options.iizukaAblate)
                    loadSeconds = nil
                    method.notices.forEach(terminal.notice)
                    methods.append(method)
                }
            }
        }
        let labels = methods.map(\.label)
        if Set(labels).count != labels.count { throw ComparisonError.duplicateMethod(labels) }
        guard !methods.isEmpty else {
            throw ComparisonError.methodUnavailable(
                method: options.specs.map(\.label).joined(separator: ","),
                reason: "no method left to run")
        }
        return methods
    }
}

extension MethodFactory {
    /// `iizuka@conv1:*` becomes one entry per output channel of conv1 (iizuka@conv1:0 …); others stay as they are.
    static func expand(_ spec: MethodSpec, channels: [Int]) throws -> [MethodSpec] {
        guard let layer = spec.sweptLayer else { return [spec] }
        // Let ChannelAblation name the layer (and reject an unknown one) through channel 0.
        let probe = try ChannelAblation(parsing: layer + ":0", outputChannels: channels)
        guard let block = probe.channels.keys.first else { return [spec] }
        return (0..<channels[block - 1]).map { spec.with(ablation: "\(layer):\($0)") }
    }
}

/// Where the completion network's weights come from.
enum IizukaWeights {
    /// Environment variable naming a default weights file.
    static let environmentVariable = "COMPARE_IIZUKA_WEIGHTS"
    /// Shipped weights, relative to the package root (models/README.md).
    static let shipped = ["models/glcic-celeba.safetensors"]

    static let missingHint =
        "no completion-network weights: pass --iizuka-weights FILE (.safetensors or otenim .pt), "
        + "set \(environmentVariable), or use --methods iizuka:FILE"

    /// The spec's own file, else --iizuka-weights, else the environment variable, else the shipped file.
    static func locate(spec: MethodSpec, options: MethodOptions) -> URL? {
        locate(explicit: spec.weights ?? options.iizukaWeights)
    }

    /// An explicit file, else the environment variable, else the shipped file (`compare iizuka --weights` too).
    static func locate(explicit: String?) -> URL? {
        if let file = explicit { return URL(fileURLWithPath: file) }
        if let file = ProcessInfo.processInfo.environment[environmentVariable], !file.isEmpty {
            return URL(fileURLWithPath: file)
        }
        return DefaultPaths.shippedFile(shipped)
    }
}
