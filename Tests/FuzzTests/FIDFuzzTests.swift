import Foundation
import XCTest
import ImageCore
import NeuralEngine
@testable import Metrics

/// Mutants of the FID Inception archive are rejected with an error (never a crash, hang or NaN score);
/// those that load give finite features or an error naming the layer.
final class FIDFuzzTests: XCTestCase {
    func testFIDArchives() throws {
        let folder = try Fuzz.temporaryFolder("fid")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("fid.pt")
        let image = ImageFuzzTests.sample(width: 32, height: 32, seed: 4)
        var featureRuns = 0
        let tally = Fuzz.run(
            "fid-archive", seeds: [FIDSeed.archive()], iterations: Fuzz.iterations(default: 24, fraction: 0.1),
            mutate: { $0.mutatePickleInts($1) }, expected: { $0 is MetricsError || $0 is CheckpointError }
        ) {
            try Data($0).write(to: url)
            let network = try FIDNetwork(weights: url)
            // Running the network costs about a second; do it for the seed and a few accepted mutants.
            guard featureRuns < 3 else { return }
            featureRuns += 1
            let features = try network.features([image, image], batchSize: 2)
            XCTAssertEqual(features.count, 2)
            XCTAssertTrue(features.allSatisfy { $0.count == FIDNetwork.featureDimension && $0.allSatisfy(\.isFinite) })
            _ = try FrechetDistance.compute(featuresA: features, featuresB: features)
        }
        XCTAssertGreaterThan(tally.rejected, 0)
    }
}
