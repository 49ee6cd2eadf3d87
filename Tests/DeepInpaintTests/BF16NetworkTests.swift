import Foundation
import ImageCore
import NeuralEngine
import XCTest
@testable import DeepInpaint

/// The bf16 path of the networks (docs/bf16.md): inference close to f32, deterministic training steps, and
/// checkpoints that record the precision (older ones, without it, resume as f32).
final class BF16NetworkTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ComputePrecision.bf16Available, "this CPU has no AVX512_BF16: the bf16 path falls back to f32")
    }

    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped network on a sample face with a 48×48 hole: the bf16 composite stays within 45 dB PSNR of
    /// the f32 one (whole image), every hole pixel within 0.03, and the hole alone above 35 dB.
    func testShippedNetworkInBF16MatchesF32() throws {
        let model = try CompletionModelFile.load(path: Self.root.appendingPathComponent("models/glcic-celeba.safetensors").path)
        let image = try ImageFile.read(Self.root.appendingPathComponent("samples/astronaut.png")).image
        var mask = Mask(width: image.width, height: image.height)
        for y in 56..<104 { for x in 60..<108 { mask.isHole[y * image.width + x] = true } }
        let inpainter = try Inpainter(network: model.network, metadataMeanPixelValue: model.meanPixelValue)
        model.network.precision = .f32
        let f32 = try inpainter.complete(image: image, mask: mask)
        model.network.precision = .bf16
        let bf16 = try inpainter.complete(image: image, mask: mask)
        var sum = 0.0, holeSum = 0.0, worst: Float = 0
        for i in 0..<f32.pixels.count {
            let d = Double(f32.pixels[i] - bf16.pixels[i])
            sum += d * d
            if mask.isHole[i % f32.planeSize] { holeSum += d * d; worst = max(worst, Float(abs(d))) }
        }
        let psnr = 10 * log10(1 / max(sum / Double(f32.pixels.count), 1e-20))
        let holePSNR = 10 * log10(1 / max(holeSum / Double(mask.holeCount * 3), 1e-20))
        XCTAssertGreaterThanOrEqual(psnr, 45, "bf16 vs f32 composite PSNR \(psnr) dB (hole \(holePSNR) dB, worst \(worst))")
        XCTAssertGreaterThanOrEqual(holePSNR, 35, "hole PSNR \(holePSNR) dB")
        XCTAssertLessThanOrEqual(worst, 0.03, "largest hole-pixel difference \(worst)")
        XCTAssertGreaterThan(worst, 0, "bf16 gave the f32 result bit for bit: did the bf16 path run?")
    }

    private func tinyParameters(_ steps: [Int]) -> TrainingParameters { TrainingFixtures.tinyParameters(steps, seed: 5) }

    /// Two trainers from the same seed give bit-identical losses through phases 1–3 in bf16; the first steps
    /// (before the adversarial game amplifies any difference) are within 5 % of f32's.
    func testBF16TrainingStepsAreDeterministicAndCloseToF32() {
        let p = tinyParameters([2, 2, 2])
        var rng = SplitMix64(seed: 3)
        let images = Tensor(shape: [4, 3, 32, 32], data: (0..<(4 * 3 * 32 * 32)).map { _ in Float.random(in: 0...1, using: &rng) })
        func losses(_ precision: ComputePrecision) -> [StepLosses] {
            let trainer = Trainer(parameters: p, meanPixel: [0.5, 0.43, 0.39])
            trainer.networks.precision = precision
            return (0..<6).map { _ in trainer.trainStep(images: images) }
        }
        /// The loss values' bit patterns (NaN marks a loss the phase does not have; NaN ≠ NaN under ==).
        func bits(_ l: [StepLosses]) -> [[UInt32]] {
            l.map { [$0.mse, $0.discriminator, $0.adversarial, $0.completionTotal].map(\.bitPattern) }
        }
        let a = losses(.bf16), b = losses(.bf16), f = losses(.f32)
        XCTAssertEqual(bits(a), bits(b), "bf16 training is not deterministic")
        XCTAssertNotEqual(bits(a), bits(f), "bf16 losses equal f32's bit for bit: did the bf16 path run?")
        for (x, y) in zip(a, f).prefix(3) {
            XCTAssertEqual(x.mse, y.mse, accuracy: 0.05 * y.mse, "step \(x.step) mse bf16 \(x.mse) vs f32 \(y.mse)")
            if !y.discriminator.isNaN {
                XCTAssertEqual(x.discriminator, y.discriminator, accuracy: 0.05 * y.discriminator, "step \(x.step) D loss")
            }
        }
    }

    /// A checkpoint records its precision; one without (written before issue 10) resumes as f32, and a run may
    /// resume in another precision (reported, not refused).
    func testCheckpointPrecisionIsRecordedAndOldCheckpointsResumeAsF32() throws {
        let data = try TrainingFixtures.imageFolder("bf16-data", count: 4, width: 32, height: 32, for: self)
        let run = try TrainingFixtures.folder("bf16-run", for: self)
        let p = tinyParameters([4, 0, 0])
        try TrainingRun.run(
            p,
            options: TrainingRunOptions(
                data: data, runFolder: run, checkpointEvery: 2, stopAfterStep: 2,
                precision: .bf16))
        let cn = try SafeTensors.read(path: run.appendingPathComponent(Trainer.completionWeightsName).path)
        XCTAssertEqual(cn.metadata[ModelMetadata.precision], "bf16")
        XCTAssertEqual(try XCTUnwrap(Trainer.checkpointState(in: run)).state.precision, "bf16")
        // bf16-trained weights load in the f32 inference path.
        let model = try CompletionModelFile.load(path: run.appendingPathComponent(Trainer.completionWeightsName).path)
        XCTAssertEqual(model.network.precision, .f32)
        // Strip the precision as an older checkpoint would lack it: resuming reports f32 and continues in f32.
        let path = run.appendingPathComponent(Trainer.checkpointName).path
        var checkpoint = try SafeTensors.read(path: path)
        var state = try XCTUnwrap(Trainer.checkpointState(in: run)).state
        state.precision = nil
        checkpoint.metadata["training_state"] = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try SafeTensors.write(checkpoint, to: path)
        var events: [(ComputePrecision, ComputePrecision?)] = []
        let resumed = try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, resume: true, stopAfterStep: 3)) {
            if case let .precision(used, _, recorded) = $0 { events.append((used, recorded)) }
        }
        XCTAssertEqual(resumed.step, 3)
        XCTAssertEqual(events.map(\.0), [.f32])
        XCTAssertEqual(events.map(\.1), [.f32])
        // Another precision on resume is allowed.
        events = []
        try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, resume: true, precision: .bf16)) {
            if case let .precision(used, _, recorded) = $0 { events.append((used, recorded)) }
        }
        XCTAssertEqual(events.map(\.0), [.bf16])
        XCTAssertEqual(events.map(\.1), [.f32])
    }
}
