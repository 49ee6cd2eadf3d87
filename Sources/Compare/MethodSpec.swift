import ComparisonKit
import Foundation

/// One entry of `--methods`: a method and, for the network, an optional weights file and channel ablation;
/// for `results`, the folder (or `{stem}` file pattern) of another tool's outputs and an optional label.
struct MethodSpec: Equatable {
    enum Kind: String { case patch, iizuka, telea, results }

    /// The methods of a run without --methods: patch,iizuka.
    static let defaults = [MethodSpec(kind: .patch, weights: nil), MethodSpec(kind: .iizuka, weights: nil)]

    let kind: Kind
    /// `iizuka:FILE`'s file.
    let weights: String?
    /// `iizuka@conv1:6+conv14:3`'s ablation, as written (`+` between items; `LAYER:*` = every channel, one
    /// method each, expanded once the weights are loaded).
    let ablation: String?

    /// `results:[LABEL=]DIR`'s folder or file pattern.
    let results: String?
    /// `results:LABEL=DIR`'s label.
    let resultsLabel: String?

    init(kind: Kind, weights: String?, ablation: String? = nil, results: String? = nil, resultsLabel: String? = nil) {
        self.kind = kind
        self.weights = weights
        self.ablation = ablation
        self.results = results
        self.resultsLabel = resultsLabel
    }

    /// Label in tables: "patch", "telea", "iizuka", or "iizuka:STEM" for a weights file given in the list, then
    /// "@conv1:6" for an ablation of this entry; a results entry's own label, else "results:FOLDER" (the
    /// folder's last path component, or the pattern's folder's).
    var label: String {
        if let results {
            if let resultsLabel { return resultsLabel }
            let folder = results.contains("{stem}") ? (results as NSString).deletingLastPathComponent : results
            return "results:" + ((folder as NSString).lastPathComponent)
        }
        var text = kind.rawValue
        if let weights { text += ":" + ((weights as NSString).lastPathComponent as NSString).deletingPathExtension }
        if let ablation { text += "@" + ablation }
        return text
    }

    /// The ablation in `ChannelAblation`'s syntax (`conv1:6,conv14:3`).
    var ablationList: String? { ablation?.replacingOccurrences(of: "+", with: ",") }

    /// The sweep `LAYER:*` of this entry, if it is one: the layer name.
    var sweptLayer: String? {
        guard let ablation, ablation.hasSuffix(":*"), !ablation.contains("+") else { return nil }
        return String(ablation.dropLast(2))
    }

    /// This entry with `ablation` instead of its own.
    func with(ablation: String) -> MethodSpec { MethodSpec(kind: kind, weights: weights, ablation: ablation) }

    /// Parses "patch,telea,iizuka,iizuka:w.safetensors,iizuka@conv1:6+conv2:3,iizuka@conv1:*,results:lama=DIR";
    /// labels must come out distinct.
    static func parse(_ list: String) throws -> [MethodSpec] {
        let specs = try list.split(separator: ",").map { item -> MethodSpec in
            let text = String(item).trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasPrefix("results:") { return try parseResults(text) }
            let head: String, ablation: String?
            if let at = text.lastIndex(of: "@") {
                head = String(text[..<at])
                ablation = String(text[text.index(after: at)...]).trimmingCharacters(in: .whitespaces)
            } else {
                head = text
                ablation = nil
            }
            let parts = head.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first, let kind = Kind(rawValue: first.lowercased()) else {
                throw ComparisonError.unknownMethod(String(item))
            }
            if kind == .results { throw ComparisonError.badResultsEntry(String(item)) }
            if parts.count == 2 && (kind != .iizuka || parts[1].isEmpty) { throw ComparisonError.unknownMethod(String(item)) }
            if let ablation {
                let items = ablation.split(separator: "+", omittingEmptySubsequences: false)
                let wellFormed = kind == .iizuka && !ablation.isEmpty && items.allSatisfy { $0.split(separator: ":").count == 2 }
                let oneSweep = !ablation.contains("*") || (items.count == 1 && ablation.hasSuffix(":*"))
                guard wellFormed, oneSweep else { throw ComparisonError.badMethodAblation(String(item)) }
            }
            return MethodSpec(kind: kind, weights: parts.count == 2 ? parts[1] : nil, ablation: ablation)
        }
        guard !specs.isEmpty else { throw ComparisonError.unknownMethod(list) }
        let labels = specs.map(\.label)
        if Set(labels).count != labels.count {
            throw ComparisonError.duplicateMethod(labels)
        }
        return specs
    }

    /// `results:DIR`, `results:LABEL=DIR`, or either with a file pattern holding `{stem}` instead of DIR. A
    /// label is letters, digits, '.', '_' and '-'; text before the first '=' that is not a label is part of DIR.
    static func parseResults(_ text: String) throws -> MethodSpec {
        let rest = String(text.dropFirst("results:".count)).trimmingCharacters(in: .whitespaces)
        var label: String?, path = rest
        if let equals = rest.firstIndex(of: "=") {
            let candidate = String(rest[..<equals])
            if !candidate.isEmpty && candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
                label = candidate
                path = String(rest[rest.index(after: equals)...])
            }
        }
        guard !path.isEmpty else { throw ComparisonError.badResultsEntry(text) }
        return MethodSpec(kind: .results, weights: nil, results: path, resultsLabel: label)
    }
}
