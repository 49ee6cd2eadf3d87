import ComparisonKit
import Foundation
import ImageCore
import Metrics
import NeuralEngine

/// The FID network for a run, or why there is none. Adapter: the only file that calls Metrics' FID API.
struct FIDSetup {
    var extractor: FeatureExtractor?
    var distance: FeatureDistance?
    var weightsPath: String?
    var note: String?

    static func make(_ options: MethodOptions, terminal: Terminal) -> FIDSetup {
        if options.noFID { return FIDSetup(note: "not asked for (--no-fid)") }
        do {
            let url = try options.fidWeights.locate()
            let network = try FIDNetwork(weights: url, engineOptions: EngineOptions(threads: options.threads))
            return FIDSetup(
                extractor: FIDExtractor(network: network), distance: frechetDistance(),
                weightsPath: url.path, note: nil)
        } catch {
            let note = "\(error)"
            terminal.notice("no FID: \(note)")
            return FIDSetup(note: note)
        }
    }

    /// The Fréchet distance between two row-major feature sets.
    static func frechetDistance() -> FeatureDistance? {
        return { a, b, dimension in
            guard dimension > 0 else {
                throw MetricsError.featureDimensionMismatch(expected: FIDNetwork.featureDimension, found: dimension)
            }
            func rows(_ values: [Float]) -> [[Float]] {  // whole rows only (a feature file holds whole rows)
                stride(from: 0, to: values.count - dimension + 1, by: dimension).map { Array(values[$0..<$0 + dimension]) }
            }
            return try Metrics.FrechetDistance.compute(featuresA: rows(a), featuresB: rows(b))
        }
    }
}

/// Metrics' FID network as the runner's feature extractor.
final class FIDExtractor: FeatureExtractor {
    let network: FIDNetwork

    init(network: FIDNetwork) { self.network = network }

    func features(of images: [Image]) throws -> [[Float]] {
        try network.features(images, batchSize: images.count)
    }
}
