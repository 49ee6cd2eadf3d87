// Binary cross-entropy on probabilities, as PyTorch's `nn.BCELoss` (mean over the batch), which
// GLCIC's discriminator losses use (docs/network-and-training.md §2.1): the discriminator ends in a sigmoid
// and gives P(real); the labels are 1 for real and 0 for fake.

/// `nn.BCELoss()` with the mean reduction: −mean(t·log p + (1−t)·log(1−p)).
public enum BinaryCrossEntropy {
    /// PyTorch clamps each log at −100 so that p = 0 or 1 gives a finite loss.
    static let logFloor: Float = -100
    /// PyTorch's lower bound on p·(1−p) in the backward pass.
    static let epsilon: Float = 1e-12

    /// The loss of probabilities `p` ([N] or [N, 1]) against a constant label `target` (0 or 1, or between).
    public static func forward(probabilities p: Tensor, target: Float) -> Float {
        precondition(p.count > 0, "BinaryCrossEntropy: empty batch \(p.shape)")
        var sum: Float = 0
        for v in p.data {
            let logP = max(logf(v), logFloor)
            let log1mP = max(logf(1 - v), logFloor)
            sum += target * logP + (1 - target) * log1mP
        }
        return -sum / Float(p.count)
    }

    /// Adds `scale` · ∂loss/∂p to `gradient` (same shape as `p`; accumulates).
    /// ∂/∂p = (p − t) / max(p·(1 − p), 1e-12) / N, as PyTorch's `binary_cross_entropy_backward`.
    public static func backward(
        probabilities p: Tensor, target: Float, scale: Float = 1,
        into gradient: inout Tensor
    ) {
        precondition(gradient.shape == p.shape, "BinaryCrossEntropy.backward: gradient \(gradient.shape) vs \(p.shape)")
        let k = scale / Float(p.count)
        for i in 0..<p.count {
            let v = p.data[i]
            gradient.data[i] += k * (v - target) / max((1 - v) * v, epsilon)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
