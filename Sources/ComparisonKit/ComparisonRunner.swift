// The comparison loop (protocol: docs/evaluation-protocol.md). For each image, in order:
// read it and take the canonical crop, draw its hole, save masked input / mask / ground truth, then let
// every method complete it — timed alone, wall and CPU — score it against the ground truth, save it and
// keep its FID features. One image is in memory at a time. An image that cannot be read is skipped and
// reported; a method that fails on an image is reported for that image and the loop goes on.

import Foundation
import ImageCore

/// Progress of a run, for the caller to display.
public enum RunEvent: Sendable {
    /// `done` of `total` images are finished; `name` was the last.
    case imageDone(done: Int, total: Int, name: String)
    /// An image could not be used.
    case skipped(SkippedImage)
    /// A method failed on an image.
    case failed(image: String, method: String, reason: String)
    /// FID features could not be computed; FID is dropped for the run.
    case featuresFailed(String)
}

/// Everything a run produced before the reports are written.
public struct RunOutcome: Sendable {
    public var rows: [ResultRow] = []
    public var skipped: [SkippedImage] = []
    /// Names of the images that entered the comparison, in order.
    public var images: [String] = []
    /// Ground-truth features (nil without a feature extractor or after a feature failure).
    public var truthFeatures: FeatureSet?
    /// Features of each method's completed images, by label.
    public var methodFeatures: [String: FeatureSet] = [:]
    /// Why features are missing, when they are.
    public var featureNote: String?
    /// Wall seconds of the whole loop (reading, methods, scoring, saving, features).
    public var runSeconds: Double = 0
    /// CPU seconds (all threads) of the whole loop.
    public var runCPUSeconds: Double = 0
    /// Wall seconds spent computing FID features.
    public var featureSeconds: Double = 0
}

/// Runs the methods over the images.
public final class ComparisonRunner {
    let entries: [ImageEntry]
    let masks: MaskSource
    let methods: [InpaintingMethod]
    let scorer: Scorer
    let extractor: FeatureExtractor?
    let folder: RunFolder
    let size: Int
    let progress: (RunEvent) -> Void

    public init(
        entries: [ImageEntry], masks: MaskSource, methods: [InpaintingMethod], scorer: @escaping Scorer,
        extractor: FeatureExtractor?, folder: RunFolder, size: Int, progress: @escaping (RunEvent) -> Void
    ) {
        precondition(Set(methods.map(\.label)).count == methods.count, "ComparisonRunner: method labels must be unique")
        self.entries = entries
        self.masks = masks
        self.methods = methods
        self.scorer = scorer
        self.extractor = extractor
        self.folder = folder
        self.size = size
        self.progress = progress
    }

    /// Runs every method on every image. Throws only when the run folder cannot be written.
    public func run() throws -> RunOutcome {
        var outcome = RunOutcome()
        if extractor != nil {
            outcome.truthFeatures = FeatureSet()
            for m in methods { outcome.methodFeatures[m.label] = FeatureSet() }
        }
        let start = Stopwatch.wallNow(), cpuStart = Stopwatch.cpuNow()
        for (index, entry) in entries.enumerated() {
            try compare(entry, into: &outcome)
            progress(.imageDone(done: index + 1, total: entries.count, name: entry.name))
        }
        outcome.runSeconds = Stopwatch.wallNow() - start
        outcome.runCPUSeconds = Stopwatch.cpuNow() - cpuStart
        return outcome
    }

    func compare(_ entry: ImageEntry, into outcome: inout RunOutcome) throws {
        let truth: Image, mask: Mask
        do {
            truth = try ImageIO.readCanonical(entry.url, size: size)
            mask = try masks.mask(for: entry, width: truth.width, height: truth.height)
        } catch {
            let skipped = SkippedImage(image: entry.name, reason: "\(error)")
            outcome.skipped.append(skipped)
            progress(.skipped(skipped))
            return
        }
        outcome.images.append(entry.name)
        try ImageIO.writePNG(truth, to: folder.imageURL(stem: entry.stem, kind: .truth))
        try ImageIO.writePNG(ImageIO.masked(truth, mask), to: folder.imageURL(stem: entry.stem, kind: .masked))
        try ImageIO.writeMask(mask, to: folder.imageURL(stem: entry.stem, kind: .mask))
        let holeFraction = Double(mask.holeCount) / Double(mask.width * mask.height)
        let coreFraction = mask.width == mask.height ? FaceCoreBox(size: mask.width).coreFraction(of: mask) : nil
        var completed: [(label: String?, image: Image)] = [(nil, truth)]
        for method in methods {
            var (row, image) = try run(method, entry, truth, mask, holeFraction)
            row.coreFraction = coreFraction
            if let reason = row.error { progress(.failed(image: entry.name, method: method.label, reason: reason)) }
            if let image { completed.append((method.label, image)) }
            outcome.rows.append(row)
        }
        addFeatures(of: completed, name: entry.name, &outcome)
    }

    /// One method on one image: its result row and, on success, the completed image.
    func run(
        _ method: InpaintingMethod, _ entry: ImageEntry, _ truth: Image, _ mask: Mask,
        _ holeFraction: Double
    ) throws -> (ResultRow, Image?) {
        var row = ResultRow(
            image: entry.name, method: method.label, holeFraction: holeFraction, scores: nil,
            wallSeconds: nil, cpuSeconds: nil, threads: method.threads)
        let input = ImageIO.masked(truth, mask, fill: 0)
        var completedImage: Image?
        let result: Result<InpaintOutput, Error>
        let elapsed: Elapsed
        (result, elapsed) = Stopwatch.measure { Result { try method.inpaint(input, mask: mask, entry: entry) } }
        switch result {
        case .failure(let error):
            row.error = "\(error)"
        case .success(let output)
        where output.image.width != truth.width || output.image.height != truth.height
            || output.image.channels != truth.channels:
            row.error =
                "returned a \(output.image.width)×\(output.image.height)×\(output.image.channels) image for a \(truth.width)×\(truth.height)×3 input"
        case .success(let output):
            let completed = ImageIO.quantised(output.image)
            row.scores = scorer(completed, truth, mask)
            // Another tool's outputs are read, not made, here: no time (the reports say "external").
            row.wallSeconds = method.isExternal ? nil : elapsed.wall
            row.cpuSeconds = method.isExternal ? nil : elapsed.cpu
            row.stages = output.stages
            try ImageIO.writePNG(completed, to: folder.imageURL(stem: entry.stem, kind: .method(method.label)))
            completedImage = completed
        }
        return (row, completedImage)
    }

    /// Adds the features of the ground truth (label nil) and of each method's result; on failure drops FID.
    func addFeatures(of images: [(label: String?, image: Image)], name: String, _ outcome: inout RunOutcome) {
        guard let extractor, outcome.truthFeatures != nil else { return }
        do {
            let (result, elapsed) = Stopwatch.measure { Result { try extractor.features(of: images.map(\.image)) } }
            outcome.featureSeconds += elapsed.wall
            let features = try result.get()
            precondition(features.count == images.count, "FeatureExtractor: \(features.count) vectors for \(images.count) images")
            for (item, vector) in zip(images, features) {
                if let label = item.label {
                    outcome.methodFeatures[label]?.append(name: name, features: vector)
                } else {
                    outcome.truthFeatures?.append(name: name, features: vector)
                }
            }
        } catch {
            outcome.truthFeatures = nil
            outcome.methodFeatures = [:]
            outcome.featureNote = "the FID network failed on \(name): \(error)"
            progress(.featuresFailed(outcome.featureNote!))
        }
    }
}
