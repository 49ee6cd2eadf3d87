import XCTest
import SharedFixtures
import ImageCore
import NeuralEngine
@testable import Metrics

/// Golden tests of the FID network against PyTorch vectors (../shared/reference/fid, fid_golden.json).
/// They run the whole Inception-v3 on 24 + 24 images: a few seconds in release builds.
final class FIDNetworkTests: XCTestCase {
    private static let dir = SharedFixtures.url("reference/fid").path
    private static let weights = SharedFixtures.url("models/inception-2015-12-05-fid.pt").path

    private static var network: FIDNetwork?

    private func sharedOrSkip() throws -> FIDNetwork {
        guard FileManager.default.fileExists(atPath: Self.dir + "/fid_images_a_u8.npy"),
            FileManager.default.fileExists(atPath: Self.weights)
        else {
            throw XCTSkip("../shared/reference/fid or ../shared/models absent (not a development machine): skipping FID golden tests")
        }
        if let n = Self.network { return n }
        let n = try FIDNetwork(weights: URL(fileURLWithPath: Self.weights))
        Self.network = n
        return n
    }

    /// `[N, H, W, 3]` uint8 array (as Floats 0…255) → images in [0, 1].
    private func images(_ name: String) throws -> [Image] {
        let t = try NPY.read(Self.dir + "/" + name)
        let (n, h, w) = (t.shape[0], t.shape[1], t.shape[2])
        return (0..<n).map { i in
            var img = Image(width: w, height: h)
            for y in 0..<h { for x in 0..<w { for c in 0..<3 { img[x, y, c] = t.data[((i * h + y) * w + x) * 3 + c] / 255 } } }
            return img
        }
    }

    func testResizedInputMatchesReference() throws {
        _ = try sharedOrSkip()
        let input = FIDPreprocessing.inputTensor(Array(try images("fid_images_a_u8.npy").prefix(4)))
        let reference = try NPY.read(Self.dir + "/fid_input_299_first4.npy")
        XCTAssertEqual(input.shape, reference.shape)
        var worst = (0.0, 0)
        for i in 0..<input.count where abs(Double(input.data[i] - reference.data[i])) > worst.0 {
            worst = (abs(Double(input.data[i] - reference.data[i])), i)
        }
        // The reference computes its sampling coordinates in float32 (error ~1e-5 after scaling to [−1, 1]).
        XCTAssertLessThan(worst.0, 5e-5, "largest difference \(worst.0) at flat index \(worst.1)")
    }

    func testFeaturesAndFIDMatchPyTorch() throws {
        let network = try sharedOrSkip()
        let a = try network.features(try images("fid_images_a_u8.npy"))
        let reference = try NPY.read(Self.dir + "/fid_features_a.npy")
        XCTAssertEqual(reference.shape, [a.count, FIDNetwork.featureDimension])
        var worst = (0.0, 0)
        for (n, f) in a.enumerated() {
            let r = reference.data[(n * 2048)..<((n + 1) * 2048)]
            let diff = zip(f, r).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot()
            let norm = r.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
            if diff / norm > worst.0 { worst = (diff / norm, n) }
        }
        XCTAssertLessThan(worst.0, 1e-3, "largest relative L2 difference \(worst.0) in feature vector \(worst.1)")
        let b = try network.features(try images("fid_images_b_u8.npy"))
        let fid = try FrechetDistance.compute(featuresA: a, featuresB: b)
        XCTAssertEqual(fid, 162.62252567026866, accuracy: 162.6225 * 0.005, "FID(a, b) = \(fid)")
    }
}
