import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine

/// The completion network's layer stack (docs/network-and-training.md §1.2; the layer table of DeepInpaint's
/// `CompletionNetwork.layers`) built directly on engine layers, for timing the engine independently of
/// DeepInpaint's network code: conv → ReLU → BN blocks, two transposed convs, sigmoid output.
struct BenchStack {
    enum Op { case conv(Conv2d), deconv(ConvTranspose2d) }
    struct Block { let name: String; let op: Op; let bn: BatchNorm2d?; let mmac: Double }
    let blocks: [Block]

    /// The layers' engine settings (also the threads of the elementwise steps).
    let engine: EngineOptions

    init(seed: UInt64, precision: ComputePrecision = .f32, engine: EngineOptions = EngineOptions()) {
        self.engine = engine
        var rng = SplitMix64(seed: seed)
        // MMAC of each layer at 160×160 (the benches scale them to the timed size).
        let macs = CompletionNetwork.multiplyAccumulates(height: 160, width: 160)
        blocks = zip(CompletionNetwork.layers(), macs).map { l, mac in
            let op: Op
            if l.isTransposed {
                let layer = ConvTranspose2d(
                    l.inputChannels, l.outputChannels, kernelSize: l.kernelSize, stride: l.stride, padding: l.padding)
                layer.resetParameters(using: &rng)
                layer.precision = precision
                layer.options = engine
                op = .deconv(layer)
            } else {
                let layer = Conv2d(
                    l.inputChannels, l.outputChannels, kernelSize: l.kernelSize, stride: l.stride,
                    padding: l.padding, dilation: l.dilation)
                layer.resetParameters(using: &rng)
                layer.precision = precision
                layer.options = engine
                op = .conv(layer)
            }
            let bn = l.name == "conv17" ? nil : BatchNorm2d(l.outputChannels)
            bn?.options = engine
            return Block(name: l.name, op: op, bn: bn, mmac: Double(mac) / 1e6)
        }
    }

    /// Eval-mode inference with fused epilogues; per-block and total wall times in seconds.
    func timedInference(_ input: Tensor) -> ([Double], [Double], Double) {
        var x = input
        var times: [Double] = [], cpu: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for block in blocks {
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = Stopwatch.cpuNow()
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
            cpu.append(Stopwatch.cpuNow() - c0)
        }
        return (times, cpu, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }

    /// One training-mode forward (with caches) and backward of Σ output: wall seconds (forward, backward) and
    /// CPU seconds (convolutions forward, elementwise forward, convolutions backward, elementwise backward).
    func timedTrainingStep(_ input: Tensor) -> (Double, Double, [Double]) {
        var cpu = [Double](repeating: 0, count: 4)
        func timed<T>(_ slot: Int, _ body: () -> T) -> T {
            let c0 = Stopwatch.cpuNow()
            let r = body()
            cpu[slot] += Stopwatch.cpuNow() - c0
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
                let r = timed(1) { ReLU(threads: engine.threads).forward(x) }
                let b = timed(1) { bn.forward(r.y) }
                x = b.y
                caches.append((c, r.cache, b.cache, nil))
            } else {
                let s = timed(1) { Sigmoid(threads: engine.threads).forward(x) }
                x = s.y
                caches.append((c, nil, nil, s.cache))
            }
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        var dy = Tensor(shape: x.shape, value: 1)
        for (block, cache) in zip(blocks, caches).reversed() {
            if let s = cache.3 { dy = timed(3) { Sigmoid(threads: engine.threads).backward(dy, cache: s) } }
            if let b = cache.2, let bn = block.bn { dy = timed(3) { bn.backward(dy, cache: b) } }
            if let r = cache.1 { dy = timed(3) { ReLU(threads: engine.threads).backward(dy, cache: r) } }
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
