// otenim's `ContextDiscriminator` (docs/network-and-training.md §1.3): the local and global discriminators' 1024 features each,
// concatenated with the local features first, then linear1 (2048 → 1) and a sigmoid giving P(real).
// The ablation variants (issue 4) keep only one branch; their head is linear1 (1024 → 1) and the kept
// branch keeps its key prefix (`model_ld.` or `model_gd.`).

import NeuralEngine

/// The context discriminator D(local crop, whole image) → P(real) `[N, 1]`.
public final class ContextDiscriminator: Module {
    /// Which branches the discriminator has.
    public enum Branches: String, Sendable, CaseIterable {
        /// Local and global (the paper's and otenim's discriminator).
        case both
        /// Global branch only (ablation).
        case globalOnly = "global"
        /// Local branch only (ablation).
        case localOnly = "local"
    }

    /// The configuration (input sizes).
    public let architecture: DiscriminatorArchitecture
    /// Which branches exist.
    public let branches: Branches
    /// `model_ld`, nil for `.globalOnly`.
    public let local: FeatureDiscriminator?
    /// `model_gd`, nil for `.localOnly`.
    public let global: FeatureDiscriminator?
    /// `linear1`: 2048 (or 1024) features → 1 logit.
    public let linear1: Linear

    /// A discriminator with zero weights (load or `resetParameters` it).
    public init(architecture: DiscriminatorArchitecture = .celeba, branches: Branches = .both) {
        self.architecture = architecture
        self.branches = branches
        local = branches == .globalOnly ? nil : FeatureDiscriminator.local(architecture)
        global = branches == .localOnly ? nil : FeatureDiscriminator.global(architecture)
        linear1 = Linear(branches == .both ? 2048 : 1024, 1)
    }

    /// A discriminator for other input sizes (multiples of 32; five convolutions per branch, as `.celeba`)
    /// and channel widths (`widthMultiplier` scales every convolution), e.g. for training at a reduced size.
    public init(localSize: Int, globalSize: Int, branches: Branches = .both, widthMultiplier: Float = 1) {
        architecture = .celeba
        self.branches = branches
        local =
            branches == .globalOnly
            ? nil
            : FeatureDiscriminator(inputSize: localSize, convolutions: 5, widthMultiplier: widthMultiplier)
        global =
            branches == .localOnly
            ? nil
            : FeatureDiscriminator(inputSize: globalSize, convolutions: 5, widthMultiplier: widthMultiplier)
        linear1 = Linear(branches == .both ? 2048 : 1024, 1)
    }

    /// The arithmetic of every convolution of both branches (docs/bf16.md).
    public var precision: ComputePrecision {
        get { (local ?? global)!.precision }
        set { local?.precision = newValue; global?.precision = newValue }
    }

    /// Threads, convolution lowering and work budget of every layer of both branches (NeuralEngine's
    /// `EngineOptions`).
    public var engineOptions: EngineOptions {
        get { linear1.options }
        set { local?.engineOptions = newValue; global?.engineOptions = newValue; linear1.options = newValue }
    }

    /// The output activation, on the layers' threads.
    private var sigmoid: Sigmoid { Sigmoid(threads: engineOptions.threads) }

    /// Train or eval mode of every BatchNorm.
    public var training: Bool {
        get { (local ?? global)!.training }
        set { local?.training = newValue; global?.training = newValue }
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        (local?.namedParameters(prefix: "model_ld.") ?? []) + (global?.namedParameters(prefix: "model_gd.") ?? [])
            + linear1.namedParameters(prefix: "linear1.")
    }

    public var namedBuffers: [(name: String, buffer: Buffer)] {
        (local?.namedBuffers(prefix: "model_ld.") ?? []) + (global?.namedBuffers(prefix: "model_gd.") ?? [])
    }

    /// PyTorch's default initialisation for every layer.
    public func resetParameters<G: RandomNumberGenerator>(using generator: inout G) {
        local?.resetParameters(using: &generator)
        global?.resetParameters(using: &generator)
        linear1.resetParameters(using: &generator)
    }

    /// What `backward` needs.
    public struct Cache {
        let local: FeatureDiscriminator.Cache?
        let global: FeatureDiscriminator.Cache?
        let concat: Concat.Cache?
        let linear: Linear.Cache
        let sigmoid: Sigmoid.Cache
    }

    /// Forward in the current mode. local: `[N, 3, Sl, Sl]` (ignored by `.globalOnly`), global: `[N, 3, Sg, Sg]`
    /// (ignored by `.localOnly`) → P(real) `[N, 1]`.
    public func forward(local localInput: Tensor?, global globalInput: Tensor?) -> (y: Tensor, cache: Cache) {
        let lf = local.map { d -> (y: Tensor, cache: FeatureDiscriminator.Cache) in
            guard let x = localInput else { preconditionFailure("ContextDiscriminator: the local branch needs a local input") }
            return d.forward(x)
        }
        let gf = global.map { d -> (y: Tensor, cache: FeatureDiscriminator.Cache) in
            guard let x = globalInput else { preconditionFailure("ContextDiscriminator: the global branch needs a global input") }
            return d.forward(x)
        }
        var features: Tensor, concatCache: Concat.Cache?
        if let lf, let gf {
            (features, concatCache) = Concat().forward([lf.y, gf.y])  // local features first
        } else {
            features = (lf ?? gf)!.y
            concatCache = nil
        }
        let (z, lc) = linear1.forward(features)
        let (p, sc) = sigmoid.forward(z)
        return (p, Cache(local: lf?.cache, global: gf?.cache, concat: concatCache, linear: lc, sigmoid: sc))
    }

    /// Backward: accumulates parameter gradients; returns the gradients of the local and global inputs (nil
    /// for a missing branch). dy: `[N, 1]`. Without `inputGradients` no input gradient is computed (both
    /// nil); without `parameterGradients` the convolutions accumulate no weight gradient (the parameter
    /// gradients are then incomplete: zero them before they are used).
    public func backward(
        _ dy: Tensor, cache: Cache, inputGradients: Bool = true,
        parameterGradients: Bool = true
    ) -> (local: Tensor?, global: Tensor?) {
        var d = sigmoid.backward(dy, cache: cache.sigmoid)
        d = linear1.backward(d, cache: cache.linear)
        var dLocalFeatures: Tensor?, dGlobalFeatures: Tensor?
        if let cc = cache.concat {
            let parts = Concat().backward(d, cache: cc)
            (dLocalFeatures, dGlobalFeatures) = (parts[0], parts[1])
        } else if local != nil {
            dLocalFeatures = d
        } else {
            dGlobalFeatures = d
        }
        let dl = zip2(local, cache.local, dLocalFeatures).flatMap {
            $0.backward($2, cache: $1, inputGradient: inputGradients, parameterGradients: parameterGradients)
        }
        let dg = zip2(global, cache.global, dGlobalFeatures).flatMap {
            $0.backward($2, cache: $1, inputGradient: inputGradients, parameterGradients: parameterGradients)
        }
        return (dl, dg)
    }

    /// Eval-mode P(real) `[N, 1]`, nothing kept.
    public func inference(local localInput: Tensor?, global globalInput: Tensor?) -> Tensor {
        var parts: [Tensor] = []
        if let local, let x = localInput { parts.append(local.inference(x)) }
        if let global, let x = globalInput { parts.append(global.inference(x)) }
        precondition(parts.count == (branches == .both ? 2 : 1), "ContextDiscriminator: missing input for \(branches)")
        return sigmoid(linear1(parts.count == 2 ? Concat()(parts) : parts[0]))
    }
}

/// The three values when all are present.
private func zip2<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
    guard let a, let b, let c else { return nil }
    return (a, b, c)
}
