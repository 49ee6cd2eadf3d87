import Foundation
import ImageCore
@testable import ComparisonKit

/// A fresh temporary folder, removed by the caller's tearDown.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ComparisonKitTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A smooth colour image whose content depends on `variant`.
func gradientImage(size: Int, variant: Int) -> Image {
    var image = Image(width: size, height: size)
    for c in 0..<3 {
        for y in 0..<size {
            for x in 0..<size {
                image[x, y, c] = Float((x * (c + 1) + y * (variant + 2)) % size) / Float(size)
            }
        }
    }
    return image
}

/// Fills the hole with the mean of the known pixels, channel by channel.
final class MeanFillMethod: InpaintingMethod {
    let label: String
    let threads = 1
    let loadSeconds: Double? = 0.5
    let settings = ["fill": "mean"]
    /// Fail on this call (0-based), i.e. on the image at this position of the run.
    var failOnCall: Int?
    private var calls = 0

    init(label: String = "meanfill") { self.label = label }

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        defer { calls += 1 }
        if calls == failOnCall { throw ComparisonError.emptySelection("deliberate failure") }
        var out = image
        let plane = image.planeSize
        for c in 0..<3 {
            var sum: Float = 0, n: Float = 0
            for i in 0..<plane where !mask.isHole[i] { sum += image.pixels[c * plane + i]; n += 1 }
            for i in 0..<plane where mask.isHole[i] { out.pixels[c * plane + i] = sum / n }
        }
        return InpaintOutput(image: out, stages: [StageTime(name: "fill", seconds: 0.001)])
    }
}

/// "Features": per-channel means and variances (6 values), enough to make a deterministic distance.
final class MomentFeatures: FeatureExtractor {
    func features(of images: [Image]) throws -> [[Float]] { images.map(moments) }

    func moments(_ image: Image) -> [Float] {
        let plane = Float(image.planeSize)
        var out: [Float] = []
        for c in 0..<3 {
            let values = image.pixels[c * image.planeSize..<(c + 1) * image.planeSize]
            let mean = values.reduce(0, +) / plane
            out += [mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / plane]
        }
        return out
    }
}

/// Distance between the mean feature vectors (order independent, like the Fréchet distance).
func meanFeatureDistance(_ a: [Float], _ b: [Float], _ dimension: Int) throws -> Double {
    var total = 0.0
    for d in 0..<dimension {
        var ma = 0.0, mb = 0.0
        for i in stride(from: d, to: a.count, by: dimension) { ma += Double(a[i]) }
        for i in stride(from: d, to: b.count, by: dimension) { mb += Double(b[i]) }
        let diff = ma / Double(a.count / dimension) - mb / Double(b.count / dimension)
        total += diff * diff
    }
    return total
}
