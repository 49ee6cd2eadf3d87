// FID features kept in the run folder, so that `compare merge` can recompute FID over several shards:
// features/NAME.npy (float32, images × 2048, little-endian, NumPy format 1.0) and features/NAME.txt (the
// image names, one per line, in row order).

import Foundation
import ImageCore
import NeuralEngine

/// Features of a set of images, one row per image.
public struct FeatureSet: Equatable, Sendable {
    /// Image names in row order.
    public private(set) var names: [String] = []
    /// Row-major values, names.count × dimension.
    public private(set) var values: [Float] = []
    /// Values per row (0 until the first row).
    public private(set) var dimension: Int = 0

    public init() {}

    /// Appends one image's features.
    public mutating func append(name: String, features: [Float]) {
        precondition(
            dimension == 0 || features.count == dimension,
            "FeatureSet: \(features.count) features for \(name), expected \(dimension)")
        dimension = features.count
        names.append(name)
        values.append(contentsOf: features)
    }

    /// The subset whose names are in `keep`, in this set's order.
    public func filtered(_ keep: Set<String>) -> FeatureSet {
        var out = FeatureSet()
        for (i, name) in names.enumerated() where keep.contains(name) {
            out.append(name: name, features: Array(values[i * dimension..<(i + 1) * dimension]))
        }
        return out
    }

    /// This set followed by `other`.
    public func appending(_ other: FeatureSet) -> FeatureSet {
        var out = self
        for (i, name) in other.names.enumerated() {
            out.append(name: name, features: Array(other.values[i * other.dimension..<(i + 1) * other.dimension]))
        }
        return out
    }

    /// Writes `base.npy` and `base.txt` atomically.
    public func write(base: URL) throws {
        try AtomicFile.write(
            NPY.encode(float32: values, shape: [names.count, dimension]),
            to: base.appendingPathExtension("npy"))
        try AtomicFile.write(Data((names.joined(separator: "\n") + "\n").utf8), to: base.appendingPathExtension("txt"))
    }

    /// Reads what `write(base:)` wrote.
    public static func read(base: URL) throws -> FeatureSet {
        let npy = base.appendingPathExtension("npy"), txt = base.appendingPathExtension("txt")
        let tensor: Tensor
        let names: [String]
        do {
            tensor = try NPY.read(npy.path)
            names = try String(contentsOf: txt, encoding: .utf8).split(separator: "\n").map(String.init)
        } catch {
            throw ComparisonError.featureFile(path: npy.path, reason: "\(error)")
        }
        guard tensor.shape.count == 2, tensor.shape[0] == names.count, tensor.shape[1] > 0 || names.isEmpty else {
            throw ComparisonError.featureFile(
                path: npy.path,
                reason: "shape \(tensor.shape) does not match \(names.count) names in \(txt.lastPathComponent)")
        }
        var set = FeatureSet()
        set.names = names
        set.values = tensor.data
        set.dimension = tensor.shape[1]
        return set
    }
}
