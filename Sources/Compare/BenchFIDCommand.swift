import ArgumentParser
import Foundation
import ImageCore
import Metrics
import NeuralEngine

/// `compare bench fid`: speed of the FID network (images per second) and of the Fréchet distance.
struct BenchFIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fid",
        abstract: "Measure the FID network's speed (images/s) on synthetic 160×160 images, and the Fréchet distance's time.")

    @OptionGroup var fidWeights: FIDWeightsOptions

    @Option(help: "Images per timed run.")
    var images = 8

    @Option(help: "Images per network batch.")
    var batch = 4

    @Option(help: "Timed repetitions (the best is reported).")
    var repeats = 3

    @OptionGroup var engineThreads: EngineThreadOptions

    func validate() throws {
        guard images > 0, batch > 0, repeats > 0 else { throw ValidationError("--images, --batch and --repeats must be positive") }
    }

    func run() throws {
        let weights = try fidWeights.locate()
        var t0 = Date()
        let network = try FIDNetwork(weights: weights, engineOptions: engineThreads.engineOptions)
        print(String(format: "load: %.2f s (%@)", Date().timeIntervalSince(t0), weights.path))
        var rng = SplitMix64(seed: 1)
        let inputs = (0..<images).map { _ in Image(width: 160, height: 160, pixels: (0..<(3 * 160 * 160)).map { _ in rng.unitFloat() }) }
        var best = Double.infinity, bestCPU = Double.infinity
        var features: [[Float]] = []
        for _ in 0..<repeats {
            t0 = Date()
            let cpu0 = Stopwatch.cpuNow()
            features = try network.features(inputs, batchSize: batch)
            best = min(best, Date().timeIntervalSince(t0))
            bestCPU = min(bestCPU, Stopwatch.cpuNow() - cpu0)
        }
        print(
            String(
                format: "features: %d images, batch %d, %d cores, best of %d: %.2f s wall (%.2f images/s), %.2f s CPU",
                images, batch, network.engineOptions.threads, repeats, best, Double(images) / best, bestCPU))
        let half = max(2, features.count / 2)
        t0 = Date()
        _ = try Metrics.FrechetDistance.compute(featuresA: Array(features.prefix(half)), featuresB: features)
        print(String(format: "Fréchet distance (%d vs %d vectors): %.3f s", half, features.count, Date().timeIntervalSince(t0)))
    }
}
