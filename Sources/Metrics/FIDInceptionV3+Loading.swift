// Building the FID network from the TorchScript archive's module tree (TorchScriptArchive): the layout of
// sub-modules follows code/__torch__/inceptionv3.py and code/__torch__/torch/nn/modules/container/*.py;
// pooling parameters are TorchScript constants in code/__torch__/torch/nn/modules/pooling*.py (not in
// data.pkl), so they are written out here.

import Foundation
import NeuralEngine

extension FIDInceptionV3 {
    /// BatchNorm epsilon of every Conv2dLayer (`batch_norm(..., 0.001)` in inceptionv3.py).
    static let batchNormEpsilon: Float = 1e-3

    /// Reads the network from the archive's root module (`WrapNet` holding `net.layers`).
    init(archive root: TorchScriptModule, path: String) throws {
        var loader = FIDLoader(path: path)
        let layers = try loader.child(root, "net", "layers")
        stem = [
            .conv(try loader.conv(layers, "conv")), .conv(try loader.conv(layers, "conv_1")),
            .conv(try loader.conv(layers, "conv_2")), .maxPool(MaxPool2d(kernelSize: 3, stride: 2)),
            .conv(try loader.conv(layers, "conv_3")), .conv(try loader.conv(layers, "conv_4")),
            .maxPool(MaxPool2d(kernelSize: 3, stride: 2))
        ]
        let avg = FIDLayer.avgPool(AvgPool2d(kernelSize: 3, stride: 1, padding: 1, countIncludePad: false))
        let max2 = FIDLayer.maxPool(MaxPool2d(kernelSize: 3, stride: 2))
        var blocks: [FIDMixed] = []
        for name in ["mixed", "mixed_1", "mixed_2", "mixed_4", "mixed_5", "mixed_6", "mixed_7"] {  // A ×3, C ×4
            let m = try loader.child(layers, name)
            blocks.append(
                FIDMixed(branches: [
                    [.conv(try loader.conv(m, "conv"))], try loader.sequence(m, "tower"), try loader.sequence(m, "tower_1"),
                    [avg] + (try loader.sequence(m, "tower_2"))
                ]))
            if name == "mixed_2" {  // InceptionB (mixed_3) comes between the A and C blocks
                let b = try loader.child(layers, "mixed_3")
                blocks.append(FIDMixed(branches: [[.conv(try loader.conv(b, "conv"))], try loader.sequence(b, "tower"), [max2]]))
            }
        }
        let d = try loader.child(layers, "mixed_8")  // InceptionD
        blocks.append(FIDMixed(branches: [try loader.sequence(d, "tower"), try loader.sequence(d, "tower_1"), [max2]]))
        mixed = blocks
        let maxSame = FIDLayer.maxPool(MaxPool2d(kernelSize: 3, stride: 1, padding: 1))
        mixedE = [
            try loader.inceptionE(try loader.child(layers, "mixed_9"), pool: avg),
            try loader.inceptionE(try loader.child(layers, "mixed_10"), pool: maxSame)  // the max-pool quirk
        ]
        try loader.checkAllUsed(root)
        names = loader.names
        try checkShapes(names: names, path: path)
    }
}

/// Bounds on the archive's layers, checked before anything is allocated from them: the real network's
/// largest convolution has 2048 → 448 channels, 7-tap kernels and stride 2.
enum FIDLimits {
    static let maxChannels = 2048
    static let maxKernel = 7
    static let maxStride = 2
}

/// Walks the module tree, turning Conv2dLayers into BN-folded convolutions and counting what it used.
struct FIDLoader {
    let path: String
    private(set) var convolutions = 0
    /// Each convolution's module path, for error messages.
    private(set) var names: [ObjectIdentifier: String] = [:]

    init(path: String) { self.path = path }

    func child(_ m: TorchScriptModule, _ names: String...) throws -> TorchScriptModule {
        var current = m
        for name in names {
            guard let next = current.child(name) else {
                throw MetricsError.fidWeightsInvalid(path: path, reason: "module \(current.className) has no sub-module '\(name)'")
            }
            current = next
        }
        return current
    }

    /// The Conv2dLayers of a Sequential, in order.
    mutating func sequence(_ m: TorchScriptModule, _ name: String) throws -> FIDBranch {
        let seq = try child(m, name)
        return try seq.children.filter { $0.module.className == "Conv2dLayer" }.map { .conv(try conv(seq, $0.name)) }
    }

    mutating func inceptionE(_ m: TorchScriptModule, pool: FIDLayer) throws -> FIDMixedE {
        FIDMixedE(
            conv: [.conv(try conv(m, "conv"))],
            towerStem: [.conv(try conv(m, "tower_conv"))],
            towerSplit: [[.conv(try conv(m, "tower_mixed_conv"))], [.conv(try conv(m, "tower_mixed_conv_1"))]],
            tower1Stem: [.conv(try conv(m, "tower_1_conv")), .conv(try conv(m, "tower_1_conv_1"))],
            tower1Split: [[.conv(try conv(m, "tower_1_mixed_conv"))], [.conv(try conv(m, "tower_1_mixed_conv_1"))]],
            pool: [pool, .conv(try conv(m, "tower_2_conv"))])
    }

    /// A Conv2dLayer (conv without bias → BatchNorm(eval, β only) → ReLU) as one convolution with bias;
    /// the ReLU is applied by the caller's epilogue. Shapes, hyper-parameters and values are checked here
    /// (limits of FIDLimits); how the layers chain is checked afterwards (`checkShapes`).
    mutating func conv(_ parent: TorchScriptModule, _ name: String) throws -> Conv2d {
        let m = try child(parent, name)
        let full = m.path.isEmpty ? name : m.path
        func tensor(_ key: String) throws -> Tensor {
            guard let t = m.tensors[key] else {
                throw MetricsError.fidWeightsInvalid(path: path, reason: "Conv2dLayer '\(full)' has no tensor '\(key)'")
            }
            if let i = t.data.firstIndex(where: { !$0.isFinite }) {
                throw MetricsError.fidWeightsInvalid(path: path, reason: "tensor '\(full).\(key)' holds \(t.data[i]) at flat index \(i)")
            }
            return t
        }
        let w = try tensor("weight"), beta = try tensor("beta"), mean = try tensor("mean"), variance = try tensor("var")
        guard w.shape.count == 4, (1...FIDLimits.maxChannels).contains(w.shape[0]), (1...FIDLimits.maxChannels).contains(w.shape[1]),
            (1...FIDLimits.maxKernel).contains(w.shape[2]), (1...FIDLimits.maxKernel).contains(w.shape[3]),
            [beta, mean, variance].allSatisfy({ $0.shape == [w.shape[0]] })
        else {
            throw MetricsError.fidWeightsInvalid(
                path: path,
                reason: "Conv2dLayer '\(full)' has weight \(w.shape), beta \(beta.shape), mean \(mean.shape), var \(variance.shape)")
        }
        if let i = variance.data.firstIndex(where: { $0 < 0 }) {
            throw MetricsError.fidWeightsInvalid(
                path: path, reason: "tensor '\(full).var' holds the negative variance \(variance.data[i]) at index \(i)")
        }
        let stride = try ints(m.attributes["stride"], name: "\(full).stride")
        let padding = try ints(m.attributes["padding"], name: "\(full).padding")
        let (cout, cin, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        guard stride.allSatisfy({ (1...FIDLimits.maxStride).contains($0) }), padding[0] >= 0, padding.last! >= 0,
            padding[0] < kh, padding.last! < kw
        else {
            throw MetricsError.fidWeightsInvalid(
                path: path, reason: "Conv2dLayer '\(full)' has stride \(stride), padding \(padding) for a \(kh)×\(kw) kernel")
        }
        let conv = Conv2d(
            inChannels: cin, outChannels: cout, kernel: (kh, kw), stride: (stride[0], stride.last!),
            padding: (padding[0], padding.last!), bias: true)
        var folded = w
        var bias = [Float](repeating: 0, count: cout)
        let perFilter = cin * kh * kw
        for o in 0..<cout {
            let scale = 1 / (variance.data[o] + FIDInceptionV3.batchNormEpsilon).squareRoot()
            for i in 0..<perFilter { folded.data[o * perFilter + i] *= scale }
            bias[o] = beta.data[o] - mean.data[o] * scale
        }
        if let i = folded.data.firstIndex(where: { !$0.isFinite }) ?? bias.firstIndex(where: { !$0.isFinite }) {
            throw MetricsError.fidWeightsInvalid(
                path: path, reason: "Conv2dLayer '\(full)' overflows when its BatchNorm is folded in (index \(i))")
        }
        conv.weight.value = folded
        conv.bias!.value = Tensor(shape: [cout], data: bias)
        convolutions += 1
        names[ObjectIdentifier(conv)] = full
        return conv
    }

    private func ints(_ v: PickleValue?, name: String) throws -> [Int] {
        if let i = v?.intValue { return [i] }
        if let list = v?.elements?.compactMap(\.intValue), list.count == 2 { return list }
        throw MetricsError.fidWeightsInvalid(path: path, reason: "\(name) is \(v.map { "\($0)" } ?? "missing"), not an int or a pair")
    }

    /// The archive must hold exactly the 94 Conv2dLayers this code uses (no silently ignored weights).
    func checkAllUsed(_ root: TorchScriptModule) throws {
        func count(_ m: TorchScriptModule) -> Int {
            (m.className == "Conv2dLayer" ? 1 : 0) + m.children.reduce(0) { $0 + count($1.module) }
        }
        let total = count(root)
        guard total == convolutions, total == 94 else {
            throw MetricsError.fidWeightsInvalid(
                path: path, reason: "\(total) Conv2dLayers in the archive, \(convolutions) used, 94 expected")
        }
    }
}
