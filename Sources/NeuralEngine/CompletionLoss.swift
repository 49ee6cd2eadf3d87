// The completion (reconstruction) loss of Iizuka et al. 2017, Eq. 1, with otenim/GLCIC-PyTorch's
// normalisation (docs/network-and-training.md §2.1): `F.mse_loss(out*mask, x*mask)`, i.e. the mean over all
// N·C·H·W elements, the zeros outside the hole included — not a sum and not a mean over hole pixels.

/// The masked mean squared error used to train the completion network.
public enum CompletionLoss {
    /// The loss mean((out·m − x·m)²) over all N·C·H·W elements.
    /// - Parameters:
    ///   - output: the network output, [N, C, H, W].
    ///   - target: the original images, [N, C, H, W].
    ///   - mask: the hole mask, [N, 1, H, W], 1 inside holes.
    public static func forward(output: Tensor, target: Tensor, mask: Tensor) -> Float {
        checkShapes(output: output, target: target, mask: mask)
        let (n, c, plane) = (output.shape[0], output.shape[1], output.shape[2] * output.shape[3])
        var sum = 0.0
        output.data.withUnsafeBufferPointer { o in
            target.data.withUnsafeBufferPointer { x in
                mask.data.withUnsafeBufferPointer { m in
                    for b in 0..<n {
                        for ch in 0..<c {
                            let base = (b * c + ch) * plane
                            let mBase = b * plane
                            var s: Float = 0
                            for i in 0..<plane {
                                let d = o[base + i] * m[mBase + i] - x[base + i] * m[mBase + i]
                                s += d * d
                            }
                            sum += Double(s)
                        }
                    }
                }
            }
        }
        return Float(sum / Double(output.count))
    }

    /// Adds `scale` · ∂loss/∂output to `gradient` (accumulates; zero it first for a fresh gradient).
    /// ∂/∂o mean((o·m − x·m)²) = 2·m·(o·m − x·m) / (N·C·H·W).
    /// - Parameters:
    ///   - output, target: [N, C, H, W]; mask: [N, 1, H, W]; gradient: [N, C, H, W].
    public static func backward(
        output: Tensor, target: Tensor, mask: Tensor, scale: Float = 1,
        into gradient: inout Tensor
    ) {
        checkShapes(output: output, target: target, mask: mask)
        precondition(
            gradient.shape == output.shape,
            "CompletionLoss.backward: gradient \(gradient.shape) vs output \(output.shape)")
        let (n, c, plane) = (output.shape[0], output.shape[1], output.shape[2] * output.shape[3])
        let k = 2 * scale / Float(output.count)
        output.data.withUnsafeBufferPointer { o in
            target.data.withUnsafeBufferPointer { x in
                mask.data.withUnsafeBufferPointer { m in
                    gradient.data.withUnsafeMutableBufferPointer { g in
                        for b in 0..<n {
                            for ch in 0..<c {
                                let base = (b * c + ch) * plane
                                let mBase = b * plane
                                for i in 0..<plane {
                                    let mm = m[mBase + i]
                                    g[base + i] += k * mm * (o[base + i] * mm - x[base + i] * mm)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func checkShapes(output: Tensor, target: Tensor, mask: Tensor) {
        precondition(
            output.shape.count == 4 && output.shape == target.shape,
            "CompletionLoss: output \(output.shape) vs target \(target.shape)")
        precondition(
            mask.shape == [output.shape[0], 1, output.shape[2], output.shape[3]],
            "CompletionLoss: mask \(mask.shape) for output \(output.shape)")
    }
}
