import Foundation
import ImageCore
import NeuralEngine
import XCTest
@testable import DeepInpaint

final class TrainingDataTests: XCTestCase {
    func testEmptyFolderIsAClearError() throws {
        let dir = try TrainingFixtures.folder("empty", for: self)
        XCTAssertThrowsError(try TrainingDataset(folder: dir, partitionFile: nil, size: 32)) { error in
            XCTAssertEqual(error as? TrainingError, .noImages(path: dir.path, partition: nil))
            XCTAssertTrue("\(error)".contains("no JPEG or PNG"))
        }
    }

    func testUnreadableImagesAreSkippedAndCountedOrFailWhenNoneRead() throws {
        let dir = try TrainingFixtures.folder("unreadable", for: self)
        try Data("not an image".utf8).write(to: dir.appendingPathComponent("bad.png"))
        XCTAssertThrowsError(try TrainingDataset(folder: dir, partitionFile: nil, size: 32)) { error in
            guard case .noReadableImages(_, 1, _)? = error as? TrainingError else { return XCTFail("\(error)") }
        }
        try TrainingFixtures.writeImages(2, width: 32, height: 40, into: dir)
        let data = try TrainingDataset(folder: dir, partitionFile: nil, size: 32)
        XCTAssertEqual(data.trainFiles.count, 2)
        XCTAssertEqual(data.unreadableCount, 1)
    }

    func testImagesSmallerThanTheSizeAreAClearError() throws {
        let dir = try TrainingFixtures.folder("small", for: self)
        try TrainingFixtures.writeImages(2, width: 24, height: 40, into: dir)
        XCTAssertThrowsError(try TrainingDataset(folder: dir, partitionFile: nil, size: 32)) { error in
            guard case .imageTooSmall(_, 24, 40, 32, 2)? = error as? TrainingError else { return XCTFail("\(error)") }
        }
    }

    func testPartitionSplitsTrainAndMonitoringAndMeanPixelIsTheMeanOfImageMeans() throws {
        let dir = try TrainingFixtures.folder("partition", for: self)
        try TrainingFixtures.writeImages(4, width: 32, height: 36, into: dir)
        let partition = dir.appendingPathComponent("list.txt")
        try "img0.png 0\nimg1.png 0\nimg2.png 1\nimg3.png 2\n".write(to: partition, atomically: true, encoding: .utf8)
        let data = try TrainingDataset(folder: dir, partitionFile: partition, size: 32)
        XCTAssertEqual(data.trainFiles.map(\.lastPathComponent), ["img0.png", "img1.png"])
        XCTAssertEqual(data.monitoringFiles.map(\.lastPathComponent), ["img2.png"])
        var expected = [Double](repeating: 0, count: 3)
        for name in ["img0.png", "img1.png"] {
            let im = try ImageFile.read(dir.appendingPathComponent(name)).image
            for c in 0..<3 {
                expected[c] +=
                    im.pixels[(c * im.planeSize)..<((c + 1) * im.planeSize)].reduce(0.0) { $0 + Double($1) } / Double(im.planeSize) / 2
            }
        }
        for c in 0..<3 { XCTAssertEqual(Double(data.meanPixel[c]), expected[c], accuracy: 1e-5) }

        try "img0.png zero\n".write(to: partition, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainingDataset(folder: dir, partitionFile: partition, size: 32)) { error in
            guard case .badPartitionFile(_, 1, _)? = error as? TrainingError else { return XCTFail("\(error)") }
        }
    }

    func testBatchesDependOnlyOnSeedAndStepAndPrefetchAgrees() throws {
        let dir = try TrainingFixtures.folder("batches", for: self)
        try TrainingFixtures.writeImages(5, width: 32, height: 44, into: dir)
        let files = try TrainingDataset(folder: dir, partitionFile: nil, size: 32).trainFiles
        let a = BatchLoader(files: files, batchSize: 3, size: 32, seed: 9)
        let b = BatchLoader(files: files, batchSize: 3, size: 32, seed: 9)
        // Each epoch is a permutation: 5 consecutive draws cover every image.
        let firstEpoch = (a.imageIndices(step: 0) + a.imageIndices(step: 1)).prefix(5)
        XCTAssertEqual(Set(firstEpoch), Set(0..<5))
        let sequential = try (0..<4).map { try a.batch(step: $0) }  // steps 1–3 come from the prefetcher
        XCTAssertEqual(try b.batch(step: 3), sequential[3])  // a fresh loader jumping to step 3
        XCTAssertEqual(try b.load(step: 2), sequential[2])
        XCTAssertEqual(sequential[0].shape, [3, 3, 32, 32])
        XCTAssertNotEqual(sequential[0], sequential[1])
    }

    func testFlipMirrorsACoinTossOfTheImagesAndKeepsTheCrops() throws {
        let dir = try TrainingFixtures.folder("flips", for: self)
        try TrainingFixtures.writeImages(5, width: 32, height: 44, into: dir)
        let files = try TrainingDataset(folder: dir, partitionFile: nil, size: 32).trainFiles
        let plain = BatchLoader(files: files, batchSize: 4, size: 32, seed: 3)
        let flipping = BatchLoader(files: files, batchSize: 4, size: 32, seed: 3, flip: true)
        XCTAssertEqual(plain.flipped(step: 0), [false, false, false, false])
        var seen = Set<Bool>()
        for step in 0..<6 {
            let a = try plain.load(step: step), b = try flipping.load(step: step)
            let flags = flipping.flipped(step: step)
            XCTAssertEqual(flags, flipping.flipped(step: step))  // a function of (seed, step)
            for (i, mirrored) in flags.enumerated() {
                seen.insert(mirrored)
                for c in 0..<3 {
                    for y in [0, 17, 31] {
                        for x in [0, 5, 31] {
                            let base = ((i * 3 + c) * 32 + y) * 32
                            XCTAssertEqual(b.data[base + x], a.data[base + (mirrored ? 31 - x : x)], "step \(step) image \(i)")
                        }
                    }
                }
            }
        }
        XCTAssertEqual(seen, [false, true])  // 24 tosses: both outcomes occur
    }
}
