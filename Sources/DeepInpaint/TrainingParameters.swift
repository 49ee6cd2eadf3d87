// The settings of a training run (docs/network-and-training.md §2.3, otenim/GLCIC-PyTorch train.py defaults).
import NeuralEngine

/// Which context discriminators are trained in phases 2 and 3.
public enum DiscriminatorChoice: String, CaseIterable, Codable, Sendable {
    /// Local and global discriminators with the joint head (the paper's).
    case both
    /// The global discriminator alone (its 1024 features feed the head).
    case global
    /// The local discriminator alone (its 1024 features feed the head).
    case local
}

/// The three training phases of Iizuka et al. 2017, §3.3.
public enum TrainingPhase: Int, Codable, Sendable, CustomStringConvertible {
    /// The completion network alone on the masked MSE.
    case completion = 1
    /// The discriminators alone, the completion network frozen.
    case discriminator = 2
    /// Both, with the weighted adversarial term.
    case joint = 3

    public var description: String { "phase \(rawValue)" }
}

/// Immutable settings of a run.
public struct TrainingParameters: Equatable, Sendable, Codable {
    /// Steps of phases 1, 2, 3; otenim's defaults 90,000 / 10,000 / 400,000 (the paper's Tc, Td, Ttrain−Tc−Td).
    public var phaseSteps: [Int] = [90_000, 10_000, 400_000]
    /// Images per step; otenim's default 16 (the paper uses 96).
    public var batchSize: Int = 16
    /// Side of the square training crops; otenim's `cn_input_size` 160.
    public var size: Int = 160
    /// Side of the local discriminator's window; otenim's `ld_input_size` 96.
    public var localSize: Int = 96
    /// The discriminators trained in phases 2 and 3 (the seed review's ablation); default both.
    public var discriminators: DiscriminatorChoice = .both
    /// Weight α of the adversarial term; the paper's and otenim's 4e-4.
    public var alpha: Float = 4e-4
    /// Seed of every random draw (initialisation, data order, crops, holes).
    public var seed: UInt64 = 0
    /// Channel-width multiplier of the completion network (the discriminators keep the paper's widths);
    /// 1 = the paper's network.
    public var width: Double = 1
    /// Channel-width multiplier of the discriminators' convolutions (their 1024 features stay); 1 = the paper's.
    public var discriminatorWidth: Double = 1
    /// Reproduce otenim's two quirks: the completion network in train mode during phase 2 (its BN running
    /// statistics keep moving) and the discriminator's gradient leak from the generator step in phase 3.
    public var otenimCompat: Bool = false
    /// The optimiser of both networks (PyTorch's Adadelta defaults, as otenim).
    public var adadelta: AdadeltaParameters = AdadeltaParameters()
    /// Mirror each training crop left–right with probability ½ (not otenim's: it doubles the faces a small
    /// training set offers; docs/network-and-training.md §2.5).
    public var horizontalFlip: Bool = false

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case phaseSteps, batchSize, size, localSize, discriminators, alpha, seed, width, discriminatorWidth
        case otenimCompat, adadelta, horizontalFlip
    }

    /// Decodes the settings a checkpoint recorded; fields added later (e.g. `discriminatorWidth`) take their
    /// defaults when absent, so older run folders still resume.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingParameters()
        phaseSteps = try c.decodeIfPresent([Int].self, forKey: .phaseSteps) ?? d.phaseSteps
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? d.size
        localSize = try c.decodeIfPresent(Int.self, forKey: .localSize) ?? d.localSize
        discriminators = try c.decodeIfPresent(DiscriminatorChoice.self, forKey: .discriminators) ?? d.discriminators
        alpha = try c.decodeIfPresent(Float.self, forKey: .alpha) ?? d.alpha
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        width = try c.decodeIfPresent(Double.self, forKey: .width) ?? d.width
        discriminatorWidth = try c.decodeIfPresent(Double.self, forKey: .discriminatorWidth) ?? d.discriminatorWidth
        otenimCompat = try c.decodeIfPresent(Bool.self, forKey: .otenimCompat) ?? d.otenimCompat
        adadelta = try c.decodeIfPresent(AdadeltaParameters.self, forKey: .adadelta) ?? d.adadelta
        horizontalFlip = try c.decodeIfPresent(Bool.self, forKey: .horizontalFlip) ?? d.horizontalFlip
    }

    /// Total steps of the three phases.
    public var totalSteps: Int { phaseSteps.reduce(0, +) }

    /// The phase that global step `step` (0-based) belongs to.
    public func phase(ofStep step: Int) -> TrainingPhase {
        if step < phaseSteps[0] { return .completion }
        if step < phaseSteps[0] + phaseSteps[1] { return .discriminator }
        return .joint
    }

    /// Checks the settings, throwing `TrainingError.badSetting` with the reason.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ reason: String) -> TrainingError {
            .badSetting(name: name, value: "\(value)", reason: reason)
        }
        guard phaseSteps.count == 3, phaseSteps.allSatisfy({ $0 >= 0 }), totalSteps > 0 else {
            throw bad(
                "--phase-steps", phaseSteps.map(String.init).joined(separator: ","), "give three non-negative step counts, not all zero")
        }
        guard batchSize >= 2 else { throw bad("--batch", batchSize, "batch normalisation in train mode needs at least 2 images") }
        guard size >= 32, size % 32 == 0 else {
            throw bad("--size", size, "the discriminators halve the image five times: use a multiple of 32 (e.g. 160)")
        }
        guard localSize >= 32, localSize % 32 == 0, localSize <= size else {
            throw bad("--local-size", localSize, "use a multiple of 32 no larger than --size (e.g. 96 for 160)")
        }
        guard alpha >= 0, alpha.isFinite else { throw bad("--alpha", alpha, "must be a non-negative number") }
        guard adadelta.learningRate > 0, adadelta.learningRate <= 100 else {
            throw bad("--learning-rate", adadelta.learningRate, "use a number in (0, 100]; Adadelta's default is 1")
        }
        guard width > 0, width <= 4 else { throw bad("--width", width, "use a multiplier in (0, 4]") }
        guard discriminatorWidth > 0, discriminatorWidth <= 4 else {
            throw bad("--discriminator-width", discriminatorWidth, "use a multiplier in (0, 4]")
        }
    }
}
