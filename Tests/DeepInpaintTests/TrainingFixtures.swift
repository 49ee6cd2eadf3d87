import Foundation
import ImageCore
import XCTest
@testable import DeepInpaint

/// The fixtures of the data-loading and training tests (TrainingDataTests, TrainingRunTests, BF16NetworkTests):
/// tiny image folders and the parameters of a tiny training run.
enum TrainingFixtures {
    /// A fresh temporary folder.
    static func folder(_ name: String, for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("training-tests-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Writes `count` smooth random RGB PNGs of width×height named img0.png, img1.png, … into `folder`.
    static func writeImages(_ count: Int, width: Int, height: Int, into folder: URL, seed: UInt64 = 1) throws {
        var rng = SplitMix64(seed: seed)
        for i in 0..<count {
            var image = Image(width: width, height: height)
            let (a, b, c) = (rng.unitFloat(), rng.unitFloat(), rng.unitFloat())
            for ch in 0..<3 {
                for y in 0..<height {
                    for x in 0..<width {
                        let v = 0.5 + 0.4 * sinf(Float(x) * (0.1 + a * 0.2) + Float(ch) + c * 3) * cosf(Float(y) * (0.1 + b * 0.2))
                        image[x, y, ch] = v
                    }
                }
            }
            try ImageFile.writePNG(image, to: folder.appendingPathComponent("img\(i).png"))
        }
    }

    /// A fresh folder holding `count` images of width×height (`writeImages`).
    static func imageFolder(_ name: String, count: Int, width: Int, height: Int, for test: XCTestCase) throws -> URL {
        let url = try folder(name, for: test)
        try writeImages(count, width: width, height: height, into: url)
        return url
    }

    /// A run of 32×32 crops in batches of 4 through networks at a quarter of the width: seconds per step.
    static func tinyParameters(_ steps: [Int], seed: UInt64) -> TrainingParameters {
        var p = TrainingParameters()
        p.phaseSteps = steps
        p.batchSize = 4
        p.size = 32
        p.localSize = 32
        p.width = 0.25
        p.discriminatorWidth = 0.25
        p.seed = seed
        return p
    }
}
