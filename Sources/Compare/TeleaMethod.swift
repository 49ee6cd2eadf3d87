import ComparisonKit
import ImageCore
import TeleaInpaint

/// Telea's fast-marching method (TeleaInpaint) as the driver runs it; one thread, no stages.
final class TeleaMethod: InpaintingMethod {
    let label = "telea"
    let threads = 1
    let loadSeconds: Double? = nil
    let inpainter: TeleaInpainter

    init(options: MethodOptions) {
        inpainter = TeleaInpainter(parameters: Parameters(radius: options.teleaRadius, firstOrder: !options.teleaZeroOrder))
    }

    var settings: [String: String] {
        ["radius": "\(inpainter.parameters.radius)", "first-order term": "\(inpainter.parameters.firstOrder)"]
    }

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        InpaintOutput(image: try inpainter.inpaint(image, mask: mask))
    }
}
