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
        let l = Self.layers(widthMultiplier: widthMultiplier)
        conv1 = l[0].conv(); bn1 = BatchNorm2d(l[0].outputChannels)
        conv2 = l[1].conv(); bn2 = BatchNorm2d(l[1].outputChannels)
        conv3 = l[2].conv(); bn3 = BatchNorm2d(l[2].outputChannels)
        conv4 = l[3].conv(); bn4 = BatchNorm2d(l[3].outputChannels)
        conv5 = l[4].conv(); bn5 = BatchNorm2d(l[4].outputChannels)
        conv6 = l[5].conv(); bn6 = BatchNorm2d(l[5].outputChannels)
        conv7 = l[6].conv(); bn7 = BatchNorm2d(l[6].outputChannels)
        conv8 = l[7].conv(); bn8 = BatchNorm2d(l[7].outputChannels)
        conv9 = l[8].conv(); bn9 = BatchNorm2d(l[8].outputChannels)
        conv10 = l[9].conv(); bn10 = BatchNorm2d(l[9].outputChannels)
        conv11 = l[10].conv(); bn11 = BatchNorm2d(l[10].outputChannels)
        conv12 = l[11].conv(); bn12 = BatchNorm2d(l[11].outputChannels)
        deconv13 = l[12].transposedConv(); bn13 = BatchNorm2d(l[12].outputChannels)
        conv14 = l[13].conv(); bn14 = BatchNorm2d(l[13].outputChannels)
        deconv15 = l[14].transposedConv(); bn15 = BatchNorm2d(l[14].outputChannels)
        conv16 = l[15].conv(); bn16 = BatchNorm2d(l[15].outputChannels)
        conv17 = l[16].conv()
    }

    /// One convolution of the network (transposed in blocks 13 and 15) under its state_dict name.
    public struct Layer: Equatable, Sendable {
        public let name: String
        public let inputChannels: Int
        public let outputChannels: Int
        public let kernelSize: Int
        public let stride: Int
        public let padding: Int
        public let dilation: Int
        public let isTransposed: Bool

        /// The output side for an input side `n`.
        public func outputSide(_ n: Int) -> Int {
            isTransposed
                ? (n - 1) * stride - 2 * padding + kernelSize
                : (n + 2 * padding - dilation * (kernelSize - 1) - 1) / stride + 1
        }

        /// Multiply–accumulates for one `height × width` input: every output (convolution) or input
        /// (transposed convolution) position times Cin · Cout · k².
        public func multiplyAccumulates(height: Int, width: Int) -> Int {
            let (h, w) = isTransposed ? (height, width) : (outputSide(height), outputSide(width))
            return h * w * inputChannels * outputChannels * kernelSize * kernelSize
        }

        func conv() -> Conv2d {
            precondition(!isTransposed, "CompletionNetwork: \(name) is a transposed convolution")
            return Conv2d(inputChannels, outputChannels, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
        }

        func transposedConv() -> ConvTranspose2d {
            precondition(isTransposed && dilation == 1, "CompletionNetwork: \(name) is not a transposed convolution")
            return ConvTranspose2d(inputChannels, outputChannels, kernelSize: kernelSize, stride: stride, padding: padding)
        }
    }

    /// The network's layer table, in block order, with the hidden widths 32/64/128/256 scaled by `widthMultiplier`
    /// (rounded, at least 1): the one definition the initialiser and the engine benches build from.
    public static func layers(widthMultiplier: Float = 1) -> [Layer] {
        let c = { (base: Int) in max(1, Int((Float(base) * widthMultiplier).rounded())) }
        let c32 = c(32), c64 = c(64), c128 = c(128), c256 = c(256)
        func conv(_ name: String, _ cin: Int, _ cout: Int, _ k: Int, stride: Int = 1, padding: Int, dilation: Int = 1) -> Layer {
            Layer(
                name: name, inputChannels: cin, outputChannels: cout, kernelSize: k, stride: stride, padding: padding,
                dilation: dilation, isTransposed: false)
        }
        func deconv(_ name: String, _ cin: Int, _ cout: Int) -> Layer {
            Layer(
                name: name, inputChannels: cin, outputChannels: cout, kernelSize: 4, stride: 2, padding: 1, dilation: 1,
                isTransposed: true)
        }
        return [
            conv("conv1", 4, c64, 5, padding: 2), conv("conv2", c64, c128, 3, stride: 2, padding: 1),
            conv("conv3", c128, c128, 3, padding: 1), conv("conv4", c128, c256, 3, stride: 2, padding: 1),
            conv("conv5", c256, c256, 3, padding: 1), conv("conv6", c256, c256, 3, padding: 1),
            conv("conv7", c256, c256, 3, padding: 2, dilation: 2), conv("conv8", c256, c256, 3, padding: 4, dilation: 4),
            conv("conv9", c256, c256, 3, padding: 8, dilation: 8), conv("conv10", c256, c256, 3, padding: 16, dilation: 16),
            conv("conv11", c256, c256, 3, padding: 1), conv("conv12", c256, c256, 3, padding: 1),
            deconv("deconv13", c256, c128), conv("conv14", c128, c128, 3, padding: 1),
            deconv("deconv15", c128, c64), conv("conv16", c64, c32, 3, padding: 1),
            conv("conv17", c32, 3, 3, padding: 1)
        ]
    }

    /// Multiply–accumulates of each layer (block order) for one `height × width` input image.
    public static func multiplyAccumulates(height: Int, width: Int, widthMultiplier: Float = 1) -> [Int] {
        var (h, w) = (height, width)
        return layers(widthMultiplier: widthMultiplier).map { layer in
            defer { (h, w) = (layer.outputSide(h), layer.outputSide(w)) }
            return layer.multiplyAccumulates(height: h, width: w)
        }
    }

    /// The BatchNorm layers bn1…bn16 in block order.
    public var batchNorms: [BatchNorm2d] {
        [bn1, bn2, bn3, bn4, bn5, bn6, bn7, bn8, bn9, bn10, bn11, bn12, bn13, bn14, bn15, bn16]
    }

    /// The output channel count of each block 1…17 (index 0 = block 1).
    public var blockOutputChannels: [Int] { batchNorms.map(\.channels) + [3] }

    /// The 15 ordinary convolutions (the two transposed ones, deconv13 and deconv15, are separate).
    private var convolutions: [Conv2d] {
        [conv1, conv2, conv3, conv4, conv5, conv6, conv7, conv8, conv9, conv10, conv11, conv12, conv14, conv16, conv17]
    }

    /// The arithmetic of every convolution (docs/bf16.md): f32 (the default, PyTorch parity) or bf16 on
    /// oneDNN where the CPU has BF16 (`ComputePrecision.bf16Available`; f32 elsewhere).
    public var precision: ComputePrecision {
        get { conv1.precision }
        set {
            for conv in convolutions {
                conv.precision = newValue
            }
            deconv13.precision = newValue
            deconv15.precision = newValue
        }
    }

    /// Threads, convolution lowering and work budget of every layer (NeuralEngine's `EngineOptions`; the
    /// defaults use all the suite's cores). Set it once, e.g. from `--threads`; the training forward and
    /// backward use its `threads` for their elementwise steps too.
    public var engineOptions: EngineOptions {
        get { conv1.options }
        set {
            for conv in convolutions {
                conv.options = newValue
            }
            deconv13.options = newValue
            deconv15.options = newValue
            for bn in batchNorms { bn.options = newValue }
        }
    }

    /// Train mode (BatchNorm batch statistics and running updates) or eval mode (running statistics).
    public var training: Bool {
        get { bn1.training }
        set { for bn in batchNorms { bn.training = newValue } }
    }

    /// The state_dict module names in otenim's order: (convolution name, BatchNorm name or nil).
    private var blocks: [(name: String, conv: Module, bn: BatchNorm2d?)] {
        [
            ("conv1", conv1, bn1), ("conv2", conv2, bn2), ("conv3", conv3, bn3), ("conv4", conv4, bn4),
            ("conv5", conv5, bn5), ("conv6", conv6, bn6), ("conv7", conv7, bn7), ("conv8", conv8, bn8),
            ("conv9", conv9, bn9), ("conv10", conv10, bn10), ("conv11", conv11, bn11), ("conv12", conv12, bn12),
            ("deconv13", deconv13, bn13), ("conv14", conv14, bn14), ("deconv15", deconv15, bn15),
            ("conv16", conv16, bn16), ("conv17", conv17, nil)
        ]
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
        for conv in convolutions {
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
        precondition(
            x.rank == 4 && x.shape[1] == 4 && x.shape[2] > 0 && x.shape[3] > 0
                && x.shape[2] % 4 == 0 && x.shape[3] % 4 == 0,
            "CompletionNetwork: input must be [N, 4, H, W] with H, W multiples of 4, found \(x.shape)")
    }
}
