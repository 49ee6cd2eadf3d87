import XCTest
@testable import NeuralEngine

final class LayerTests: XCTestCase {
    func testBatchNormTrainModeUpdatesRunningStatistics() {
        var rng = TestRNG(30)
        let bn = BatchNorm2d(2)
        bn.training = true
        bn.runningMean.value = Tensor(shape: [2], data: [0.5, -1])
        bn.runningVar.value = Tensor(shape: [2], data: [2, 0.5])
        let x = randomTensor([3, 2, 2, 2], &rng, scale: 3)
        let (y, _) = bn.forward(x)
        for c in 0..<2 {
            var values: [Double] = []
            for n in 0..<3 { for j in 0..<4 { values.append(Double(x.data[(n * 2 + c) * 4 + j])) } }
            let m = Double(values.count)
            let mean = values.reduce(0, +) / m
            let biased = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / m
            let old = c == 0 ? (0.5, 2.0) : (-1.0, 0.5)
            XCTAssertEqual(Double(bn.runningMean.value.data[c]), 0.9 * old.0 + 0.1 * mean, accuracy: 1e-5)
            XCTAssertEqual(Double(bn.runningVar.value.data[c]), 0.9 * old.1 + 0.1 * biased * m / (m - 1), accuracy: 1e-5)
            // Output normalised with the biased variance: zero mean, variance var/(var+eps).
            var ys: [Double] = []
            for n in 0..<3 { for j in 0..<4 { ys.append(Double(y.data[(n * 2 + c) * 4 + j])) } }
            XCTAssertEqual(ys.reduce(0, +) / m, 0, accuracy: 1e-5)
            XCTAssertEqual(ys.map { $0 * $0 }.reduce(0, +) / m, biased / (biased + 1e-5), accuracy: 1e-4)
        }
        XCTAssertEqual(bn.numBatchesTracked.value.data, [1])
        bn.training = false
        _ = bn.forward(x)
        XCTAssertEqual(bn.numBatchesTracked.value.data, [1], "eval mode leaves the statistics alone")
    }

    func testBatchNormEvalModeUsesRunningStatistics() {
        let bn = BatchNorm2d(1, eps: 1e-3)
        bn.runningMean.value = Tensor(shape: [1], data: [2])
        bn.runningVar.value = Tensor(shape: [1], data: [4 - 1e-3])
        bn.weight.value = Tensor(shape: [1], data: [3])
        bn.bias.value = Tensor(shape: [1], data: [1])
        let y = bn(Tensor(shape: [1, 1, 1, 2], data: [2, 6]))
        XCTAssertEqual(y.data[0], 1, accuracy: 1e-6)
        XCTAssertEqual(y.data[1], 7, accuracy: 1e-5)
    }

    func testLinearMatchesDefinition() {
        var rng = TestRNG(31)
        let layer = Linear(4, 3)
        layer.resetParameters(using: &rng)
        let x = randomTensor([2, 4], &rng)
        let y = layer(x)
        for n in 0..<2 {
            for o in 0..<3 {
                var s = layer.bias!.value.data[o]
                for i in 0..<4 { s += x.data[n * 4 + i] * layer.weight.value.data[o * 4 + i] }
                XCTAssertEqual(y.data[n * 3 + o], s, accuracy: 1e-5)
            }
        }
    }

    func testConcatAndFlattenLayout() {
        let a = Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2, 1, 2], data: [5, 6, 7, 8, 9, 10, 11, 12])
        let y = Concat()([a, b])
        XCTAssertEqual(y.shape, [2, 3, 1, 2])
        XCTAssertEqual(y.data, [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
        XCTAssertEqual(Flatten()(y).shape, [2, 6])
    }

    func testPoolsOnHandExample() {
        // 1×1×3×3 input 1…9.
        let x = Tensor(shape: [1, 1, 3, 3], data: (1...9).map(Float.init))
        XCTAssertEqual(MaxPool2d(kernelSize: 2, stride: 1)(x).data, [5, 6, 8, 9])
        XCTAssertEqual(MaxPool2d(kernelSize: 3, stride: 2)(x).data, [9])
        // 3×3, stride 1, pad 1 at the corner: window {1,2,4,5}; 4 taps inside, 9 with padding.
        let inside = AvgPool2d(kernelSize: 3, stride: 1, padding: 1, countIncludePad: false)(x)
        let padded = AvgPool2d(kernelSize: 3, stride: 1, padding: 1, countIncludePad: true)(x)
        XCTAssertEqual(inside.data[0], 3, accuracy: 1e-6)
        XCTAssertEqual(padded.data[0], 12 / 9, accuracy: 1e-6)
        XCTAssertEqual(inside.data[4], 5, accuracy: 1e-6)
        XCTAssertEqual(GlobalAvgPool2d()(x).data, [5])
    }

    func testNamedParametersAndBuffers() {
        let bn = BatchNorm2d(4)
        XCTAssertEqual(bn.namedParameters.map(\.name), ["weight", "bias"])
        XCTAssertEqual(bn.namedBuffers.map(\.name), ["running_mean", "running_var", "num_batches_tracked"])
        let conv = Conv2d(4, 8, kernelSize: 3)
        XCTAssertEqual(conv.namedParameters(prefix: "conv1.").map(\.name), ["conv1.weight", "conv1.bias"])
        XCTAssertEqual(conv.parameterCount, 8 * 4 * 9 + 8)
        XCTAssertEqual(ConvTranspose2d(256, 128, kernelSize: 4, stride: 2, padding: 1).weight.shape, [256, 128, 4, 4])
    }

    func testOpenBLASStaysSingleThreadedAndRegionsNest() {
        _ = Linear(2, 2)(Tensor(shape: [1, 2]))  // configures OpenBLAS
        XCTAssertEqual(EngineThreads.blasThreads, 1)
        XCTAssertEqual(EngineThreads.gemmParts(m: 256, n: 1600, k: 2304, threads: 2), 2)
        XCTAssertEqual(EngineThreads.gemmParts(m: 256, n: 1600, k: 2304, threads: 1), 1)
        EngineThreads.withSingleThreadedBLAS {
            XCTAssertEqual(EngineThreads.gemmParts(m: 256, n: 1600, k: 2304, threads: 2), 1)
            EngineThreads.withSingleThreadedBLAS { XCTAssertEqual(EngineThreads.gemmParts(m: 256, n: 1600, k: 2304, threads: 2), 1) }
            XCTAssertEqual(EngineThreads.gemmParts(m: 256, n: 1600, k: 2304, threads: 2), 1)
        }
        XCTAssertEqual(EngineThreads.gemmParts(m: 256, n: 1600, k: 2304, threads: 2), 2)
        XCTAssertEqual(EngineThreads.gemmParts(m: 4, n: 4, k: 4, threads: 2), 1)
        XCTAssertEqual(EngineThreads.blasThreads, 1)
    }
}
