// Metadata keys of the suite's safetensors checkpoints (`__metadata__`, all values strings).

import NeuralEngine

/// The metadata the suite writes into and reads from its checkpoints.
public enum ModelMetadata {
    /// `architecture`: which network the tensors belong to (values below).
    public static let architecture = "architecture"
    /// `mpv`: mean pixel value `R,G,B` in [0, 1] used to fill holes during training.
    public static let meanPixelValue = "mpv"
    /// `step`: training step (optimiser updates) at which the checkpoint was written.
    public static let step = "step"
    /// `phase`: training phase 1, 2 or 3 (docs/network-and-training.md §2.3).
    public static let phase = "phase"
    /// `width_multiplier`: the completion network's channel scale (1 = otenim).
    public static let widthMultiplier = "width_multiplier"
    /// `source`: where imported weights came from (file name of the .pt).
    public static let source = "source"
    /// `discriminator_arc` and `discriminator_branches`: context discriminator configuration.
    public static let discriminatorArchitecture = "discriminator_arc"
    public static let discriminatorBranches = "discriminator_branches"

    /// `precision`: the convolution arithmetic a training run used (`f32` or `bf16`; the weights are f32 either way).
    public static let precision = "precision"

    /// `architecture` value of a completion network.
    public static let completionNetworkName = "glcic-completion-network"
    /// `architecture` value of a context discriminator.
    public static let contextDiscriminatorName = "glcic-context-discriminator"

    /// The metadata of a completion-network checkpoint.
    public static func completionNetwork(
        _ network: CompletionNetwork, meanPixelValue: MeanPixelValue?,
        step: Int? = nil, phase: Int? = nil
    ) -> [String: String] {
        var m = [architecture: completionNetworkName, widthMultiplier: "\(network.widthMultiplier)"]
        if let meanPixelValue { m[self.meanPixelValue] = meanPixelValue.description }
        if let step { m[self.step] = String(step) }
        if let phase { m[self.phase] = String(phase) }
        return m
    }
}
