import Foundation
import XCTest
import NeuralEngine
@testable import DeepInpaint

/// Eval-mode outputs of the otenim completion network against PyTorch 2.15 (../shared/reference/glcic).
final class CompletionNetworkGoldenTests: XCTestCase {
    private func loadedNetwork() throws -> CompletionNetwork {
        let network = CompletionNetwork()
        try network.load(try Checkpoint.load(path: try ReferenceFiles.path("cn_perturbed.pt")).tensors)
        return network
    }

    /// Checks |a − b| ≤ 1e-5 + relative·|b| elementwise (numpy's allclose, the house-style per-layer tolerance);
    /// on failure reports the largest difference, where it is, and the largest difference relative to max|b|.
    private func assertClose(
        _ actual: Tensor, _ expected: Tensor, _ name: String, relative: Float = 1e-4,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.shape, expected.shape, name, file: file, line: line)
        guard actual.shape == expected.shape else { return }
        let scale = expected.data.reduce(0) { max($0, abs($1)) }
        var worstExcess: Float = 0, worst: Float = 0, at = 0
        for i in 0..<actual.count {
            let d = abs(actual.data[i] - expected.data[i])
            let excess = d / (1e-5 + relative * abs(expected.data[i]))
            if excess > worstExcess || excess.isNaN { worstExcess = excess; worst = d; at = i; if excess.isNaN { break } }
        }
        XCTAssertLessThanOrEqual(
            worstExcess, 1,
            "\(name): difference \(worst) at flat index \(at) (got \(actual.data[at]), PyTorch \(expected.data[at])) exceeds 1e-5 + \(relative)·|PyTorch|; relative to max|PyTorch| = \(worst / scale)",
            file: file, line: line)
    }

    func testEvalBlockOutputsAndOutputAt160() throws {
        let network = try loadedNetwork()
        let input = try NPY.read(try ReferenceFiles.path("cn_input.npy"))
        var blocks: [Int: Tensor] = [:]
        let output = network.inference(input) { k, t in if [1, 4, 10, 13].contains(k) { blocks[k] = t } }
        for k in [1, 4, 10, 13] {
            assertClose(blocks[k]!, try NPY.read(try ReferenceFiles.path("cn_eval_block\(k).npy")), "block \(k)")
        }
        assertClose(output, try NPY.read(try ReferenceFiles.path("cn_eval_output.npy")), "output 160x160")
    }

    func testEvalOutputAt64x96() throws {
        let network = try loadedNetwork()
        let output = network.inference(try NPY.read(try ReferenceFiles.path("cn_input_64x96.npy")))
        assertClose(output, try NPY.read(try ReferenceFiles.path("cn_eval_output_64x96.npy")), "output 64x96")
    }

    /// The training-path forward in eval mode agrees with the fused inference path.
    func testForwardInEvalModeMatchesInference() throws {
        let network = try loadedNetwork()
        let input = try NPY.read(try ReferenceFiles.path("cn_input_64x96.npy"))
        network.training = false
        assertClose(network.forward(input).y, network.inference(input), "forward vs inference", relative: 1e-5)
    }
}
