// Forward pass keeping what backward needs, and the backward pass, of the completion network
// (layer by layer, no tape; docs/network-and-training.md §1.2). BatchNorm follows `training` (batch statistics in train mode).

import NeuralEngine

extension CompletionNetwork {
    /// The caches of one Conv → ReLU → BatchNorm block.
    public struct BlockCache {
        enum Convolution {
            case conv(Conv2d.Cache)
            case deconv(ConvTranspose2d.Cache)
        }
        let convolution: Convolution
        let relu: ReLU.Cache
        let bn: BatchNorm2d.Cache
    }

    /// Everything `backward` needs from `forward`.
    public struct Cache {
        /// Blocks 1…16.
        let blocks: [BlockCache]
        let conv17: Conv2d.Cache
        let sigmoid: Sigmoid.Cache
    }

    /// Forward pass in the current mode (train mode updates the BatchNorm running statistics).
    /// x: `[N, 4, H, W]` → y: `[N, 3, H, W]`.
    public func forward(_ x: Tensor) -> (y: Tensor, cache: Cache) {
        CompletionNetwork.checkInput(x)
        var caches: [BlockCache] = []
        caches.reserveCapacity(16)
        var h = x
        h = block(conv1, bn1, h, &caches)
        h = block(conv2, bn2, h, &caches)
        h = block(conv3, bn3, h, &caches)
        h = block(conv4, bn4, h, &caches)
        h = block(conv5, bn5, h, &caches)
        h = block(conv6, bn6, h, &caches)
        h = block(conv7, bn7, h, &caches)
        h = block(conv8, bn8, h, &caches)
        h = block(conv9, bn9, h, &caches)
        h = block(conv10, bn10, h, &caches)
        h = block(conv11, bn11, h, &caches)
        h = block(conv12, bn12, h, &caches)
        h = block(deconv13, bn13, h, &caches)
        h = block(conv14, bn14, h, &caches)
        h = block(deconv15, bn15, h, &caches)
        h = block(conv16, bn16, h, &caches)
        let (z, c17) = conv17.forward(h)
        let (y, sig) = sigmoid.forward(z)
        return (y, Cache(blocks: caches, conv17: c17, sigmoid: sig))
    }

    /// Backward pass: accumulates every parameter gradient. The input gradient is not computed (the input is
    /// data). dy: `[N, 3, H, W]`.
    public func backward(_ dy: Tensor, cache: Cache) {
        let b = cache.blocks
        precondition(b.count == 16, "CompletionNetwork.backward: cache has \(b.count) blocks, expected 16")
        var d = sigmoid.backward(dy, cache: cache.sigmoid)
        d = conv17.backward(d, cache: cache.conv17)
        d = blockBackward(conv16, bn16, d, b[15])
        d = blockBackward(deconv15, bn15, d, b[14])
        d = blockBackward(conv14, bn14, d, b[13])
        d = blockBackward(deconv13, bn13, d, b[12])
        d = blockBackward(conv12, bn12, d, b[11])
        d = blockBackward(conv11, bn11, d, b[10])
        d = blockBackward(conv10, bn10, d, b[9])
        d = blockBackward(conv9, bn9, d, b[8])
        d = blockBackward(conv8, bn8, d, b[7])
        d = blockBackward(conv7, bn7, d, b[6])
        d = blockBackward(conv6, bn6, d, b[5])
        d = blockBackward(conv5, bn5, d, b[4])
        d = blockBackward(conv4, bn4, d, b[3])
        d = blockBackward(conv3, bn3, d, b[2])
        d = blockBackward(conv2, bn2, d, b[1])
        guard case let .conv(c1) = b[0].convolution else { preconditionFailure("CompletionNetwork: block 1 is a convolution") }
        conv1.backwardParameters(relu.backward(bn1.backward(d, cache: b[0].bn), cache: b[0].relu), cache: c1)
    }

    // MARK: - One block

    /// The activations, on the layers' threads.
    private var relu: ReLU { ReLU(threads: engineOptions.threads) }
    private var sigmoid: Sigmoid { Sigmoid(threads: engineOptions.threads) }

    private func block(_ conv: Conv2d, _ bn: BatchNorm2d, _ x: Tensor, _ caches: inout [BlockCache]) -> Tensor {
        let (z, cc) = conv.forward(x)
        let (r, rc) = relu.forward(z)
        let (y, bc) = bn.forward(r)
        caches.append(BlockCache(convolution: .conv(cc), relu: rc, bn: bc))
        return y
    }

    private func block(_ conv: ConvTranspose2d, _ bn: BatchNorm2d, _ x: Tensor, _ caches: inout [BlockCache]) -> Tensor {
        let (z, cc) = conv.forward(x)
        let (r, rc) = relu.forward(z)
        let (y, bc) = bn.forward(r)
        caches.append(BlockCache(convolution: .deconv(cc), relu: rc, bn: bc))
        return y
    }

    private func blockBackward(_ conv: Conv2d, _ bn: BatchNorm2d, _ dy: Tensor, _ cache: BlockCache) -> Tensor {
        guard case let .conv(cc) = cache.convolution else {
            preconditionFailure("CompletionNetwork: cache of a deconvolution given to a convolution")
        }
        return conv.backward(relu.backward(bn.backward(dy, cache: cache.bn), cache: cache.relu), cache: cc)
    }

    private func blockBackward(_ conv: ConvTranspose2d, _ bn: BatchNorm2d, _ dy: Tensor, _ cache: BlockCache) -> Tensor {
        guard case let .deconv(cc) = cache.convolution else {
            preconditionFailure("CompletionNetwork: cache of a convolution given to a deconvolution")
        }
        return conv.backward(relu.backward(bn.backward(dy, cache: cache.bn), cache: cache.relu), cache: cc)
    }
}
