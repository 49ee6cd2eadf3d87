// FID and KID of one method over a set of images (the whole run, a hole-size bin or a face region), from
// the kept pool3 features: the method's features of those images against the ground truth's features of
// the same images. KID comes from Metrics (KernelInceptionDistance); FID through the injected distance.

import Metrics

/// KID of one method over a set of images (docs/evaluation.md, "KID").
public struct KIDResult: Codable, Equatable, Sendable {
    /// Mean of the unbiased MMD² over the subsets; nil when not computed.
    public var mean: Double?
    /// Population standard deviation over the subsets (0 when every subset is the whole set).
    public var standardDeviation: Double?
    /// Images on each side.
    public var images: Int
    /// Vectors per subset and number of subsets, when computed.
    public var subsetSize: Int?
    public var subsets: Int?
    /// Why the value is missing, when it is.
    public var note: String?

    public init(
        mean: Double?, standardDeviation: Double?, images: Int, subsetSize: Int? = nil,
        subsets: Int? = nil, note: String?
    ) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.images = images
        self.subsetSize = subsetSize
        self.subsets = subsets
        self.note = note
    }
}

/// FID and KID of one method over one set of images.
public struct FeatureScores: Equatable, Sendable {
    public var fid: FIDResult
    public var kid: KIDResult

    public init(fid: FIDResult, kid: KIDResult) {
        self.fid = fid
        self.kid = kid
    }

    /// Both missing for the same reason.
    public static func missing(images: Int, note: String) -> FeatureScores {
        FeatureScores(
            fid: FIDResult(value: nil, images: images, note: note),
            kid: KIDResult(mean: nil, standardDeviation: nil, images: images, note: note))
    }

    /// FID and KID of `method`'s features against `truth`'s, over the names in `only` (all when nil).
    static func compute(
        method: FeatureSet, truth: FeatureSet, only: Set<String>?, distance: FeatureDistance?,
        kid parameters: KernelInceptionDistance.Parameters
    ) -> FeatureScores {
        // In name order, so that KID's subset draws pick the same images in a run and in any merge of its parts.
        let features = (only.map { method.filtered($0) } ?? method).sortedByName()
        let matched = truth.filtered(Set(features.names)).sortedByName()
        guard features.names.count >= 2, matched.names.count == features.names.count else {
            return .missing(images: features.names.count, note: "FID and KID need at least 2 completed images with ground-truth features")
        }
        let n = features.names.count
        var fid = FIDResult(value: nil, images: n, note: "FID not computed")
        if let distance {
            do { fid = FIDResult(value: try distance(features.values, matched.values, features.dimension), images: n, note: nil) } catch {
                fid = FIDResult(value: nil, images: n, note: "Fréchet distance failed: \(error)")
            }
        }
        var kid: KIDResult
        do {
            let value = try KernelInceptionDistance.compute(featuresA: features.rows, featuresB: matched.rows, parameters: parameters)
            kid = KIDResult(
                mean: value.mean, standardDeviation: value.standardDeviation, images: n,
                subsetSize: value.subsetSize, subsets: value.subsets, note: nil)
        } catch {
            kid = KIDResult(mean: nil, standardDeviation: nil, images: n, note: "KID failed: \(error)")
        }
        return FeatureScores(fid: fid, kid: kid)
    }
}

extension FeatureSet {
    /// The same rows ordered by image name.
    func sortedByName() -> FeatureSet {
        var out = FeatureSet()
        for i in names.indices.sorted(by: { names[$0] < names[$1] }) {
            out.append(name: names[i], features: Array(values[i * dimension..<(i + 1) * dimension]))
        }
        return out
    }

    /// The rows as separate vectors.
    var rows: [[Float]] {
        guard dimension > 0 else { return [] }
        return stride(from: 0, to: values.count, by: dimension).map { Array(values[$0..<$0 + dimension]) }
    }
}
