import ArgumentParser
import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine

/// `compare iizuka`: completes one image with the GLCIC completion network (Iizuka et al. 2017).
struct IizukaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iizuka",
        abstract: "Complete an image with the Iizuka et al. (2017) completion network.",
        discussion: """
            The holes (non-zero mask pixels) are filled with the mean pixel value and the network's output is \
            composited with the known pixels (x·(1−M) + C(x)·M), then written as an 8-bit PNG. Weights: the suite's \
            .safetensors or an otenim/GLCIC-PyTorch checkpoint (torch.save, zip or legacy format). Sizes that are \
            not multiples of 4 are padded and cropped back, never resized.

            Example: compare iizuka face.png mask.png -o out.png --weights glcic.safetensors --blend poisson
            """)

    @OptionGroup var files: SingleImageOptions

    @Option(
        help:
            "Weights: .safetensors, or an otenim .pt checkpoint (default: $COMPARE_IIZUKA_WEIGHTS, else the shipped models/glcic-celeba.safetensors)."
    )
    var weights: String?

    @Option(
        help:
            "Mean pixel value R,G,B in [0,1] filling the holes (default: the weights' metadata, else the CelebA mean 0.5042,0.4300,0.3891).",
        transform: ArgumentValue.meanPixelValue)
    var mpv: MeanPixelValue?

    @Option(help: "Post-processing: none (composite only) or poisson (Poisson blending, as the paper).")
    var blend: Inpainter.Blend = .none

    @Option(help: "Zero output channels of network blocks after their BatchNorm, e.g. conv1:44,conv14:44.")
    var ablate: String?

    @OptionGroup var precision: InferencePrecisionOptions

    func run() throws {
        let (image, holes) = try files.read(notice: notice)
        let file = try CompletionModelFile.load(path: try weightsPath())
        file.network.precision = precision.resolved()
        var parameters = Inpainter.Parameters(blend: blend)
        parameters.meanPixelValue = mpv
        if let ablate { parameters.ablation = try ChannelAblation(parsing: ablate, outputChannels: file.network.blockOutputChannels) }
        let inpainter = try Inpainter(network: file.network, metadataMeanPixelValue: file.meanPixelValue, parameters: parameters)
        for note in inpainter.notices { notice(note) }
        let completed = try inpainter.complete(image: image, mask: holes)
        try files.write(completed)
    }

    /// --weights, else the environment variable, else the shipped model.
    private func weightsPath() throws -> String {
        if let url = IizukaWeights.locate(explicit: weights) { return url.path }
        throw ValidationError("no weights: pass --weights FILE (.safetensors or otenim .pt) or set \(IizukaWeights.environmentVariable)")
    }

    private func notice(_ text: String) {
        printToStandardError("compare iizuka: " + text)
    }
}
