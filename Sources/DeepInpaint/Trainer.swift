// The training loop of Iizuka et al. 2017 (§3.3) as otenim/GLCIC-PyTorch's train.py runs it
// (docs/network-and-training.md §2.1–2.4): phase 1 trains the completion network C on the masked MSE,
// phase 2 the context discriminator D alone, phase 3 both. A step's randomness (holes, windows) comes
// from (seed, step) only, so a run resumed at step k draws what the uninterrupted run drew.
import ImageCore
import NeuralEngine

/// One training run's networks, optimisers and step counter.
public final class Trainer {
    /// The run's settings.
    public let parameters: TrainingParameters
    /// The networks being trained.
    public let networks: TrainingNetworks
    /// Mean pixel value (R, G, B) of the training set: the hole fill of the network input.
    public let meanPixel: [Float]
    /// The precision recorded in the checkpoint this trainer resumed from (f32 for checkpoints that record
    /// none); nil for a fresh run.
    public internal(set) var recordedPrecision: ComputePrecision?
    /// The checkpoint interval recorded in the checkpoint this trainer resumed from (nil: fresh run, or a
    /// checkpoint that records none).
    public internal(set) var recordedCheckpointEvery: Int?
    /// The CPU seconds recorded in the checkpoint this trainer resumed from (nil: fresh run, or none recorded).
    public internal(set) var recordedCPUSeconds: Double?
    /// Completed steps (global, across phases).
    public internal(set) var step: Int = 0
    /// Adadelta on C's parameters (state carried from phase 1 into phase 3).
    public let completionOptimiser: Adadelta
    /// Adadelta on D's parameters (state carried from phase 2 into phase 3).
    public let discriminatorOptimiser: Adadelta

    let sampler: HoleSampler
    // Work buffers, allocated once and reused every step.
    var mask: Tensor
    var input: Tensor
    var outputGradient: Tensor
    var fakeLocal: Tensor
    var realLocal: Tensor
    var probabilityGradient: Tensor

    /// A trainer over freshly built networks, or over `networks` when given (e.g. loaded from a checkpoint).
    public init(parameters: TrainingParameters, meanPixel: [Float], networks: TrainingNetworks? = nil) {
        precondition(meanPixel.count == 3, "Trainer: mpv needs 3 values, got \(meanPixel.count)")
        self.parameters = parameters
        self.meanPixel = meanPixel
        self.networks = networks ?? TrainingNetworks(parameters: parameters)
        completionOptimiser = Adadelta(
            slotSizes: self.networks.completionParameters.map { $0.value.count },
            parameters: parameters.adadelta)
        discriminatorOptimiser = Adadelta(
            slotSizes: self.networks.discriminatorParameters.map { $0.value.count },
            parameters: parameters.adadelta)
        sampler = HoleSampler(parameters: .init(imageSize: parameters.size, localSize: parameters.localSize))
        let (b, s, l) = (parameters.batchSize, parameters.size, parameters.localSize)
        mask = Tensor(shape: [b, 1, s, s])
        input = Tensor(shape: [b, 4, s, s])
        outputGradient = Tensor(shape: [b, 3, s, s])
        fakeLocal = Tensor(shape: [b, 3, l, l])
        realLocal = Tensor(shape: [b, 3, l, l])
        probabilityGradient = Tensor(shape: [b, 1])
    }

    /// The engine settings of the networks' layers and the optimisers' threads (NeuralEngine's `EngineOptions`;
    /// default: all the suite's cores). Training is bit-reproducible for a fixed `threads`.
    public var engineOptions: EngineOptions {
        get { networks.engineOptions }
        set {
            networks.engineOptions = newValue
            completionOptimiser.threads = newValue.threads
            discriminatorOptimiser.threads = newValue.threads
        }
    }

    /// The phase of the next step.
    public var phase: TrainingPhase { parameters.phase(ofStep: step) }

    /// Whether every step of the three phases is done.
    public var isFinished: Bool { step >= parameters.totalSteps }

    /// Runs the next step on `images` [B,3,S,S] and returns its losses.
    public func trainStep(images x: Tensor) -> StepLosses {
        precondition(
            x.shape == [parameters.batchSize, 3, parameters.size, parameters.size],
            "Trainer.trainStep: images \(x.shape), expected \([parameters.batchSize, 3, parameters.size, parameters.size])")
        var losses: StepLosses
        switch phase {
        case .completion: losses = completionStep(x)
        case .discriminator: losses = discriminatorStep(x)
        case .joint: losses = jointStep(x)
        }
        step += 1
        losses.step = step
        return losses
    }

    /// Draws this step's window and holes and builds the mask and network input.
    func prepareInput(_ x: Tensor) -> LocalWindow {
        var rng = stepGenerator(seed: parameters.seed, step: step, stream: .holes)
        let (window, holes) = sampler.batch(count: parameters.batchSize, using: &rng)
        sampler.fillMask(holes, into: &mask)
        MonitoringGrid.networkInput(images: x, mask: mask, meanPixel: meanPixel, into: &input)
        return window
    }

    /// This step's window for the real sample shown to the local discriminator (drawn independently).
    func realWindow() -> LocalWindow {
        var rng = stepGenerator(seed: parameters.seed, step: step, stream: .realWindow)
        return sampler.window(using: &rng)
    }

    /// Applies Adadelta to every parameter of `params` with `optimiser` (slot i = params[i]).
    func update(_ params: [Parameter], with optimiser: Adadelta) {
        for (slot, p) in params.enumerated() {
            p.value.data.withUnsafeMutableBufferPointer { v in
                p.grad.data.withUnsafeBufferPointer { g in optimiser.update(slot: slot, parameter: v, gradient: g) }
            }
        }
        optimiser.stepCount += 1
    }
}
