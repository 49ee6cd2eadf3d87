import XCTest
import NeuralEngine

/// A single image (fewer images than cores) runs the transposed convolution's epilogue over channel ranges;
/// the per-channel BatchNorm scale and shift must follow the range (found by the GLCIC end-to-end test).
final class DeconvEpilogueRegressionTests: XCTestCase {
    func testFusedEpilogueOfOneImageMatchesUnfused() {
        var rng = TestRNG(14)
        let deconv = ConvTranspose2d(6, 5, kernelSize: 4, stride: 2, padding: 1)
        deconv.resetParameters(using: &rng)
        let scale = (0..<5).map { Float($0) + 0.5 }, shift = (0..<5).map { -Float($0) }
        let x = Tensor.uniform([1, 6, 5, 7], bound: 1, using: &rng)
        let fused = deconv.inference(x, epilogue: .reluThenAffine(scale: scale, shift: shift))
        var expected = deconv(x)
        let plane = 10 * 14
        for c in 0..<5 { for j in 0..<plane { expected.data[c * plane + j] = max(expected.data[c * plane + j], 0) * scale[c] + shift[c] } }
        let (difference, index) = fused.maxAbsDifference(expected)
        XCTAssertLessThan(difference, 1e-5, "largest difference \(difference) at flat index \(index)")
    }
}
