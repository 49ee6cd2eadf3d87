// The FID Inception-v3 network ("inception-2015-12-05", TF's pool3 graph; Szegedy et al., "Rethinking the
// Inception Architecture for Computer Vision", CVPR 2016, doi:10.1109/CVPR.2016.308), as the TorchScript
// archive's code/__torch__/inceptionv3.py defines it, run on the suite's engine. Architecture (299×299 in):
//   conv 3×3/2 → conv 3×3 → conv 3×3 pad 1 → maxpool 3/2 → conv 1×1 → conv 3×3 → maxpool 3/2
//   → 3 × InceptionA → InceptionB → 4 × InceptionC → InceptionD → 2 × InceptionE → avgpool 8 → 2048 features.
// Every convolution is Conv2dLayer: conv without bias, BatchNorm(eval, no γ, β only, eps 1e-3), ReLU;
// the BatchNorm is folded into the convolution at load time (w·s, β − µ·s with s = 1/√(var + 1e-3)).
// The quirk of the TF graph: the last InceptionE (mixed_10) pools its fourth branch with a 3×3 MAX pool
// (stride 1, pad 1) where mixed_9 uses an average pool (count_include_pad = False).

import NeuralEngine

/// One step of a branch.
enum FIDLayer {
    case conv(Conv2d)
    case maxPool(MaxPool2d)
    case avgPool(AvgPool2d)

    func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case let .conv(c): return c.inference(x, epilogue: .relu)
        case let .maxPool(p): return p(x)
        case let .avgPool(p): return p(x)
        }
    }
}

/// A chain of layers.
typealias FIDBranch = [FIDLayer]

func run(_ branch: FIDBranch, _ x: Tensor) -> Tensor {
    branch.reduce(x) { $1($0) }
}

/// InceptionA/B/C/D: parallel branches on the same input, concatenated along channels.
struct FIDMixed {
    let branches: [FIDBranch]

    func callAsFunction(_ x: Tensor) -> Tensor {
        Concat()(branches.map { run($0, x) })
    }
}

/// InceptionE: 1×1; 1×1 → (1×3 ‖ 3×1); 1×1 → 3×3 → (1×3 ‖ 3×1); pool → 1×1.
struct FIDMixedE {
    let conv: FIDBranch
    let towerStem: FIDBranch, towerSplit: [FIDBranch]
    let tower1Stem: FIDBranch, tower1Split: [FIDBranch]
    let pool: FIDBranch

    func callAsFunction(_ x: Tensor) -> Tensor {
        let a = run(towerStem, x)
        let b = run(tower1Stem, x)
        return Concat()([run(conv, x)] + towerSplit.map { run($0, a) } + tower1Split.map { run($0, b) } + [run(pool, x)])
    }
}

/// The whole network: input `[N, 3, 299, 299]` in [−1, 1] → pool3 features `[N, 2048]`.
struct FIDInceptionV3 {
    let stem: FIDBranch
    let mixed: [FIDMixed]
    let mixedE: [FIDMixedE]
    /// Each convolution's module path in the archive, for error messages.
    let names: [ObjectIdentifier: String]

    func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.shape.count == 4 && x.shape[1] == 3, "FID network input must be [N, 3, H, W], got \(x.shape)")
        var h = run(stem, x)
        for block in mixed { h = block(h) }
        for block in mixedE { h = block(h) }
        // pool2: AvgPool2d(8, stride 8); on the 8×8 map of a 299×299 input, the mean of each channel.
        h = AvgPool2d(kernelSize: 8, stride: 8)(h)
        precondition(h.shape[2] == 1 && h.shape[3] == 1, "FID network: input \(x.shape) is not 299×299")
        return h.reshaped([x.shape[0], h.shape[1]])
    }
}

extension FIDInceptionV3 {
    /// Every convolution of the network (stem, then each block's branches).
    var convolutions: [Conv2d] {
        let branches =
            [stem] + mixed.flatMap(\.branches)
            + mixedE.flatMap { [$0.conv, $0.towerStem, $0.tower1Stem, $0.pool] + $0.towerSplit + $0.tower1Split }
        return branches.flatMap { branch in
            branch.compactMap { layer -> Conv2d? in
                if case let .conv(c) = layer { return c }
                return nil
            }
        }
    }
}
