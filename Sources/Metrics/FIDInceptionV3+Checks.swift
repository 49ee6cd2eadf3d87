// Checks that make a corrupt FID archive an error instead of a crash or a NaN score (docs/robustness.md):
// before any image is run, the layers read from the archive must chain as the architecture says (each
// convolution's input channels equal what flows into it, every map stays at least 1×1) and end in 2048
// channels on an 8×8 map for a 299×299 input; after a batch is run, every feature must be finite, and if
// one is not, the batch is run again layer by layer to name the first convolution whose output is not.

import NeuralEngine

/// Channels and spatial size of a feature map during the shape check.
struct FIDMapShape: Equatable, CustomStringConvertible {
    var channels: Int, height: Int, width: Int
    var description: String { "\(channels)×\(height)×\(width)" }
}

extension FIDInceptionV3 {
    /// Walks the architecture at a 299×299 input; throws `fidWeightsInvalid` naming the first layer that
    /// does not fit.
    func checkShapes(names: [ObjectIdentifier: String], path: String) throws {
        let walker = FIDShapeWalker(names: names, path: path)
        var s = try walker.branch(stem, FIDMapShape(channels: 3, height: 299, width: 299))
        for block in mixed { s = try walker.concat(block.branches.map { try walker.branch($0, s) }) }
        for e in mixedE {
            let a = try walker.branch(e.towerStem, s), b = try walker.branch(e.tower1Stem, s)
            s = try walker.concat(
                [try walker.branch(e.conv, s)] + e.towerSplit.map { try walker.branch($0, a) }
                    + e.tower1Split.map { try walker.branch($0, b) } + [try walker.branch(e.pool, s)])
        }
        guard s == FIDMapShape(channels: FIDNetwork.featureDimension, height: 8, width: 8) else {
            throw MetricsError.fidWeightsInvalid(path: path, reason: "the last block gives \(s) maps, not 2048×8×8")
        }
    }

    /// The name of the first convolution whose output holds NaN or ±Inf for `x`, or nil.
    func firstNonFiniteLayer(_ x: Tensor, names: [ObjectIdentifier: String]) -> String? {
        func checked(_ branch: FIDBranch, _ x: Tensor) -> (Tensor, String?) {
            var h = x
            for layer in branch {
                h = layer(h)
                if case let .conv(c) = layer, h.data.contains(where: { !$0.isFinite }) {
                    return (h, names[ObjectIdentifier(c)] ?? "a convolution")
                }
            }
            return (h, nil)
        }
        func mixedOutput(_ branches: [(FIDBranch, Tensor)]) -> (Tensor, String?) {
            var outs: [Tensor] = []
            for (b, input) in branches {
                let (y, bad) = checked(b, input)
                if let bad { return (y, bad) }
                outs.append(y)
            }
            return (Concat()(outs), nil)
        }
        var (h, bad) = checked(stem, x)
        if let bad { return bad }
        for block in mixed {
            (h, bad) = mixedOutput(block.branches.map { ($0, h) })
            if let bad { return bad }
        }
        for e in mixedE {
            let (a, badA) = checked(e.towerStem, h)
            if let badA { return badA }
            let (b, badB) = checked(e.tower1Stem, h)
            if let badB { return badB }
            (h, bad) = mixedOutput([(e.conv, h)] + e.towerSplit.map { ($0, a) } + e.tower1Split.map { ($0, b) } + [(e.pool, h)])
            if let bad { return bad }
        }
        return nil
    }
}

/// The shape check's walk over layers.
private struct FIDShapeWalker {
    let names: [ObjectIdentifier: String]
    let path: String

    func branch(_ layers: FIDBranch, _ input: FIDMapShape) throws -> FIDMapShape {
        var s = input
        for layer in layers {
            switch layer {
            case let .conv(c):
                let name = names[ObjectIdentifier(c)] ?? "a convolution"
                guard c.inChannels == s.channels else {
                    throw MetricsError.fidWeightsInvalid(
                        path: path, reason: "Conv2dLayer '\(name)' takes \(c.inChannels) channels but receives \(s)")
                }
                s = try sized(s, channels: c.outChannels, kernel: c.kernel, stride: c.stride, padding: c.padding, at: name)
            case let .maxPool(p):
                s = try sized(
                    s, channels: s.channels, kernel: (p.kernelSize, p.kernelSize), stride: (p.stride, p.stride),
                    padding: (p.padding, p.padding), at: "a max pool")
            case let .avgPool(p):
                s = try sized(
                    s, channels: s.channels, kernel: (p.kernelSize, p.kernelSize), stride: (p.stride, p.stride),
                    padding: (p.padding, p.padding), at: "an average pool")
            }
        }
        return s
    }

    func concat(_ parts: [FIDMapShape]) throws -> FIDMapShape {
        guard let first = parts.first, parts.allSatisfy({ $0.height == first.height && $0.width == first.width }) else {
            throw MetricsError.fidWeightsInvalid(path: path, reason: "the branches of a block give maps of different sizes: \(parts)")
        }
        return FIDMapShape(channels: parts.reduce(0) { $0 + $1.channels }, height: first.height, width: first.width)
    }

    private func sized(
        _ s: FIDMapShape, channels: Int, kernel: (h: Int, w: Int), stride: (h: Int, w: Int),
        padding: (h: Int, w: Int), at name: String
    ) throws -> FIDMapShape {
        let h = s.height + 2 * padding.h - kernel.h, w = s.width + 2 * padding.w - kernel.w
        guard h >= 0, w >= 0, channels <= FIDLimits.maxChannels * 4 else {
            throw MetricsError.fidWeightsInvalid(path: path, reason: "\(name) cannot run on a \(s) map")
        }
        return FIDMapShape(channels: channels, height: h / stride.h + 1, width: w / stride.w + 1)
    }
}
