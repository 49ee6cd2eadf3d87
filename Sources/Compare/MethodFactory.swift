import ComparisonKit
import Foundation

/// Builds the methods of `--methods` with their pass-through options. With the default list, a method
/// that cannot run (no network weights) is skipped with a notice; a method the user named is an error.
enum MethodFactory {
    static func make(_ options: MethodOptions, terminal: Terminal) throws -> [InpaintingMethod] {
        var methods: [InpaintingMethod] = []
        for spec in options.specs {
            switch spec.kind {
            case .patch:
                methods.append(PatchMethod(options: options))
            case .iizuka:
                guard let weights = IizukaWeights.locate(spec: spec, options: options) else {
                    if options.explicit {
                        throw ComparisonError.methodUnavailable(method: spec.label, reason: IizukaWeights.missingHint)
                    }
                    terminal.notice("skipped iizuka: \(IizukaWeights.missingHint)")
                    continue
                }
                let method = try IizukaMethod(label: spec.label, weights: weights, options: options)
                method.notices.forEach(terminal.notice)
                methods.append(method)
            }
        }
        guard !methods.isEmpty else {
            throw ComparisonError.methodUnavailable(method: options.specs.map(\.label).joined(separator: ","),
                                                    reason: "no method left to run")
        }
        return methods
    }
}

/// Where the completion network's weights come from.
enum IizukaWeights {
    /// Environment variable naming a default weights file.
    static let environmentVariable = "COMPARE_IIZUKA_WEIGHTS"
    /// Shipped weights, relative to the package root (issue 6).
    static let shipped = ["models/glcic-celeba.safetensors", "models/glcic_celeba.safetensors", "models/iizuka-celeba.safetensors"]

    static let missingHint = "no completion-network weights: pass --iizuka-weights FILE (.safetensors or otenim .pt), "
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
