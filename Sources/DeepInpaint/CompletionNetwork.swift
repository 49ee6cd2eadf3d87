// The completion network of Iizuka, Simo-Serra, Ishikawa, "Globally and Locally Consistent Image Completion",
// ACM TOG 36(4) 107, 2017 (doi:10.1145/3072959.3073659), built exactly as otenim/GLCIC-PyTorch's
// `CompletionNetwork` (docs/network-and-training.md §1.2): 16 blocks Conv → ReLU → BatchNorm (dilations 2/4/8/16 in
// blocks 7–10, transposed convolutions in blocks 13 and 15), then conv17 → Sigmoid. Fully convolutional: any
// input whose sides are multiples of 4. State_dict keys as otenim: conv1, bn1, …, deconv13, bn13, …, conv17.

import NeuralEngine

/// The GLCIC completion network. Input `[N, 4, H, W]` (RGB with holes filled by the mean pixel value, then the
/// mask), output `[N, 3, H, W]` in (0, 1). H and W must be multiples of 4.
public final class CompletionNetwork: Module {
    /// Channel scale relative to otenim (1 = 64/128/256 channels; 0.5 halves every hidden width).
    public let widthMultiplier: Float
    public let conv1: Conv2d, bn1: BatchNorm2d
    public let conv2: Conv2d, bn2: BatchNorm2d
    public let conv3: Conv2d, bn3: BatchNorm2d
    public let conv4: Conv2d, bn4: BatchNorm2d
    public let conv5: Conv2d, bn5: BatchNorm2d
    public let conv6: Conv2d, bn6: BatchNorm2d
    public let conv7: Conv2d, bn7: BatchNorm2d
    public let conv8: Conv2d, bn8: BatchNorm2d
    public let conv9: Conv2d, bn9: BatchNorm2d
    public let conv10: Conv2d, bn10: BatchNorm2d
    public let conv11: Conv2d, bn11: BatchNorm2d
    public let conv12: Conv2d, bn12: BatchNorm2d
    public let deconv13: ConvTranspose2d, bn13: BatchNorm2d
    public let conv14: Conv2d, bn14: BatchNorm2d
    public let deconv15: ConvTranspose2d, bn15: BatchNorm2d
    public let conv16: Conv2d, bn16: BatchNorm2d
    public let conv17: Conv2d

    /// The number of blocks (16 Conv → ReLU → BN blocks and the output convolution).
    public static let blockCount = 17

    /// A network with zero weights and PyTorch's initial BatchNorm state (load or `resetParameters` it).
    /// - Parameter widthMultiplier: scales the hidden channel counts (rounded, at least 1); 1 is otenim's network.
    public init(widthMultiplier: Float = 1) {
        precondition(widthMultiplier > 0 && widthMultiplier.isFinite, "CompletionNetwork: width multiplier \(widthMultiplier)")
        self.widthMultiplier = widthMultiplier
        let c = { (base: Int) in max(1, Int((Float(base) * widthMultiplier).rounded())) }
        let c32 = c(32), c64 = c(64), c128 = c(128), c256 = c(256)
        conv1 = Conv2d(4, c64, kernelSize: 5, stride: 1, padding: 2); bn1 = BatchNorm2d(c64)
        conv2 = Conv2d(c64, c128, kernelSize: 3, stride: 2, padding: 1); bn2 = BatchNorm2d(c128)
        conv3 = Conv2d(c128, c128, kernelSize: 3, stride: 1, padding: 1); bn3 = BatchNorm2d(c128)
        conv4 = Conv2d(c128, c256, kernelSize: 3, stride: 2, padding: 1); bn4 = BatchNorm2d(c256)
        conv5 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 1); bn5 = BatchNorm2d(c256)
        conv6 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 1); bn6 = BatchNorm2d(c256)
        conv7 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 2, dilation: 2); bn7 = BatchNorm2d(c256)
        conv8 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 4, dilation: 4); bn8 = BatchNorm2d(c256)
        conv9 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 8, dilation: 8); bn9 = BatchNorm2d(c256)
        conv10 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 16, dilation: 16); bn10 = BatchNorm2d(c256)
        conv11 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 1); bn11 = BatchNorm2d(c256)
        conv12 = Conv2d(c256, c256, kernelSize: 3, stride: 1, padding: 1); bn12 = BatchNorm2d(c256)
        deconv13 = ConvTranspose2d(c256, c128, kernelSize: 4, stride: 2, padding: 1); bn13 = BatchNorm2d(c128)
        conv14 = Conv2d(c128, c128, kernelSize: 3, stride: 1, padding: 1); bn14 = BatchNorm2d(c128)
        deconv15 = ConvTranspose2d(c128, c64, kernelSize: 4, stride: 2, padding: 1); bn15 = BatchNorm2d(c64)
        conv16 = Conv2d(c64, c32, kernelSize: 3, stride: 1, padding: 1); bn16 = BatchNorm2d(c32)
        conv17 = Conv2d(c32, 3, kernelSize: 3, stride: 1, padding: 1)
    }

    /// The BatchNorm layers bn1…bn16 in block order.
    public var batchNorms: [BatchNorm2d] {
        [bn1, bn2, bn3, bn4, bn5, bn6, bn7, bn8, bn9, bn10, bn11, bn12, bn13, bn14, bn15, bn16]
    }

    /// The output channel count of each block 1…17 (index 0 = block 1).
    public var blockOutputChannels: [Int] { batchNorms.map(\.channels) + [3] }

    /// The arithmetic of every convolution (docs/bf16.md): f32 (the default, PyTorch parity) or bf16 on
    /// oneDNN where the CPU has BF16 (`ComputePrecision.bf16Available`; f32 elsewhere).
    public var precision: ComputePrecision {
        get { conv1.precision }
        set {
            for conv in [conv1, conv2, conv3, conv4, conv5, conv6, conv7, conv8, conv9, conv10, conv11, conv12, conv14, conv16, conv17] {
                conv.precision = newValue
            }
            deconv13.precision = newValue
            deconv15.precision = newValue
        }
    }

    /// Train mode (BatchNorm batch statistics and running updates) or eval mode (running statistics).
    public var training: Bool {
        get { bn1.training }
        set { for bn in batchNorms { bn.training = newValue } }
    }

    /// The state_dict module names in otenim's order: (convolution name, BatchNorm name or nil).
    private var blocks: [(name: String, conv: Module, bn: BatchNorm2d?)] {
        [("conv1", conv1, bn1), ("conv2", conv2, bn2), ("conv3", conv3, bn3), ("conv4", conv4, bn4),
         ("conv5", conv5, bn5), ("conv6", conv6, bn6), ("conv7", conv7, bn7), ("conv8", conv8, bn8),
         ("conv9", conv9, bn9), ("conv10", conv10, bn10), ("conv11", conv11, bn11), ("conv12", conv12, bn12),
         ("deconv13", deconv13, bn13), ("conv14", conv14, bn14), ("deconv15", deconv15, bn15),
         ("conv16", conv16, bn16), ("conv17", conv17, nil)]
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        blocks.flatMap { b -> [(name: String, parameter: Parameter)] in
            let bnIndex = b.name.drop { !$0.isNumber }
            return b.conv.namedParameters(prefix: b.name + ".") + (b.bn?.namedParameters(prefix: "bn\(bnIndex).") ?? [])
        }
    }

    public var namedBuffers: [(name: String, buffer: Buffer)] {
        batchNorms.enumerated().flatMap { i, bn in bn.namedBuffers(prefix: "bn\(i + 1).") }
    }

    /// PyTorch's default initialisation (uniform ±1/√fan_in for every convolution; BatchNorm γ=1, β=0,
    /// running mean 0, variance 1).
    public func resetParameters<G: RandomNumberGenerator>(using generator: inout G) {
        for conv in [conv1, conv2, conv3, conv4, conv5, conv6, conv7, conv8, conv9, conv10, conv11, conv12, conv14, conv16, conv17] {
            conv.resetParameters(using: &generator)
        }
        deconv13.resetParameters(using: &generator)
        deconv15.resetParameters(using: &generator)
        for bn in batchNorms {
            bn.weight.value = Tensor(shape: [bn.channels], value: 1)
            bn.bias.value = Tensor(shape: [bn.channels])
            bn.runningMean.value = Tensor(shape: [bn.channels])
            bn.runningVar.value = Tensor(shape: [bn.channels], value: 1)
            bn.numBatchesTracked.value = Tensor(shape: [])
        }
    }

    /// Checks an input's shape: `[N, 4, H, W]` with H, W positive multiples of 4.
    public static func checkInput(_ x: Tensor) {
        precondition(x.rank == 4 && x.shape[1] == 4 && x.shape[2] > 0 && x.shape[3] > 0
                     && x.shape[2] % 4 == 0 && x.shape[3] % 4 == 0,
                     "CompletionNetwork: input must be [N, 4, H, W] with H, W multiples of 4, found \(x.shape)")
    }
}
