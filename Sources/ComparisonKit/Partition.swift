// CelebA's list_eval_partition.txt: one "FILE PARTITION" line per image, 0 = train, 1 = val, 2 = test.

import Foundation

/// A split of the official CelebA partition.
public enum Split: String, CaseIterable, Codable, Sendable {
    case train, val, test

    /// The code the partition file uses for this split.
    public var code: Int {
        switch self {
        case .train: return 0
        case .val: return 1
        case .test: return 2
        }
    }
}

/// The contents of a partition file, in file order.
public struct Partition: Sendable {
    /// (file name, split code) in the order of the file.
    public let entries: [(name: String, code: Int)]

    /// Reads and parses `url`; blank lines are ignored.
    public init(contentsOf url: URL) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ComparisonError.partitionUnreadable(path: url.path, reason: error.localizedDescription)
        }
        try self.init(text: text, path: url.path)
    }

    /// Parses partition text; `path` names it in error messages.
    public init(text: String, path: String) throws {
        var entries: [(String, Int)] = []
        // Lines end in LF or CRLF (Swift takes "\r\n" as one Character, which is a newline, not "\n").
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 2, let code = Int(fields[1]), (0...2).contains(code) else {
                throw ComparisonError.partitionLine(path: path, line: number + 1, text: String(line))
            }
            entries.append((String(fields[0]), code))
        }
        self.entries = entries
    }

    /// The file names of `split`, in file order.
    public func names(in split: Split) -> [String] {
        entries.filter { $0.code == split.code }.map(\.name)
    }
}
