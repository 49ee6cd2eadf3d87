// The layout of a run folder:
//   results.csv, summary.json, report.md, report.html
//   images/STEM-masked.png, STEM-mask.png, STEM-truth.png, STEM-METHOD.png
//   features/truth.{npy,txt}, features/METHOD.{npy,txt}   (FID features, for `compare merge`)
// METHOD is the method label made safe for file names (see `slug`).

import Foundation

/// What one image file of a run shows.
public enum RunImageKind: Equatable, Sendable {
    case masked, mask, truth
    case method(String)

    var suffix: String {
        switch self {
        case .masked: return "masked"
        case .mask: return "mask"
        case .truth: return "truth"
        case .method(let label): return RunFolder.slug(label)
        }
    }
}

/// Paths inside a run folder.
public struct RunFolder: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    public var resultsCSV: URL { url.appendingPathComponent("results.csv") }
    public var summaryJSON: URL { url.appendingPathComponent("summary.json") }
    public var reportMarkdown: URL { url.appendingPathComponent("report.md") }
    public var reportHTML: URL { url.appendingPathComponent("report.html") }
    public var imagesFolder: URL { url.appendingPathComponent("images") }
    public var featuresFolder: URL { url.appendingPathComponent("features") }

    /// Path of an image file, relative to the run folder (for report.html).
    public func relativeImagePath(stem: String, kind: RunImageKind) -> String {
        "images/\(stem)-\(kind.suffix).png"
    }

    /// Full path of an image file.
    public func imageURL(stem: String, kind: RunImageKind) -> URL {
        url.appendingPathComponent(relativeImagePath(stem: stem, kind: kind))
    }

    /// Base path (without extension) of the ground-truth features.
    public var truthFeatures: URL { featuresFolder.appendingPathComponent("truth") }

    /// Base path (without extension) of one method's features.
    public func features(of label: String) -> URL { featuresFolder.appendingPathComponent("method-" + RunFolder.slug(label)) }

    /// A label with every character outside [A-Za-z0-9._-] replaced by "_".
    public static func slug(_ label: String) -> String {
        String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    /// runs/YYYY-MM-DDTHH-MM-SS under `root`, with a numeric suffix when that folder exists.
    public static func timestamped(under root: URL, date: Date = Date()) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        let base = root.appendingPathComponent(formatter.string(from: date))
        var candidate = base
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = URL(fileURLWithPath: base.path + "-\(n)")
            n += 1
        }
        return candidate
    }
}
