import Foundation
import SharedFixtures
import NeuralEngine
import XCTest
@testable import DeepInpaint

/// One phase-1 training step against PyTorch (../shared/reference/glcic, p1_* vectors): from cn_perturbed.pt
/// in train mode, the output, loss, gradients, parameters after one Adadelta step and BN running statistics.
final class TrainingGoldenTests: XCTestCase {
    private let reference = SharedFixtures.url("reference/glcic").path

    private func npy(_ name: String) throws -> Tensor { try NPY.read(reference + "/" + name + ".npy") }

    /// Asserts ‖a − b‖ / ‖b‖ ≤ `tolerance` and, for `elementwise`, max|a − b| ≤ tolerance · max|b|; reports the
    /// largest difference and where it is.
    private func assertClose(
        _ actual: Tensor, _ name: String, tolerance: Double = 1e-3, elementwise: Bool = true,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let expected = try npy(name)
        XCTAssertEqual(actual.count, expected.count, "\(name): \(actual.shape) vs \(expected.shape)", file: file, line: line)
        guard actual.count == expected.count else { return }
        let diff = Tensor(shape: expected.shape, data: actual.data).maxAbsDifference(expected)
        let scale = Double(expected.data.reduce(Float(0)) { max($0, abs($1)) })
        let num = zip(actual.data, expected.data).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        let den = expected.data.reduce(0.0) { $0 + Double($1) * Double($1) }
        let relative = (num / max(den, 1e-300)).squareRoot()
        let message =
            "\(name): relative difference \(relative), max difference \(diff.value) at \(diff.index) (reference \(expected.data[diff.index]), ours \(actual.data[diff.index])), scale \(scale)"
        XCTAssertLessThanOrEqual(relative, tolerance, message, file: file, line: line)
        if elementwise { XCTAssertLessThanOrEqual(Double(diff.value), tolerance * scale, message, file: file, line: line) }
    }

    func testPhaseOneStepMatchesPyTorch() throws {
        let checkpointPath = reference + "/cn_perturbed.pt"
        guard FileManager.default.fileExists(atPath: checkpointPath) else {
            throw XCTSkip("../shared/reference/glcic absent: skipping the phase-1 golden training step")
        }
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reference + "/manifest.json"))) as! [String: Any]
        let x = try npy("x"), mask = try npy("mask"), mpv = try npy("mpv")
        var p = TrainingParameters()
        p.batchSize = x.shape[0]
        let trainer = Trainer(parameters: p, meanPixel: mpv.data)
        try trainer.networks.loadCompletion(Checkpoint.load(path: checkpointPath).tensors)
        trainer.mask = mask
        MonitoringGrid.networkInput(images: x, mask: mask, meanPixel: mpv.data, into: &trainer.input)
        try assertClose(trainer.input, "cn_input")

        let probe = CompletionNetwork()
        try probe.load(Checkpoint.load(path: checkpointPath).tensors)
        probe.training = true
        let (out, _) = probe.forward(trainer.input)
        try assertClose(out, "p1_train_output")
        let losses = trainer.completionUpdate(x)
        let expectedLoss = Float(manifest["p1_loss"] as! Double)
        XCTAssertEqual(losses.mse, expectedLoss, accuracy: 1e-3 * expectedLoss)

        let cn = trainer.networks.completion
        try assertClose(cn.conv17.weight.grad, "p1_grad_conv17_weight")
        try assertClose(cn.conv17.bias!.grad, "p1_grad_conv17_bias")
        // Below the top block the train-mode BatchNorm backward cancels most of each gradient, so the lower
        // gradients are ill-conditioned: perturbing the input by 1e-6 (relative) moves deconv13's gradient by
        // 0.6% and conv1's bias gradient by 2% in our own engine. Float32 summation order alone (ours vs
        // PyTorch's) gives 0.15% (deconv13) to 0.4% (conv1); these are checked in norm within 1%.
        try assertClose(cn.deconv13.weight.grad, "p1_grad_deconv13_weight", tolerance: 1e-2, elementwise: false)
        try assertClose(cn.conv1.weight.grad, "p1_grad_conv1_weight", tolerance: 1e-2, elementwise: false)
        try assertClose(cn.conv1.bias!.grad, "p1_grad_conv1_bias", tolerance: 1e-2, elementwise: false)
        try assertClose(cn.bn1.weight.grad, "p1_grad_bn1_weight", tolerance: 1e-2, elementwise: false)
        try assertClose(cn.bn1.bias.grad, "p1_grad_bn1_bias", tolerance: 1e-2, elementwise: false)
        try assertClose(cn.conv1.weight.value, "p1_after_step_conv1_weight")
        try assertClose(cn.bn1.weight.value, "p1_after_step_bn1_weight")
        try assertClose(cn.conv17.bias!.value, "p1_after_step_conv17_bias")
        try assertClose(cn.bn1.runningMean.value, "p1_after_step_bn1_running_mean")
        try assertClose(cn.bn1.runningVar.value, "p1_after_step_bn1_running_var")
        try assertClose(cn.bn16.runningVar.value, "p1_after_step_bn16_running_var")
        XCTAssertEqual(cn.bn1.numBatchesTracked.value.data.first, Float(manifest["bn1_num_batches_tracked_after"] as! Int))
    }
}
