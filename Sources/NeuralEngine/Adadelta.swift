// Adadelta (Zeiler 2012, arXiv:1212.5701) with PyTorch's exact update, as `torch.optim.Adadelta`
// (`_single_tensor_adadelta`, unchanged since torch 1.0; docs/network-and-training.md §2.2):
//
//     sq  = rho*sq + (1-rho)*g*g
//     d   = sqrt(acc + eps) / sqrt(sq + eps) * g
//     acc = rho*acc + (1-rho)*d*d
//     p  -= lr*d
//
// with both state tensors starting at zero. The optimiser owns one state pair per parameter tensor
// ("slot"); the caller passes each parameter with its gradient under the same slot every step.
// Gradients are read, never zeroed: zeroing is the caller's explicit call.
import Parallelism

/// Adadelta's hyper-parameters.
public struct AdadeltaParameters: Equatable, Sendable, Codable {
    /// Learning rate; 1.0 is PyTorch's default and otenim's setting.
    public var learningRate: Float = 1.0
    /// Decay of the running averages; 0.9 is PyTorch's default.
    public var rho: Float = 0.9
    /// Added inside both square roots; 1e-6 is PyTorch's default (it sets the first step's size, ≈ 3.16e-3).
    public var epsilon: Float = 1e-6

    public init(learningRate: Float = 1.0, rho: Float = 0.9, epsilon: Float = 1e-6) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
    }
}

/// The Adadelta optimiser over a fixed list of parameter tensors (slots).
public final class Adadelta {
    /// The hyper-parameters, fixed at creation.
    public let parameters: AdadeltaParameters
    /// Running average of g² per slot (PyTorch's `square_avg`).
    public private(set) var squareAverages: [[Float]]
    /// Running average of update² per slot (PyTorch's `acc_delta`).
    public private(set) var accumulatedDeltas: [[Float]]
    /// Number of completed `step` rounds (informational; the update does not depend on it).
    public var stepCount: Int = 0
    /// Threads of the elementwise update (results do not depend on it).
    public var threads: Int

    /// Creates an optimiser with zero state for tensors of the given element counts.
    public init(slotSizes: [Int], parameters: AdadeltaParameters = AdadeltaParameters(), threads: Int = defaultThreadCount) {
        self.parameters = parameters
        self.threads = threads
        squareAverages = slotSizes.map { [Float](repeating: 0, count: $0) }
        accumulatedDeltas = slotSizes.map { [Float](repeating: 0, count: $0) }
    }

    /// The element count of each slot.
    public var slotSizes: [Int] { squareAverages.map(\.count) }

    /// Updates the parameter of `slot` in place from its gradient.
    public func update(slot: Int, parameter: inout [Float], gradient: [Float]) {
        precondition(parameter.count == gradient.count, "Adadelta: parameter \(parameter.count) vs gradient \(gradient.count)")
        parameter.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in update(slot: slot, parameter: p, gradient: g) }
        }
    }

    /// Updates the parameter buffer of `slot` in place from its gradient buffer.
    public func update(slot: Int, parameter p: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>) {
        precondition(slot >= 0 && slot < squareAverages.count, "Adadelta: slot \(slot) of \(squareAverages.count)")
        precondition(
            p.count == squareAverages[slot].count && g.count == p.count,
            "Adadelta: slot \(slot) holds \(squareAverages[slot].count) values, got parameter \(p.count), gradient \(g.count)")
        let rho = parameters.rho
        let oneMinusRho = Float(1 - Double(parameters.rho))
        let eps = parameters.epsilon
        let lr = parameters.learningRate
        squareAverages[slot].withUnsafeMutableBufferPointer { sq in
            accumulatedDeltas[slot].withUnsafeMutableBufferPointer { acc in
                // Elementwise and independent, so splitting over the cores changes no result.
                EngineThreads.parallelRanges(p.count, threads: threads) { range in
                    for i in range {
                        let gi = g[i]
                        let s = sq[i] * rho + oneMinusRho * gi * gi  // addcmul order: (value·t1)·t2
                        sq[i] = s
                        let d = (acc[i] + eps).squareRoot() / (s + eps).squareRoot() * gi
                        acc[i] = acc[i] * rho + oneMinusRho * d * d
                        p[i] -= lr * d
                    }
                }
            }
        }
    }

    /// Replaces the state (for resuming from a checkpoint); the sizes must match the slots.
    public func restore(squareAverages sq: [[Float]], accumulatedDeltas acc: [[Float]], stepCount: Int) {
        precondition(
            sq.map(\.count) == slotSizes && acc.map(\.count) == slotSizes,
            "Adadelta.restore: sizes \(sq.map(\.count)) / \(acc.map(\.count)) vs slots \(slotSizes)")
        squareAverages = sq
        accumulatedDeltas = acc
        self.stepCount = stepCount
    }
}
