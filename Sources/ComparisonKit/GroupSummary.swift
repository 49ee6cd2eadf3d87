// The summary of a run per group of images: per hole-size bin (always) and per face region (aligned-face
// runs). Each group lists every method with the same fields as the whole-run summary (counts, means, FID
// and KID over the group's images, timing), made from the rows and the group's feature scores only.

/// One group of images (a hole-size bin or a face region) and every method's summary over it.
public struct GroupSummary: Codable, Equatable, Sendable {
    /// Key of the group: the bin's label ("10–20 %") or the region's name ("core").
    public var key: String
    /// A title for the reports.
    public var title: String
    /// Images in the group.
    public var images: Int
    /// One line per method, in the run's order.
    public var methods: [MethodSummary]
}

/// How the images of a run are grouped.
public enum ImageGrouping: Sendable {
    case holeSize
    case faceRegion

    /// The group keys of `rows` (one per image) in report order, with titles; rows without a key are left out.
    func groups(_ rows: [ResultRow]) -> [(key: String, title: String, images: Set<String>)] {
        switch self {
        case .holeSize:
            let bins = Dictionary(grouping: rows, by: \.holeSizeBin)
            return bins.keys.sorted().map { bin in
                (bin.label, "holes of \(bin.label) of the image", Set(bins[bin]!.map(\.image)))
            }
        case .faceRegion:
            let regions = Dictionary(grouping: rows.filter { $0.faceRegion != nil }, by: { $0.faceRegion! })
            return FaceRegion.allCases.compactMap { region in
                regions[region].map { (region.rawValue, region.title, Set($0.map(\.image))) }
            }
        }
    }
}

extension GroupSummary {
    /// The groups of `rows` under `grouping`; `features[key][method]` holds each group's FID and KID.
    static func make(
        _ grouping: ImageGrouping, configuration: RunConfiguration, rows: [ResultRow],
        features: [String: [String: FeatureScores]]
    ) -> [GroupSummary] {
        grouping.groups(rows).map { group in
            let groupRows = rows.filter { group.images.contains($0.image) }
            var methods = configuration.methods.map { info in
                let scores =
                    features[group.key]?[info.label]
                    ?? .missing(images: 0, note: configuration.fidNote ?? "FID and KID not computed")
                return MethodSummary(info: info, rows: groupRows.filter { $0.method == info.label }, scores: scores)
            }
            MethodSummary.countBest(groupRows, into: &methods)
            return GroupSummary(key: group.key, title: group.title, images: group.images.count, methods: methods)
        }
    }
}
