// The local and global discriminators of Iizuka et al. 2017 as otenim builds them (docs/network-and-training.md §1.3):
// 5×5 stride-2 convolutions, each Conv → ReLU → BatchNorm, then flatten → Linear(→1024) → ReLU.
//  - local (96×96 crop): conv1…conv5 (64, 128, 256, 512, 512), linear6 (512·3·3 → 1024);
//  - global, arc 'celeba' (160×160): the same five, linear6 (512·5·5 → 1024);
//  - global, arc 'places2' (256×256): adds conv6/bn6 (512), then linear7 (512·4·4 → 1024).

import NeuralEngine

/// Which of otenim's discriminator configurations (`arc`) to build.
public enum DiscriminatorArchitecture: String, Sendable, CaseIterable {
    /// CelebA setting: local 96×96, global 160×160 with five convolutions.
    case celeba
    /// Places2 / paper setting: local 128×128 (otenim), global 256×256 with six convolutions.
    case places2

    /// Side of the local discriminator's input.
    public var localSize: Int { self == .celeba ? 96 : 128 }
    /// Side of the global discriminator's input.
    public var globalSize: Int { self == .celeba ? 160 : 256 }
    /// Number of convolutions of the global discriminator.
    public var globalConvolutions: Int { self == .celeba ? 5 : 6 }
}

/// A convolutional feature extractor ending in 1024 ReLU features: otenim's `LocalDiscriminator` and
/// `GlobalDiscriminator`. Input `[N, 3, S, S]`, output `[N, 1024]`.
public final class FeatureDiscriminator: Module {
    /// Input side S.
    public let inputSize: Int
    /// conv1…convK (5×5, stride 2, padding 2).
    public let convs: [Conv2d]
    /// bn1…bnK.
    public let bns: [BatchNorm2d]
    /// linear(K+1): flattened features → 1024.
    public let linear: Linear

    /// The width of each convolution's output: 64, 128, 256, 512, 512, 512.
    static let channelPlan = [64, 128, 256, 512, 512, 512]

    /// A discriminator for S×S inputs with `convolutions` (5 or 6) stride-2 convolutions; zero weights.
    /// `widthMultiplier` scales the convolutions' channels (rounded, at least 1; training's
    /// `--discriminator-width`); the 1024 output features stay.
    public init(inputSize: Int, convolutions: Int = 5, widthMultiplier: Float = 1) {
        precondition(widthMultiplier > 0 && widthMultiplier.isFinite, "FeatureDiscriminator: width multiplier \(widthMultiplier)")
        precondition(convolutions >= 1 && convolutions <= 6, "FeatureDiscriminator: \(convolutions) convolutions")
        precondition(
            inputSize > 0 && inputSize % (1 << convolutions) == 0,
            "FeatureDiscriminator: input side \(inputSize) must be a multiple of \(1 << convolutions)")
        self.inputSize = inputSize
        var convs: [Conv2d] = [], bns: [BatchNorm2d] = []
        var channels = 3
        for k in 0..<convolutions {
            let out = max(1, Int((Float(Self.channelPlan[k]) * widthMultiplier).rounded()))
            convs.append(Conv2d(channels, out, kernelSize: 5, stride: 2, padding: 2))
            bns.append(BatchNorm2d(out))
            channels = out
        }
        self.convs = convs
        self.bns = bns
        let side = inputSize >> convolutions
        linear = Linear(channels * side * side, 1024)
    }

    /// otenim's `LocalDiscriminator((3, size, size))`.
    public static func local(_ arc: DiscriminatorArchitecture = .celeba) -> FeatureDiscriminator {
        FeatureDiscriminator(inputSize: arc.localSize, convolutions: 5)
    }

    /// otenim's `GlobalDiscriminator((3, size, size), arc)`.
    public static func global(_ arc: DiscriminatorArchitecture = .celeba) -> FeatureDiscriminator {
        FeatureDiscriminator(inputSize: arc.globalSize, convolutions: arc.globalConvolutions)
    }

    /// The arithmetic of every convolution (docs/bf16.md; the linear layer stays f32).
    public var precision: ComputePrecision {
        get { convs[0].precision }
        set { for conv in convs { conv.precision = newValue } }
    }

    /// Threads, convolution lowering and work budget of every layer (NeuralEngine's `EngineOptions`).
    public var engineOptions: EngineOptions {
        get { convs[0].options }
        set {
            for conv in convs { conv.options = newValue }
            for bn in bns { bn.options = newValue }
            linear.options = newValue
        }
    }

    /// The activation, on the layers' threads.
    private var relu: ReLU { ReLU(threads: engineOptions.threads) }

    /// Train mode (batch statistics) or eval mode (running statistics) of every BatchNorm.
    public var training: Bool {
        get { bns[0].training }
        set { for bn in bns { bn.training = newValue } }
    }

    /// The state_dict name of the linear layer: `linear6` for five convolutions, `linear7` for six.
    public var linearName: String { "linear\(convs.count + 1)" }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        var out: [(name: String, parameter: Parameter)] = []
        for (k, (conv, bn)) in zip(convs, bns).enumerated() {
            out += conv.namedParameters(prefix: "conv\(k + 1).") + bn.namedParameters(prefix: "bn\(k + 1).")
        }
        return out + linear.namedParameters(prefix: linearName + ".")
    }

    public var namedBuffers: [(name: String, buffer: Buffer)] {
        bns.enumerated().flatMap { k, bn in bn.namedBuffers(prefix: "bn\(k + 1).") }
    }

    /// PyTorch's default initialisation for every layer.
    public func resetParameters<G: RandomNumberGenerator>(using generator: inout G) {
        for conv in convs { conv.resetParameters(using: &generator) }
        linear.resetParameters(using: &generator)
        for bn in bns {
            bn.weight.value = Tensor(shape: [bn.channels], value: 1)
            bn.bias.value = Tensor(shape: [bn.channels])
            bn.runningMean.value = Tensor(shape: [bn.channels])
            bn.runningVar.value = Tensor(shape: [bn.channels], value: 1)
            bn.numBatchesTracked.value = Tensor(shape: [])
        }
    }

    /// What `backward` needs.
    public struct Cache {
        let convs: [Conv2d.Cache]
        let relus: [ReLU.Cache]
        let bns: [BatchNorm2d.Cache]
        let flatten: Flatten.Cache
        let linear: Linear.Cache
        let relu: ReLU.Cache
    }

    /// Forward in the current mode. x: `[N, 3, S, S]` → `[N, 1024]`.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        precondition(
            x.rank == 4 && x.shape[1] == 3 && x.shape[2] == inputSize && x.shape[3] == inputSize,
            "FeatureDiscriminator: input \(x.shape), expected [N, 3, \(inputSize), \(inputSize)]")
        var h = x
        var cc: [Conv2d.Cache] = [], rc: [ReLU.Cache] = [], bc: [BatchNorm2d.Cache] = []
        for (conv, bn) in zip(convs, bns) {  // conv → ReLU → BN, conv1…convK
            let (z, c) = conv.forward(h); cc.append(c)
            let (r, rcache) = relu.forward(z); rc.append(rcache)
            let (y, b) = bn.forward(r); bc.append(b)
            h = y
        }
        let (f, fc) = Flatten().forward(h)
        let (l, lc) = linear.forward(f)
        let (y, yc) = relu.forward(l)
        return (y, Cache(convs: cc, relus: rc, bns: bc, flatten: fc, linear: lc, relu: yc))
    }

    /// Backward: accumulates parameter gradients, returns dx `[N, 3, S, S]`. dy: `[N, 1024]`.
    public func backward(_ dy: Tensor, cache: Cache) -> Tensor {
        backward(dy, cache: cache, inputGradient: true, parameterGradients: true)!
    }

    /// Backward with either part skipped: without `inputGradient` conv1 computes no dx (nil is returned);
    /// without `parameterGradients` the convolutions accumulate no weight gradient (the parameter gradients
    /// are then incomplete: zero them before they are used).
    public func backward(_ dy: Tensor, cache: Cache, inputGradient: Bool, parameterGradients: Bool) -> Tensor? {
        var d = relu.backward(dy, cache: cache.relu)
        d = linear.backward(d, cache: cache.linear)
        d = Flatten().backward(d, cache: cache.flatten)
        for k in stride(from: convs.count - 1, through: 0, by: -1) {  // convK … conv1
            d = bns[k].backward(d, cache: cache.bns[k])
            d = relu.backward(d, cache: cache.relus[k])
            if k == 0 && !inputGradient {
                if parameterGradients { convs[k].backwardParameters(d, cache: cache.convs[k]) }
                return nil
            }
            d = parameterGradients ? convs[k].backward(d, cache: cache.convs[k]) : convs[k].backwardInput(d, cache: cache.convs[k])
        }
        return d
    }

    /// Eval-mode features (running statistics), nothing kept. x: `[N, 3, S, S]` → `[N, 1024]`.
    public func inference(_ x: Tensor) -> Tensor {
        var h = x
        for (conv, bn) in zip(convs, bns) {
            let (scale, shift) = bn.evalScaleShift()
            h = conv.inference(h, epilogue: .reluThenAffine(scale: scale, shift: shift))
        }
        return relu(linear(Flatten()(h)))
    }
}
