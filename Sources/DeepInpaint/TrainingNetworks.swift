// The two networks of a training run and the calls the trainer makes on them: the completion network
// (otenim's CompletionNetwork, width-scalable) and the context discriminator (both branches, or one for
// the ablation), initialised as PyTorch does from the run's seed.
import NeuralEngine

/// The completion network C and the context discriminator D of a run.
public final class TrainingNetworks {
    /// C.
    public let completion: CompletionNetwork
    /// D.
    public let discriminator: ContextDiscriminator
    /// C's parameters in state_dict order (Adadelta slots).
    public let completionParameters: [Parameter]
    /// D's parameters in state_dict order (Adadelta slots).
    public let discriminatorParameters: [Parameter]

    /// Networks for `parameters`, with PyTorch's default initialisation drawn from the run's seed.
    public init(parameters: TrainingParameters) {
        completion = CompletionNetwork(widthMultiplier: Float(parameters.width))
        let branches: ContextDiscriminator.Branches
        switch parameters.discriminators {
        case .both: branches = .both
        case .global: branches = .globalOnly
        case .local: branches = .localOnly
        }
        discriminator = ContextDiscriminator(
            localSize: parameters.localSize, globalSize: parameters.size, branches: branches,
            widthMultiplier: Float(parameters.discriminatorWidth))
        var rng = stepGenerator(seed: parameters.seed, step: 0, stream: .initialisation)
        completion.resetParameters(using: &rng)
        discriminator.resetParameters(using: &rng)
        completion.training = true
        discriminator.training = true
        completionParameters = completion.namedParameters.map(\.parameter)
        discriminatorParameters = discriminator.namedParameters.map(\.parameter)
    }

    /// The arithmetic of both networks' convolutions (docs/bf16.md); weights, BatchNorm, losses and the
    /// optimisers stay f32 either way. The caller passes an effective precision (bf16 only where available).
    public var precision: ComputePrecision {
        get { completion.precision }
        set {
            completion.precision = newValue
            discriminator.precision = newValue
        }
    }

    /// The engine settings (threads, lowering, work budget) of both networks' layers.
    public var engineOptions: EngineOptions {
        get { completion.engineOptions }
        set {
            completion.engineOptions = newValue
            discriminator.engineOptions = newValue
        }
    }

    /// C forward in train mode (batch statistics, running statistics updated), keeping what backward needs.
    /// input: [N,4,S,S] → [N,3,S,S].
    func completionForward(_ input: Tensor, training: Bool) -> (Tensor, CompletionNetwork.Cache) {
        completion.training = training
        return completion.forward(input)
    }

    /// C's output without a backward: eval mode (running statistics, nothing changes) or, with
    /// `trainMode`, otenim's phase-2 behaviour (batch statistics, running statistics updated).
    func completionOutput(_ input: Tensor, trainMode: Bool) -> Tensor {
        if trainMode {
            completion.training = true
            return completion.forward(input).y
        }
        return completion.inference(input)
    }

    /// Accumulates C's parameter gradients from dOutput [N,3,S,S].
    func completionBackward(_ dOutput: Tensor, cache: CompletionNetwork.Cache) {
        completion.backward(dOutput, cache: cache)
    }

    /// D forward in train mode: local [N,3,L,L], global [N,3,S,S] → P(real) [N,1].
    func discriminatorForward(local: Tensor, global: Tensor) -> (Tensor, ContextDiscriminator.Cache) {
        discriminator.training = true
        return discriminator.forward(local: local, global: global)
    }

    /// Accumulates D's parameter gradients from dP [N,1] (unless `parameterGradients` is false: then they are
    /// incomplete and must be zeroed before use); returns the input gradients when asked (else nil).
    func discriminatorBackward(
        _ dP: Tensor, cache: ContextDiscriminator.Cache, inputGradients: Bool,
        parameterGradients: Bool = true
    ) -> (local: Tensor?, global: Tensor?) {
        discriminator.backward(dP, cache: cache, inputGradients: inputGradients, parameterGradients: parameterGradients)
    }

    func zeroCompletionGradients() { completion.zeroGradients() }
    func zeroDiscriminatorGradients() { discriminator.zeroGradients() }

    /// C's weights and BN statistics under otenim's names.
    public func completionStateDict() -> StateDict { completion.stateDict() }
    /// D's weights and BN statistics under otenim's names.
    public func discriminatorStateDict() -> StateDict { discriminator.stateDict() }
    /// Loads C strictly.
    public func loadCompletion(_ dict: StateDict) throws { try completion.load(dict) }
    /// Loads D strictly.
    public func loadDiscriminator(_ dict: StateDict) throws { try discriminator.load(dict) }
}
