// Eval-mode forward pass of the completion network with each block's Conv → ReLU → BatchNorm fused into the
// convolution's output pass (the BatchNorm folded into a per-channel scale and shift, docs/network-and-training.md §1.1), and
// channel ablation folded into the same scale and shift.

import NeuralEngine

extension CompletionNetwork {
    /// Eval-mode output for `x` `[N, 4, H, W]` → `[N, 3, H, W]`, whatever `training` is set to (running
    /// statistics are always used; nothing is updated).
    /// - Parameters:
    ///   - ablation: block output channels forced to zero after their BatchNorm.
    ///   - observe: called with (block number 1…17, block output) after each block, for tests and probes.
    public func inference(
        _ x: Tensor, ablation: ChannelAblation = ChannelAblation(),
        observe: ((Int, Tensor) -> Void)? = nil
    ) -> Tensor {
        CompletionNetwork.checkInput(x)
        var h = x
        h = conv1.inference(h, epilogue: epilogue(1, ablation)); observe?(1, h)
        h = conv2.inference(h, epilogue: epilogue(2, ablation)); observe?(2, h)
        h = conv3.inference(h, epilogue: epilogue(3, ablation)); observe?(3, h)
        h = conv4.inference(h, epilogue: epilogue(4, ablation)); observe?(4, h)
        h = conv5.inference(h, epilogue: epilogue(5, ablation)); observe?(5, h)
        h = conv6.inference(h, epilogue: epilogue(6, ablation)); observe?(6, h)
        h = conv7.inference(h, epilogue: epilogue(7, ablation)); observe?(7, h)
        h = conv8.inference(h, epilogue: epilogue(8, ablation)); observe?(8, h)
        h = conv9.inference(h, epilogue: epilogue(9, ablation)); observe?(9, h)
        h = conv10.inference(h, epilogue: epilogue(10, ablation)); observe?(10, h)
        h = conv11.inference(h, epilogue: epilogue(11, ablation)); observe?(11, h)
        h = conv12.inference(h, epilogue: epilogue(12, ablation)); observe?(12, h)
        h = deconv13.inference(h, epilogue: epilogue(13, ablation)); observe?(13, h)
        h = conv14.inference(h, epilogue: epilogue(14, ablation)); observe?(14, h)
        h = deconv15.inference(h, epilogue: epilogue(15, ablation)); observe?(15, h)
        h = conv16.inference(h, epilogue: epilogue(16, ablation)); observe?(16, h)
        h = conv17.inference(h, epilogue: .sigmoid)
        h = zeroChannels(h, ablation.channels(ofBlock: 17)); observe?(17, h)
        return h
    }

    /// ReLU then eval-mode BatchNorm of block `block` as `max(·, 0)·scale + shift`, ablated channels zeroed.
    private func epilogue(_ block: Int, _ ablation: ChannelAblation) -> Epilogue {
        var (scale, shift) = batchNorms[block - 1].evalScaleShift()
        for c in ablation.channels(ofBlock: block) {
            scale[c] = 0
            shift[c] = 0
        }
        return .reluThenAffine(scale: scale, shift: shift)
    }

    private func zeroChannels(_ y: Tensor, _ channels: [Int]) -> Tensor {
        guard !channels.isEmpty else { return y }
        var out = y
        let (n, c, h, w) = y.nchw
        for i in 0..<n {
            for ch in channels { for j in 0..<(h * w) { out.data[(i * c + ch) * h * w + j] = 0 } }
        }
        return out
    }
}
