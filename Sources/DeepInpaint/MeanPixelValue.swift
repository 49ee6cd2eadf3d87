// The mean pixel value (mpv) that fills the holes of the network input (otenim train.py / predict.py,
// docs/network-and-training.md §1.4): the per-channel mean of the training images, in [0, 1] units.

/// A per-channel RGB mean in [0, 1], and where it came from.
public struct MeanPixelValue: Equatable, Sendable, CustomStringConvertible {
    /// Where the value was taken from.
    public enum Source: String, Sendable {
        /// Given explicitly (e.g. `--mpv`).
        case explicit
        /// Read from the weights' metadata (`mpv`).
        case metadata
        /// The CelebA default, used when neither was available.
        case celebADefault
    }

    /// R, G, B means in [0, 1].
    public let rgb: [Float]
    /// Where `rgb` came from.
    public let source: Source

    /// The mean of aligned CelebA as written by a run of otenim's train.py (docs/network-and-training.md §1.4).
    public static let celebA = MeanPixelValue(rgb: [0.5041828, 0.4299987, 0.3891342], source: .celebADefault)

    /// A mean from three values in [0, 1].
    public init(rgb: [Float], source: Source = .explicit) {
        precondition(rgb.count == 3, "MeanPixelValue: 3 channels expected, got \(rgb.count)")
        self.rgb = rgb
        self.source = source
    }

    /// Parses `R,G,B` (three numbers in [0, 1]; brackets and spaces allowed, as in config.json).
    public init(parsing text: String, source: Source = .explicit) throws {
        let trimmed = text.filter { !"[] ".contains($0) }
        let values = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { Float($0) }
        guard values.count == 3, values.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 && $0! <= 1 }) else {
            throw DeepInpaintError.badMeanPixelValue(text)
        }
        self.init(rgb: values.map { $0! }, source: source)
    }

    /// `R,G,B` with enough digits to read back the same Floats.
    public var description: String { rgb.map { "\($0)" }.joined(separator: ",") }
}
