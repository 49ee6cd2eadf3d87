import ArgumentParser
import DeepInpaint
import Foundation
import NeuralEngine

/// `compare convert`: otenim (torch.save) checkpoints to the suite's safetensors format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert an otenim/GLCIC-PyTorch checkpoint (.pt, zip or legacy) to .safetensors.",
        discussion: """
            Completion networks (model_cn_step*) and context discriminators (model_cd_step*) are recognised from \
            their keys and checked by loading them (keys, shapes, finite values) before anything is written. \
            Record the training mean pixel value (otenim's config.json "mpv") with --mpv so that inference uses it.

            Example: compare convert model_cn_step400000 glcic-celeba.safetensors --mpv 0.5042,0.4300,0.3891
            """)

    @Argument(help: "The checkpoint to convert (.pt, zip or legacy torch.save; .safetensors is accepted too).")
    var input: String

    @Argument(help: "The .safetensors file to write.")
    var output: String

    @Option(
        help: "Mean pixel value R,G,B in [0,1] of the training set, stored in the metadata.",
        transform: ArgumentValue.meanPixelValue)
    var mpv: MeanPixelValue?

    @Flag(help: "Store the weights as 16-bit floats (half the size; inference differs by rounding).")
    var half = false

    func validate() throws {
        guard output.lowercased().hasSuffix(".safetensors") else {
            throw ValidationError("the output must be a .safetensors file, got \(output)")
        }
    }

    func run() throws {
        let checkpoint = try Checkpoint.load(path: input)
        let storage: SafeTensors.Storage = half ? .f16 : .f32
        let source = [ModelMetadata.source: URL(fileURLWithPath: input).lastPathComponent]
        let tensors = checkpoint.tensors
        if tensors["conv1.weight"] != nil {
            let file = try CompletionModelFile.load(path: input)
            try CompletionModelFile.save(
                file.network, meanPixelValue: mpv ?? file.meanPixelValue, to: output,
                extraMetadata: source, storage: storage)
            if mpv == nil && file.meanPixelValue == nil {
                notice("no --mpv given: inference with \(output) will fall back to the CelebA mean unless --mpv is passed")
            }
            print("wrote completion network (\(file.network.parameterCount) parameters) to \(output)")
        } else if tensors["model_ld.conv1.weight"] != nil || tensors["model_gd.conv1.weight"] != nil {
            let arc: DiscriminatorArchitecture = tensors["model_gd.conv6.weight"] != nil ? .places2 : .celeba
            let branches: ContextDiscriminator.Branches =
                tensors["model_ld.conv1.weight"] == nil
                ? .globalOnly
                : tensors["model_gd.conv1.weight"] == nil ? .localOnly : .both
            let discriminator = ContextDiscriminator(architecture: arc, branches: branches)
            try discriminator.load(tensors)
            var metadata = source
            metadata[ModelMetadata.architecture] = ModelMetadata.contextDiscriminatorName
            metadata[ModelMetadata.discriminatorArchitecture] = arc.rawValue
            metadata[ModelMetadata.discriminatorBranches] = branches.rawValue
            if let mpv { metadata[ModelMetadata.meanPixelValue] = mpv.description }
            try SafeTensors.write(Checkpoint(tensors: discriminator.stateDict(), metadata: metadata), to: output, storage: storage)
            print(
                "wrote context discriminator (\(arc.rawValue), \(branches.rawValue), \(discriminator.parameterCount) parameters) to \(output)"
            )
        } else {
            // A file error, not a usage error: exit 1 with the message, no usage text (exit 64).
            throw CheckpointError.badFormat(
                path: input,
                reason: "it holds neither a completion network (conv1.weight) nor a context discriminator (model_ld./model_gd. keys)")
        }
    }

    private func notice(_ text: String) {
        printToStandardError("compare convert: " + text)
    }
}
