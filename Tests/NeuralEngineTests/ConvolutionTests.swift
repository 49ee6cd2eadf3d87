import Foundation
import XCTest
@testable import NeuralEngine

/// Direct convolution by its definition (Double accumulation): the forward reference.
func directConv(_ x: Tensor, _ layer: Conv2d) -> Tensor {
    let (n, cin, h, w) = x.nchw
    let g = layer.geometry(height: h, width: w)
    let (ho, wo, cout) = (g.outHeight, g.outWidth, layer.outChannels)
    var y = Tensor(shape: [n, cout, ho, wo])
    for b in 0..<n {
        for o in 0..<cout {
            for oy in 0..<ho {
                for ox in 0..<wo {
                    var s = Double(layer.bias?.value.data[o] ?? 0)
                    for c in 0..<cin {
                        for ky in 0..<g.kernelH {
                            for kx in 0..<g.kernelW {
                                let iy = oy * g.strideH - g.padH + ky * g.dilationH, ix = ox * g.strideW - g.padW + kx * g.dilationW
                                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                s +=
                                    Double(x.data[((b * cin + c) * h + iy) * w + ix])
                                    * Double(layer.weight.value.data[((o * cin + c) * g.kernelH + ky) * g.kernelW + kx])
                            }
                        }
                    }
                    y.data[((b * cout + o) * ho + oy) * wo + ox] = Float(s)
                }
            }
        }
    }
    return y
}

/// Transposed convolution in scatter form (docs/network-and-training.md §1.1, generalised to k, s, p, d).
func scatterConvTranspose(_ x: Tensor, _ layer: ConvTranspose2d) -> Tensor {
    let (n, cin, h, w) = x.nchw
    let (ho, wo, cout, k) = (layer.outputSize(h), layer.outputSize(w), layer.outChannels, layer.kernelSize)
    var acc = [Double](repeating: 0, count: n * cout * ho * wo)
    for b in 0..<n {
        for i in 0..<cin {
            for iy in 0..<h {
                for ix in 0..<w {
                    for o in 0..<cout {
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let oy = layer.stride * iy - layer.padding + ky * layer.dilation
                                let ox = layer.stride * ix - layer.padding + kx * layer.dilation
                                guard oy >= 0, oy < ho, ox >= 0, ox < wo else { continue }
                                acc[((b * cout + o) * ho + oy) * wo + ox] +=
                                    Double(x.data[((b * cin + i) * h + iy) * w + ix])
                                    * Double(layer.weight.value.data[((i * cout + o) * k + ky) * k + kx])
                            }
                        }
                    }
                }
            }
        }
    }
    for b in 0..<n {
        for o in 0..<cout {
            for p in 0..<(ho * wo) {
                acc[(b * cout + o) * ho * wo + p] += Double(layer.bias?.value.data[o] ?? 0)
            }
        }
    }
    return Tensor(shape: [n, cout, ho, wo], data: acc.map { Float($0) })
}

final class ConvolutionTests: XCTestCase {
    private func randomConv(_ layer: Conv2d, seed: UInt64) -> Conv2d {
        var rng = TestRNG(seed)
        layer.resetParameters(using: &rng)
        return layer
    }

    func testConvForwardMatchesDirect() {
        var rng = TestRNG(2)
        let cases: [Conv2d] = [
            Conv2d(3, 4, kernelSize: 3, stride: 1, padding: 1),
            Conv2d(3, 5, kernelSize: 3, stride: 2, padding: 1),
            Conv2d(2, 3, kernelSize: 3, stride: 1, padding: 2, dilation: 2),
            Conv2d(4, 2, kernelSize: 5, stride: 2, padding: 2),
            Conv2d(3, 4, kernelSize: 1, bias: false),
            Conv2d(3, 6, kernelSize: 1),  // pointwise GEMM path
            Conv2d(3, 6, kernelSize: 3, stride: 1, padding: 2, dilation: 2),  // GEMM path (Cout above the direct limit)
            Conv2d(inChannels: 2, outChannels: 3, kernel: (1, 3), padding: (0, 1)),
            Conv2d(inChannels: 2, outChannels: 3, kernel: (3, 1), stride: (2, 2), padding: (1, 0))
        ]
        for (i, layer) in cases.enumerated() {
            _ = randomConv(layer, seed: UInt64(10 + i))
            for n in [1, 3] {
                let x = randomTensor([n, layer.inChannels, 9, 7], &rng)
                assertClose(layer(x), directConv(x, layer), "conv case \(i) batch \(n)")
            }
        }
    }

    func testWideStrideTwoConvMatchesDirect() {
        // Wide enough for the 16-at-a-time stride-2 gather in im2col, with odd and even widths.
        var rng = TestRNG(14)
        for (k, pad, width) in [(3, 1, 70), (5, 2, 67), (4, 0, 68)] {
            let layer = randomConv(Conv2d(2, 5, kernelSize: k, stride: 2, padding: pad), seed: UInt64(width))
            let x = randomTensor([1, 2, 5, width], &rng)
            assertClose(layer(x), directConv(x, layer), "stride-2 conv k\(k) width \(width)")
        }
    }

    func testConvForwardWithSmallTilesMatchesDirect() {
        var rng = TestRNG(3)
        let layer = randomConv(Conv2d(3, 6, kernelSize: 3, stride: 1, padding: 4, dilation: 4), seed: 4)
        let x = randomTensor([2, 3, 11, 10], &rng)
        layer.options = EngineOptions(im2colBudget: 3 * 9 * 10 * 2)  // two output rows per tile
        assertClose(layer(x), directConv(x, layer), "tiled dilated conv")
        let dy = randomTensor([2, 6, 11, 10], &rng)
        let (_, cache) = layer.forward(x)
        let tiled = layer.backward(dy, cache: cache)
        layer.options = EngineOptions()
        assertClose(tiled, layer.backward(dy, cache: cache), "tiled conv backward")
    }

    func testConvTransposeWithSmallTilesMatchesScatterForm() {
        var rng = TestRNG(9)
        let layer = ConvTranspose2d(3, 5, kernelSize: 4, stride: 2, padding: 1)
        layer.resetParameters(using: &rng)
        let dy = randomTensor([1, 5, 14, 12], &rng)
        for n in [1, 3] {
            let x = randomTensor([n, 3, 7, 6], &rng)
            layer.options = EngineOptions(im2colBudget: 5 * 16 * 6 * 2)  // two input rows per tile
            assertClose(layer(x), scatterConvTranspose(x, layer), "tiled deconv batch \(n)")
        }
        let x = randomTensor([1, 3, 7, 6], &rng)
        let (_, cache) = layer.forward(x)
        layer.zeroGradients()
        let tiled = layer.backward(dy, cache: cache)
        let tiledGrad = layer.weight.grad
        layer.options = EngineOptions()
        layer.zeroGradients()
        assertClose(tiled, layer.backward(dy, cache: cache), "tiled deconv backward dx")
        assertClose(tiledGrad, layer.weight.grad, "tiled deconv backward dW")
    }

    func testShiftedGEMMPathMatchesDirect() {
        var rng = TestRNG(12)
        let layers = [
            Conv2d(16, 6, kernelSize: 3, padding: 1), Conv2d(17, 5, kernelSize: 3, padding: 2, dilation: 2),
            Conv2d(inChannels: 16, outChannels: 5, kernel: (3, 1), padding: (1, 0))
        ]
        let saved = EngineOptions.defaultIm2colBudget
        for (i, layer) in layers.enumerated() {
            layer.resetParameters(using: &rng)
            let x = randomTensor([2, layer.inChannels, 6, 72], &rng)
            XCTAssertTrue(ShiftedConvolution.applies(layer.geometry(height: 6, width: 72)), "case \(i) takes the shifted path")
            for budget in [saved, 1700] {
                layer.options = EngineOptions(im2colBudget: budget)
                assertClose(layer(x), directConv(x, layer), "shifted case \(i) budget \(budget)")
            }
            // A weight change must reach the cached tap-packed copy.
            layer.weight.value.data[0] += 1
            assertClose(layer(x), directConv(x, layer), "shifted case \(i) after a weight change")
        }
    }

    func testEngineOptionsDefaultsAndPerLayerThreads() {
        let defaults = EngineOptions()
        XCTAssertEqual(defaults.threads, ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertEqual(defaults.lowering, .automatic)
        XCTAssertEqual(defaults.im2colBudget, 1 << 20)
        XCTAssertEqual(EngineOptions(threads: 0, im2colBudget: -5), EngineOptions(threads: 1, im2colBudget: 1))
        // The thread count of one layer is its own (no global), and the result does not depend on it.
        var rng = TestRNG(21)
        let conv = randomConv(Conv2d(8, 6, kernelSize: 3, padding: 1), seed: 22)
        let deconv = ConvTranspose2d(8, 5, kernelSize: 4, stride: 2, padding: 1)
        deconv.resetParameters(using: &rng)
        let x = randomTensor([1, 8, 9, 12], &rng)
        let (y1, d1) = (conv(x), deconv(x))
        for threads in [2, 3] {
            conv.options = EngineOptions(threads: threads)
            deconv.options = EngineOptions(threads: threads)
            assertClose(conv(x), y1, "conv on \(threads) threads")
            assertClose(deconv(x), d1, "deconv on \(threads) threads")
        }
        XCTAssertEqual(Conv2d(8, 6, kernelSize: 3).options, defaults)
    }

    func testShiftedGEMMBackwardMatchesIm2colBackward() {
        var rng = TestRNG(13)
        let layers = [
            Conv2d(16, 6, kernelSize: 3, padding: 1), Conv2d(17, 5, kernelSize: 3, padding: 2, dilation: 2),
            Conv2d(inChannels: 16, outChannels: 5, kernel: (1, 3), padding: (0, 1))
        ]
        let saved = EngineOptions.defaultIm2colBudget
        for (i, layer) in layers.enumerated() {
            layer.resetParameters(using: &rng)
            let x = randomTensor([2, layer.inChannels, 6, 72], &rng)
            let (y, cache) = layer.forward(x)
            let dy = randomTensor(y.shape, &rng)
            var results: [(Tensor, Tensor, Tensor)] = []
            for (shifted, budget) in [(false, saved), (true, saved), (true, 3000)] {
                layer.options = EngineOptions(lowering: shifted ? .automatic : .im2col, im2colBudget: budget)
                layer.zeroGradients()
                let dx = layer.backward(dy, cache: cache)
                results.append((dx, layer.weight.grad, layer.bias!.grad))
            }
            for r in results.dropFirst() {
                assertClose(r.0, results[0].0, "shifted backward dx case \(i)")
                assertClose(r.1, results[0].1, abs: 1e-4, "shifted backward dW case \(i)")
                assertClose(r.2, results[0].2, abs: 1e-4, "shifted backward db case \(i)")
            }
        }
    }

    func testFusedEpilogueMatchesSeparateLayers() {
        var rng = TestRNG(6)
        let conv = randomConv(Conv2d(3, 4, kernelSize: 3, padding: 1), seed: 7)
        let bn = BatchNorm2d(4)
        bn.runningMean.value = randomTensor([4], &rng)
        bn.runningVar.value = Tensor(shape: [4], data: [0.5, 1.5, 2, 0.25])
        bn.weight.value = randomTensor([4], &rng)
        bn.bias.value = randomTensor([4], &rng)
        let x = randomTensor([2, 3, 6, 5], &rng)
        let (scale, shift) = bn.evalScaleShift()
        assertClose(conv.inference(x, epilogue: .reluThenAffine(scale: scale, shift: shift)), bn(ReLU()(conv(x))), "conv relu bn")
        assertClose(conv.inference(x, epilogue: .affineThenRelu(scale: scale, shift: shift)), ReLU()(bn(conv(x))), "conv bn relu")
        assertClose(conv.inference(x, epilogue: .sigmoid), Sigmoid()(conv(x)), "conv sigmoid")
    }

    func testConvTransposeMatchesScatterForm() {
        var rng = TestRNG(8)
        let cases = [
            ConvTranspose2d(3, 2, kernelSize: 4, stride: 2, padding: 1),
            ConvTranspose2d(2, 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1),
            ConvTranspose2d(2, 2, kernelSize: 3, stride: 1, padding: 2, dilation: 2),
            ConvTranspose2d(2, 3, kernelSize: 3, stride: 3, padding: 0, bias: false)
        ]
        for (i, layer) in cases.enumerated() {
            layer.resetParameters(using: &rng)
            for n in [1, 2] {
                let x = randomTensor([n, layer.inChannels, 5, 4], &rng)
                assertClose(layer(x), scatterConvTranspose(x, layer), "deconv case \(i) batch \(n)")
            }
        }
        XCTAssertEqual(ConvTranspose2d(1, 1, kernelSize: 4, stride: 2, padding: 1).outputSize(40), 80)
    }
}
