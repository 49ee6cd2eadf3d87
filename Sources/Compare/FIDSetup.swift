import ComparisonKit
import Foundation

/// The FID network for a run, or why there is none. Adapter: the only file that calls Metrics' FID API.
struct FIDSetup {
    var extractor: FeatureExtractor?
    var distance: FeatureDistance?
    var weightsPath: String?
    var note: String?

    static func make(_ options: MethodOptions, terminal: Terminal) -> FIDSetup {
        if options.noFID { return FIDSetup(note: "--no-fid") }
        let note = "the FID network is not in this build yet"
        terminal.notice("no FID: \(note)")
        return FIDSetup(note: note)
    }
}

extension FIDSetup {
    /// The Fréchet distance for `compare merge` (no network needed).
    static func frechetDistance() -> FeatureDistance? { nil }
}
