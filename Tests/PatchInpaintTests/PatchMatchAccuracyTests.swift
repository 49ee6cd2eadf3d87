import XCTest
import SharedFixtures
import ImageCore
@testable import PatchInpaint

/// PatchMatch against the exact FFT search (ExactPatchSearch) in its operating regime: on one level,
/// onion-peel initialisation and three search/reconstruct iterations fill the hole, then one more PatchMatch call
/// (10 iterations from the current field) is compared with the exact nearest neighbours of the same image.
final class PatchMatchAccuracyTests: XCTestCase {
    /// Mean over the hole's patches of PatchMatch distance / exact distance (+1e-3 each, for exact copies).
    func meanRatio(_ image: Image, seed: UInt64) -> Double {
        let size = image.width
        let mask = TestImages.mask(
            width: size, height: size, x0: size * 3 / 8, y0: size * 3 / 8,
            holeWidth: size / 4, holeHeight: size / 4 + 2)
        let planes = (0..<3).map { c in Array(image.pixels[(c * size * size)..<((c + 1) * size * size)]).map { $0 * 255 } }
        let pyramid = PyramidLevel(
            colour: PlanarImage(width: size, height: size, planes: planes), features: nil,
            hole: BinaryGrid(width: size, height: size, values: mask.isHole))
        var level = LevelImage(level: pyramid, patchSize: 7, featureWeight: 50)
        let sources = (0..<level.isSource.count).filter { level.isSource[$0] }.map { Int32($0) }
        var field = NearestNeighborField(width: size, height: size)
        let radii = PatchMatchSearch.radii(fullResolutionRadius: size, shrink: 0.5, levelWidth: size, levelHeight: size)
        let patchMatch = PatchMatchSearch(iterations: 10, radii: radii, threads: 2)
        let reconstruction = Reconstruction(percentile: 75, minimumSigma: 0.1, threads: 2)
        _ = OnionPeel(reconstruction: reconstruction).run(&level, field: &field) { image, f, compared, call in
            patchMatch.run(level: image, field: &f, compared: compared, sources: sources, seed: seed + UInt64(call))
        }
        for iteration in 0..<3 {
            patchMatch.run(level: level, field: &field, compared: nil, sources: sources, seed: seed + 100 + UInt64(iteration))
            _ = reconstruction.weightedMean(&level, field: field, targets: level.hole, usable: nil)
        }
        patchMatch.run(level: level, field: &field, compared: nil, sources: sources, seed: seed + 200)
        var exact = field
        ExactNearestNeighbors(threads: 2, useFeatures: false).run(level: level, field: &exact, compared: nil)
        var ratios: [Double] = []
        for i in 0..<(size * size) where mask.isHole[i] {
            XCTAssertGreaterThanOrEqual(field.distance[i], exact.distance[i] * (1 - 1e-4), "exact search beaten at \(i)")
            ratios.append((Double(field.distance[i]) + 1e-3) / (Double(exact.distance[i]) + 1e-3))
        }
        XCTAssertGreaterThan(exact.distance.max()!, 0)
        return ratios.reduce(0, +) / Double(ratios.count)
    }

    func testPatchMatchCloseToExactOnSyntheticImage() {
        let ratio = meanRatio(TestImages.natural(width: 64, height: 64, seed: 4), seed: 17)
        XCTAssertLessThanOrEqual(ratio, 1.05, "mean PatchMatch / exact distance")
    }

    func testPatchMatchCloseToExactOnAstronaut() throws {
        let path = SharedFixtures.url("samples-source/astronaut.png")
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw XCTSkip("../shared/samples-source/astronaut.png absent: skipping the natural-image PatchMatch test")
        }
        let image = try ImageFile.read(path).image.resized(width: 96, height: 96)
        let ratio = meanRatio(image, seed: 17)
        XCTAssertLessThanOrEqual(ratio, 1.05, "mean PatchMatch / exact distance")
    }
}
