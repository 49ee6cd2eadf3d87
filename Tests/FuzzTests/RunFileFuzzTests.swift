import Foundation
import XCTest
import ImageCore
import Metrics
import NeuralEngine
@testable import ComparisonKit

/// Mutants of the files the driver reads back (partition files, batch.json, and the summary, results and
/// feature files `compare merge` joins) are rejected with an error or accepted, never a crash.
final class RunFileFuzzTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Fuzz.temporaryFolder("runfiles") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    static func isRunFileError(_ error: Error) -> Bool {
        error is ComparisonError || error is ImageCoreError || error is MetricsError || error is NPYError
    }

    func testPartitionFiles() {
        let seed = Array("000001.jpg 0\n000002.jpg 1\n000003.jpg 2\n\n000004.jpg 2\r\n".utf8)
        Fuzz.run("partition", seeds: [seed], iterations: Fuzz.iterations(default: 400), expected: { $0 is ComparisonError }) {
            let p = try Partition(text: String(decoding: $0, as: UTF8.self), path: "partition.txt")
            XCTAssertTrue(p.entries.allSatisfy { (0...2).contains($0.code) })
        }
    }

    /// Four 32×32 images in `data/`.
    func writeImages() throws -> URL {
        let data = folder.appendingPathComponent("data")
        for i in 0..<4 {
            try ImageFile.writePNG(
                ImageFuzzTests.sample(width: 32, height: 32, seed: UInt64(10 + i)), to: data.appendingPathComponent("img\(i).png"))
        }
        return data
    }

    func testBatchManifests() throws {
        let data = try writeImages()
        let batch = MaskedBatch(folder: folder.appendingPathComponent("batch"))
        try batch.write(entries: try DataSource(folder: data).entries, masks: .generated(.rect48to96, seed: 0), size: 32, data: data.path)
        let seed = [UInt8](try Data(contentsOf: batch.manifestURL))
        Fuzz.run("batch-json", seeds: [seed], iterations: Fuzz.iterations(default: 300), expected: Self.isRunFileError) {
            try Data($0).write(to: batch.manifestURL)
            let (manifest, source, _) = try batch.open()
            XCTAssertEqual(source.entries.count, manifest.images.count)
        }
    }

    /// Runs the mean-fill method over the images of `data` (one shard of two) into `name`.
    func run(_ data: URL, shard: Shard, into name: String) throws -> RunFolder {
        let entries = shard.select(try DataSource(folder: data).entries)
        let method = FuzzMeanFill()
        let run = RunFolder(url: folder.appendingPathComponent(name))
        let runner = ComparisonRunner(
            entries: entries, masks: .generated(.rect48to96, seed: 0), methods: [method],
            scorer: QualityScoring.scores, extractor: FuzzFeatures(), folder: run, size: 32,
            progress: { _ in })
        let configuration = RunConfiguration(
            data: data.path, partition: nil, split: nil, limit: nil, size: 32, masks: .generated(protocolName: "rect48-96", seed: 0),
            shards: [shard], methods: [MethodInfo(label: method.label, threads: 1, loadSeconds: nil, settings: [:])],
            threads: 1, fidWeights: "fake", fidNote: nil, machine: "test", started: "now", command: "test")
        try RunReports.write(folder: run, configuration: configuration, outcome: try runner.run(), distance: nil)
        return run
    }

    func testMergedRunFiles() throws {
        let data = try writeImages()
        let first = try run(data, shard: Shard(index: 1, count: 2), into: "part1")
        let second = try run(data, shard: Shard(index: 2, count: 2), into: "part2")
        let features = second.truthFeatures
        let files = [second.summaryJSON, second.resultsCSV, features.appendingPathExtension("npy"), features.appendingPathExtension("txt")]
        let originals = try files.map { [UInt8](try Data(contentsOf: $0)) }
        // Each seed is one file of the second part with a tag byte in front that says which.
        let seeds = originals.enumerated().map { [UInt8($0.offset)] + $0.element }
        var count = 0
        Fuzz.run("merge", seeds: seeds, iterations: Fuzz.iterations(default: 200), expected: Self.isRunFileError) { input in
            guard let tag = input.first, Int(tag) < files.count else { return }
            for (url, bytes) in zip(files, originals) { try Data(bytes).write(to: url) }
            try Data(input.dropFirst()).write(to: files[Int(tag)])
            count += 1
            let output = RunFolder(url: self.folder.appendingPathComponent("merged-\(count % 2)"))
            try RunMerge.merge([first, second], into: output, distance: Self.frechet, command: "merge")
        }
    }
}

extension RunFileFuzzTests {
    /// The Fréchet distance of two row-major feature sets, as the driver computes it.
    static func frechet(_ a: [Float], _ b: [Float], _ dimension: Int) throws -> Double {
        guard dimension > 0 else { throw MetricsError.featureDimensionMismatch(expected: 2, found: dimension) }
        func rows(_ values: [Float]) -> [[Float]] {
            stride(from: 0, to: values.count - dimension + 1, by: dimension).map { Array(values[$0..<$0 + dimension]) }
        }
        return try FrechetDistance.compute(featuresA: rows(a), featuresB: rows(b))
    }
}

/// Fills the hole with grey.
final class FuzzMeanFill: InpaintingMethod {
    let label = "grey"
    let threads = 1
    let loadSeconds: Double? = nil
    let settings: [String: String] = [:]

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        var out = image
        let plane = image.planeSize
        for c in 0..<3 { for i in 0..<plane where mask.isHole[i] { out.pixels[c * plane + i] = 0.5 } }
        return InpaintOutput(image: out, stages: [])
    }
}

/// Two "features" per image: the mean and the first pixel.
final class FuzzFeatures: FeatureExtractor {
    func features(of images: [Image]) throws -> [[Float]] {
        images.map { [$0.pixels.reduce(0, +) / Float($0.pixels.count), $0.pixels[0]] }
    }
}
