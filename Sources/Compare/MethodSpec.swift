import ComparisonKit
import Foundation

/// One entry of `--methods`: a method and, for the network, an optional weights file.
struct MethodSpec: Equatable {
    enum Kind: String { case patch, iizuka }

    static let defaultList = "patch,iizuka"

    let kind: Kind
    /// `iizuka:FILE`'s file.
    let weights: String?

    /// Label in tables: "patch", "iizuka", or "iizuka:STEM" for a weights file given in the list.
    var label: String {
        guard let weights else { return kind.rawValue }
        return kind.rawValue + ":" + ((weights as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Parses "patch,iizuka,iizuka:w.safetensors"; labels must come out distinct.
    static func parse(_ list: String) throws -> [MethodSpec] {
        let specs = try list.split(separator: ",").map { item -> MethodSpec in
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let kind = Kind(rawValue: parts[0].lowercased()) else { throw ComparisonError.unknownMethod(String(item)) }
            if parts.count == 2 && (kind == .patch || parts[1].isEmpty) { throw ComparisonError.unknownMethod(String(item)) }
            return MethodSpec(kind: kind, weights: parts.count == 2 ? parts[1] : nil)
        }
        guard !specs.isEmpty else { throw ComparisonError.unknownMethod(list) }
        let labels = specs.map(\.label)
        if Set(labels).count != labels.count {
            throw ComparisonError.duplicateMethod(labels)
        }
        return specs
    }
}
