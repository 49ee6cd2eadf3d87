import Foundation
import ImageCore
import NeuralEngine

/// The completion network's layer stack (docs/network-and-training.md §1.2) built directly on engine layers, for timing the
/// engine independently of DeepInpaint: conv → ReLU → BN blocks, two transposed convs, sigmoid output.
struct BenchStack {
    enum Op { case conv(Conv2d), deconv(ConvTranspose2d) }
    struct Block { let name: String; let op: Op; let bn: BatchNorm2d?; let mmac: Double }
    let blocks: [Block]

    init(seed: UInt64, precision: ComputePrecision = .f32) {
        var rng = SplitMix64(seed: seed)
        // (name, Cin, Cout, k, stride, pad, dilation, deconv, MMAC at 160×160)
        let table: [(String, Int, Int, Int, Int, Int, Int, Bool, Double)] = [
            ("conv1", 4, 64, 5, 1, 2, 1, false, 163.8), ("conv2", 64, 128, 3, 2, 1, 1, false, 471.9),
            ("conv3", 128, 128, 3, 1, 1, 1, false, 943.7), ("conv4", 128, 256, 3, 2, 1, 1, false, 471.9),
            ("conv5", 256, 256, 3, 1, 1, 1, false, 943.7), ("conv6", 256, 256, 3, 1, 1, 1, false, 943.7),
            ("conv7", 256, 256, 3, 1, 2, 2, false, 943.7), ("conv8", 256, 256, 3, 1, 4, 4, false, 943.7),
            ("conv9", 256, 256, 3, 1, 8, 8, false, 943.7), ("conv10", 256, 256, 3, 1, 16, 16, false, 943.7),
            ("conv11", 256, 256, 3, 1, 1, 1, false, 943.7), ("conv12", 256, 256, 3, 1, 1, 1, false, 943.7),
            ("deconv13", 256, 128, 4, 2, 1, 1, true, 838.9), ("conv14", 128, 128, 3, 1, 1, 1, false, 943.7),
            ("deconv15", 128, 64, 4, 2, 1, 1, true, 838.9), ("conv16", 64, 32, 3, 1, 1, 1, false, 471.9),
            ("conv17", 32, 3, 3, 1, 1, 1, false, 22.1),
        ]
        blocks = table.map { row in
            let (name, cin, cout, k, s, p, d, isDeconv, mmac) = row
            let op: Op
            if isDeconv {
                let layer = ConvTranspose2d(cin, cout, kernelSize: k, stride: s, padding: p)
                layer.resetParameters(using: &rng)
                layer.precision = precision
                op = .deconv(layer)
            } else {
                let layer = Conv2d(cin, cout, kernelSize: k, stride: s, padding: p, dilation: d)
                layer.resetParameters(using: &rng)
                layer.precision = precision
                op = .conv(layer)
            }
            return Block(name: name, op: op, bn: name == "conv17" ? nil : BatchNorm2d(cout), mmac: mmac)
        }
    }

    /// Eval-mode inference with fused epilogues; per-block and total wall times in seconds.
    func timedInference(_ input: Tensor) -> ([Double], [Double], Double) {
        var x = input
        var times: [Double] = [], cpu: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for block in blocks {
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = processCPUSeconds()
            let epilogue: Epilogue
            if let bn = block.bn {
                let (scale, shift) = bn.evalScaleShift()
                epilogue = .reluThenAffine(scale: scale, shift: shift)
            } else {
                epilogue = .sigmoid
            }
            switch block.op {
            case let .conv(layer): x = layer.inference(x, epilogue: epilogue)
            case let .deconv(layer): x = layer.inference(x, epilogue: epilogue)
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
            cpu.append(processCPUSeconds() - c0)
        }
        return (times, cpu, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }

    /// One training-mode forward (with caches) and backward of Σ output: wall seconds (forward, backward) and
    /// CPU seconds (convolutions forward, elementwise forward, convolutions backward, elementwise backward).
    func timedTrainingStep(_ input: Tensor) -> (Double, Double, [Double]) {
        var cpu = [Double](repeating: 0, count: 4)
        func timed<T>(_ slot: Int, _ body: () -> T) -> T {
            let c0 = processCPUSeconds()
            let r = body()
            cpu[slot] += processCPUSeconds() - c0
            return r
        }
        enum Cache { case conv(Conv2d.Cache), deconv(ConvTranspose2d.Cache) }
        var x = input
        var caches: [(Cache, ReLU.Cache?, BatchNorm2d.Cache?, Sigmoid.Cache?)] = []
        let t0 = DispatchTime.now().uptimeNanoseconds
        for block in blocks {
            let c: Cache
            switch block.op {
            case let .conv(layer): let r = timed(0) { layer.forward(x) }; x = r.y; c = .conv(r.cache)
            case let .deconv(layer): let r = timed(0) { layer.forward(x) }; x = r.y; c = .deconv(r.cache)
            }
            if let bn = block.bn {
                bn.training = true
                let r = timed(1) { ReLU().forward(x) }
                let b = timed(1) { bn.forward(r.y) }
                x = b.y
                caches.append((c, r.cache, b.cache, nil))
            } else {
                let s = timed(1) { Sigmoid().forward(x) }
                x = s.y
                caches.append((c, nil, nil, s.cache))
            }
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        var dy = Tensor(shape: x.shape, value: 1)
        for (block, cache) in zip(blocks, caches).reversed() {
            if let s = cache.3 { dy = timed(3) { Sigmoid().backward(dy, cache: s) } }
            if let b = cache.2, let bn = block.bn { dy = timed(3) { bn.backward(dy, cache: b) } }
            if let r = cache.1 { dy = timed(3) { ReLU().backward(dy, cache: r) } }
            switch (block.op, cache.0) {
            case let (.conv(layer), .conv(c)): dy = timed(2) { layer.backward(dy, cache: c) }
            case let (.deconv(layer), .deconv(c)): dy = timed(2) { layer.backward(dy, cache: c) }
            default: preconditionFailure("BenchStack: cache of the wrong kind")
            }
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        return (Double(t1 - t0) * 1e-9, Double(t2 - t1) * 1e-9, cpu)
    }
}
