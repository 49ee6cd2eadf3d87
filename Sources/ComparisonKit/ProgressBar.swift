// The progress line a long run shows on stderr: a bar, the count, elapsed time and the time left
// (extrapolated from the mean time per finished item).

/// Formats progress lines.
public enum ProgressBar {
    /// e.g. "[#########-----------]  45/100  elapsed 1m 02s, left 1m 16s  000123.jpg".
    public static func line(done: Int, total: Int, elapsed: Double, width: Int = 24, item: String = "") -> String {
        precondition(total > 0 && (0...total).contains(done), "ProgressBar: \(done)/\(total)")
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let count = String(repeating: " ", count: String(total).count - String(done).count) + "\(done)/\(total)"
        var text = "[\(bar)] \(count)  elapsed \(duration(elapsed))"
        if done > 0 && done < total {
            text += ", left \(duration(elapsed / Double(done) * Double(total - done)))"
        }
        return item.isEmpty ? text : text + "  " + item
    }

    /// "3.2s", "1m 02s", "1h 05m".
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, seconds)
        if s < 60 { return String(format: "%.1fs", s) }
        let whole = Int(s.rounded())
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, (whole % 3600) / 60)
    }
}

import Foundation
