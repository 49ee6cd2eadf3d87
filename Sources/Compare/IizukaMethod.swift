import ComparisonKit
import Foundation
import ImageCore

/// The completion network (DeepInpaint) as the driver runs it. Adapter: the only file that calls DeepInpaint.
final class IizukaMethod: InpaintingMethod {
    let label: String
    let threads: Int
    let loadSeconds: Double?
    let settings: [String: String]

    init(label: String, weights: URL, options: MethodOptions) throws {
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw ComparisonError.methodUnavailable(method: label, reason: "weights file \(weights.path) does not exist")
        }
        // DeepInpaint's inference API has not landed on main yet.
        throw ComparisonError.methodUnavailable(method: label, reason: "the network inference is not in this build yet")
    }

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        throw ComparisonError.methodUnavailable(method: label, reason: "the network inference is not in this build yet")
    }
}
