import ArgumentParser
import ComparisonKit
import Foundation
import ImageCore
import Metrics
import NeuralEngine

/// `compare fid DIR_A DIR_B`: the FID between the images of two folders.
struct FIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fid",
        abstract: "Print the FID and KID between the PNG/JPEG images of two folders (Inception-v3 pool3 features).",
        discussion: """
            Images are quantised to 8 bits, resized to 299×299 (TF1 bilinear, as the FID network's reference \
            pipeline) and mapped to [−1, 1]; FID = |µa − µb|² + tr Σa + tr Σb − 2 tr (Σa Σb)^½ in double precision. \
            With fewer than 2048 images per folder the covariances are singular: the number is still defined, \
            but depends on N, which is printed beside it. KID (unbiased MMD² with the kernel (x·y/2048 + 1)³, \
            mean ± standard deviation over --kid-subsets subsets of min(N, --kid-subset-size) images per folder, \
            seeded) is printed beside it: with fewer than 2048 images, KID is the number to compare.

            Weights (inception-2015-12-05-fid.pt) are taken from --fid-weights FILE, else the environment \
            variable \(FIDWeights.environmentVariable), else the cache \(FIDWeights.cacheURL().path) \
            (filled by scripts/fetch-fid-weights.sh), else \(FIDWeights.developmentPath).
            """)

    @Argument(help: "First folder of images.")
    var folderA: String

    @Argument(help: "Second folder of images.")
    var folderB: String

    @OptionGroup var fidWeights: FIDWeightsOptions

    @Option(name: .long, help: "Images per network batch.")
    var batchSize = 4

    @OptionGroup var engineThreads: EngineThreadOptions

    @OptionGroup var kidOptions: KIDOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
    }

    func run() throws {
        let urlA = URL(fileURLWithPath: folderA), urlB = URL(fileURLWithPath: folderB)
        for folder in [folderA, folderB] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw FIDCommandError.notAFolder(folder)
            }
        }
        let namesA = try DataSource.imageFiles(in: urlA), namesB = try DataSource.imageFiles(in: urlB)
        guard namesA.count >= 2, namesB.count >= 2 else {
            throw MetricsError.notEnoughFeatures(setA: namesA.count, setB: namesB.count)
        }
        let weights = try fidWeights.locate()
        let start = Date()
        let network = try FIDNetwork(weights: weights, engineOptions: engineThreads.engineOptions)
        log(String(format: "FID network loaded from %@ in %.1f s", weights.path, Date().timeIntervalSince(start)))
        let a = try features(of: namesA, in: urlA, network: network)
        let b = try features(of: namesB, in: urlB, network: network)
        let fid = try Metrics.FrechetDistance.compute(featuresA: a, featuresB: b)
        print(Self.fidLine(fid, countA: a.count, countB: b.count))
        let kid = try KernelInceptionDistance.compute(featuresA: a, featuresB: b, parameters: kidOptions.parameters)
        for line in Self.kidLines(kid, countA: a.count, countB: b.count, seed: kidOptions.kidSeed) { print(line) }
    }

    /// "FID 12.3456 (N = A vs B)" (FrechetDistance never returns a negative distance).
    static func fidLine(_ fid: Double, countA: Int, countB: Int) -> String {
        "FID \(ReportTable.format(fid, 4)) (N = \(countA) vs \(countB))"
    }

    /// The KID line, and with fewer than 2048 images per folder the note that KID is the number to compare.
    static func kidLines(_ kid: KernelInceptionDistance.Value, countA: Int, countB: Int, seed: UInt64) -> [String] {
        var lines: [String]
        if kid.subsetSize >= min(countA, countB) {
            // Every subset is the whole smaller folder: the spread over subsets says nothing (docs/evaluation.md).
            lines = ["KID \(ReportTable.format(kid.mean, 6)) (N = \(countA) vs \(countB), subsets of \(kid.subsetSize))"]
        } else {
            lines = [
                "KID \(ReportTable.format(kid.mean, 6)) ± \(ReportTable.format(kid.standardDeviation, 6)) (\(kid.subsets) subsets of \(kid.subsetSize) per folder, seed \(seed))"
            ]
        }
        if min(countA, countB) < 2048 { lines.append("with fewer than 2048 images per folder, KID is the number to compare") }
        return lines
    }

    /// Features of the named files, read one batch at a time (never the whole folder in memory).
    private func features(of names: [String], in folder: URL, network: FIDNetwork) throws -> [[Float]] {
        var out: [[Float]] = []
        let start = Date()
        for batchStart in stride(from: 0, to: names.count, by: batchSize) {
            let batch = try names[batchStart..<min(names.count, batchStart + batchSize)].map {
                try ImageFile.read(folder.appendingPathComponent($0)).image
            }
            out += try network.features(batch, batchSize: batchSize)
            let rate = Double(out.count) / max(Date().timeIntervalSince(start), 1e-9)
            log(String(format: "%@: %d/%d images, %.2f images/s", folder.lastPathComponent, out.count, names.count, rate))
        }
        return out
    }

    private func log(_ line: String) {
        printToStandardError(line)
    }
}

/// Errors of `compare fid` that the libraries do not report themselves.
enum FIDCommandError: Error, CustomStringConvertible {
    case notAFolder(String)

    var description: String {
        switch self {
        case let .notAFolder(path): return "\(path) is not a folder: pass two folders of PNG/JPEG images"
        }
    }
}
