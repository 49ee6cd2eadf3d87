import Foundation
import XCTest
import ImageCore
import NeuralEngine
import DeepInpaint

final class InpainterTests: XCTestCase {
    /// A small random network (width ×0.25) for fast, reference-free checks.
    private func smallInpainter(_ parameters: Inpainter.Parameters = Inpainter.Parameters()) throws -> Inpainter {
        let network = CompletionNetwork(widthMultiplier: 0.25)
        var rng = SplitMix64(seed: 7)
        network.resetParameters(using: &rng)
        return try Inpainter(network: network, parameters: parameters)
    }

    private func randomImage(_ w: Int, _ h: Int, seed: UInt64) -> Image {
        var rng = SplitMix64(seed: seed)
        return Image(width: w, height: h, pixels: (0..<(3 * w * h)).map { _ in Float.random(in: 0...1, using: &rng) })
    }

    func testEndToEndMatchesPyTorch() throws {
        let weights = try ReferenceFiles.path("cn_perturbed.pt")
        let readme =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try ReferenceFiles.path("e2e/README.json"))))
            as! [String: Any]
        let mpv = (readme["mpv"] as! [Double]).map { Float($0) }
        let image = try ImageFile.read(URL(fileURLWithPath: try ReferenceFiles.path("e2e/image.png"))).image
        let mask = try Mask.read(URL(fileURLWithPath: try ReferenceFiles.path("e2e/mask.png")))
        let expected = try ImageFile.read(URL(fileURLWithPath: try ReferenceFiles.path("e2e/expected.png"))).image
        let inpainter = try Inpainter(weightsPath: weights, parameters: .init(meanPixelValue: MeanPixelValue(rgb: mpv)))
        XCTAssertTrue(inpainter.notices.isEmpty)
        let output = try inpainter.complete(image: image, mask: mask)
        try? ImageFile.writePNG(output, to: URL(fileURLWithPath: "/tmp/glcic_e2e_out.png"))
        let a = output.interleavedBytes(), b = expected.interleavedBytes()
        var off = 0, worst = 0
        for p in 0..<(image.width * image.height) {
            let d = (0..<3).map { abs(Int(a[3 * p + $0]) - Int(b[3 * p + $0])) }.max()!
            worst = max(worst, d)
            if d > 1 { off += 1 }
        }
        let share = Double(off) / Double(image.width * image.height)
        XCTAssertLessThanOrEqual(share, 0.001, "\(off) pixels differ by more than one grey level (largest difference \(worst))")
        XCTAssertEqual(
            Array(a.prefix(3 * image.width * 40)), Array(image.interleavedBytes().prefix(3 * image.width * 40)),
            "rows above the hole are the known pixels")
    }

    func testKnownPixelsUnchangedAndPaddingCroppedBack() throws {
        let inpainter = try smallInpainter()
        let image = randomImage(37, 22, seed: 1)
        var mask = Mask(width: 37, height: 22)
        mask.fillRectangle(x0: 10, y0: 5, width: 12, height: 9)
        let out = try inpainter.complete(image: image, mask: mask)
        XCTAssertEqual(out.width, 37)
        XCTAssertEqual(out.height, 22)
        for c in 0..<3 {
            for i in 0..<(37 * 22) where !mask.isHole[i] {
                XCTAssertEqual(out.pixels[c * 37 * 22 + i], image.pixels[c * 37 * 22 + i])
            }
        }
        let raw = inpainter.rawOutput(image: image, mask: mask)
        for c in 0..<3 {
            for i in 0..<(37 * 22) where mask.isHole[i] {
                XCTAssertEqual(out.pixels[c * 37 * 22 + i], raw.pixels[c * 37 * 22 + i])
            }
        }
    }

    func testBatchEqualsOneByOne() throws {
        let inpainter = try smallInpainter(.init(batchSize: 2))
        let sizes = [(24, 16), (20, 20), (24, 16), (24, 16)]
        let images = sizes.enumerated().map { randomImage($1.0, $1.1, seed: UInt64($0)) }
        let masks = sizes.map { w, h -> Mask in
            var m = Mask(width: w, height: h); m.fillRectangle(x0: 4, y0: 4, width: 8, height: 6); return m
        }
        var calls: [Int] = []
        let batch = try inpainter.complete(images: images, masks: masks) { done, _ in calls.append(done) }
        XCTAssertEqual(calls, [2, 3, 4])
        for (i, (image, mask)) in zip(images, masks).enumerated() {
            let single = try inpainter.complete(image: image, mask: mask)
            XCTAssertEqual(batch[i].width, single.width)
            for (a, b) in zip(batch[i].pixels, single.pixels) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        }
    }

    func testMeanPixelValueFallbackAndErrors() throws {
        let inpainter = try smallInpainter()
        XCTAssertEqual(inpainter.meanPixelValue, .celebA)
        XCTAssertEqual(inpainter.notices.count, 1)
        for bad in ["0.5,0.4", "0.5,0.4,1.5"] {
            XCTAssertThrowsError(try MeanPixelValue(parsing: bad), bad) { error in
                guard case DeepInpaintError.badMeanPixelValue(bad) = error else { return XCTFail("\(error)") }
            }
        }
        XCTAssertEqual(try MeanPixelValue(parsing: "[0.5, 0.25, 0.125]").rgb, [0.5, 0.25, 0.125])
        XCTAssertThrowsError(try inpainter.complete(image: randomImage(8, 8, seed: 1), mask: Mask(width: 8, height: 4))) { error in
            guard case DeepInpaintError.sizeMismatch(image: (8, 8), mask: (8, 4), index: 0) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try inpainter.complete(images: [randomImage(8, 8, seed: 1)], masks: [])) { error in
            guard case DeepInpaintError.countMismatch(images: 1, masks: 0) = error else { return XCTFail("\(error)") }
        }
    }

    func testAblationParsingAndEffect() throws {
        let channels = CompletionNetwork().blockOutputChannels
        let ablation = try ChannelAblation(parsing: "conv1:44,conv14:44,deconv13:0", outputChannels: channels)
        XCTAssertEqual(ablation.channels(ofBlock: 1), [44])
        XCTAssertEqual(ablation.channels(ofBlock: 13), [0])
        for bad in ["conv18:1", "conv1:64", "conv1", "fc:1", "conv1:-1", "deconv12:0"] {
            XCTAssertThrowsError(try ChannelAblation(parsing: bad, outputChannels: channels), bad) { error in
                guard case DeepInpaintError.badAblation(item: bad, _) = error else { return XCTFail("\(bad): \(error)") }
            }
        }
        // Zeroing every channel of block 16 leaves conv17's output = sigmoid(bias), constant over the image.
        let small = CompletionNetwork(widthMultiplier: 0.25)
        var all = ChannelAblation()
        for c in 0..<small.blockOutputChannels[15] { all.insert(block: 16, channel: c) }
        var rng = SplitMix64(seed: 3)
        small.resetParameters(using: &rng)
        let y = small.inference(Tensor.uniform([1, 4, 16, 16], bound: 1, using: &rng), ablation: all)
        let first = y.data[0]
        for v in y.data[0..<256] { XCTAssertEqual(v, first, accuracy: 1e-6) }
        XCTAssertThrowsError(try Inpainter(network: small, parameters: .init(ablation: ablation)), "channel 44 > 16 channels") { error in
            guard case let DeepInpaintError.badAblation(item, _) = error, item.hasSuffix(":44") else { return XCTFail("\(error)") }
        }
    }

    func testPoissonBlendKeepsKnownPixels() throws {
        let inpainter = try smallInpainter(.init(blend: .poisson))
        let image = randomImage(24, 20, seed: 9)
        var mask = Mask(width: 24, height: 20)
        mask.fillRectangle(x0: 6, y0: 6, width: 8, height: 8)
        let out = try inpainter.complete(image: image, mask: mask)
        for c in 0..<3 {
            for i in 0..<(24 * 20) where !mask.isHole[i] {
                XCTAssertEqual(out.pixels[c * 480 + i], image.pixels[c * 480 + i])
            }
        }
    }

    func testSafeTensorsRoundTripKeepsOutputsAndMetadata() throws {
        let inpainter = try smallInpainter()
        let path = ReferenceFiles.temporaryPath("small.safetensors")
        try CompletionModelFile.save(
            inpainter.network, meanPixelValue: MeanPixelValue(rgb: [0.25, 0.5, 0.75]), to: path, step: 12, phase: 1)
        let file = try CompletionModelFile.load(path: path)
        XCTAssertEqual(file.network.widthMultiplier, 0.25)
        XCTAssertEqual(file.meanPixelValue?.rgb, [0.25, 0.5, 0.75])
        XCTAssertEqual(file.meanPixelValue?.source, .metadata)
        XCTAssertEqual(file.metadata["step"], "12")
        XCTAssertEqual(file.network.stateDict(), inpainter.network.stateDict())
        let reloaded = try Inpainter(weightsPath: path)
        XCTAssertEqual(reloaded.meanPixelValue.rgb, [0.25, 0.5, 0.75])
        XCTAssertTrue(reloaded.notices.isEmpty)
    }
}
