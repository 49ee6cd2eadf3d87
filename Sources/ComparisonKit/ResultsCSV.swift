// results.csv: a header line, then one line per image and method. Numbers are written with enough digits
// to round-trip (so `compare merge` recomputes exactly the same summary); a failed row leaves the score and
// time fields empty and says why in `error`. Stage times are packed as "name=seconds;name=seconds".

import Foundation
import ImageCore

/// Writing and reading results.csv.
public enum ResultsCSV {
    /// The header, in column order.
    public static let columns = [
        "image", "method", "status", "hole_fraction", "hole_core_fraction", "mse", "psnr", "ssim",
        "hole_mse", "hole_psnr", "hole_l1", "wall_s", "cpu_s", "threads", "stages", "error"
    ]

    /// The header before hole_core_fraction was added: such files still read (without face regions).
    static let columnsWithoutCore = columns.filter { $0 != "hole_core_fraction" }

    /// The whole file as text.
    public static func text(_ rows: [ResultRow]) -> String {
        var lines = [CSV.line(columns)]
        for row in rows { lines.append(CSV.line(fields(row))) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `rows` to `url` atomically.
    public static func write(_ rows: [ResultRow], to url: URL) throws {
        try writeAtomically(Data(text(rows).utf8), to: url)
    }

    /// Reads a results.csv written by `write`.
    public static func read(_ url: URL) throws -> [ResultRow] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ComparisonError.csvParse(path: url.path, line: 0, reason: "cannot read (\(error.localizedDescription))")
        }
        return try parse(text, path: url.path)
    }

    /// Parses results.csv text; `path` names it in error messages.
    public static func parse(_ text: String, path: String) throws -> [ResultRow] {
        let table: [[String]]
        do { table = try CSV.parse(text) } catch {
            throw ComparisonError.csvParse(path: path, line: 0, reason: "unterminated quote")
        }
        guard let header = table.first, header == columns || header == columnsWithoutCore else {
            throw ComparisonError.csvParse(path: path, line: 1, reason: "unexpected header")
        }
        let withCore = header == columns
        return try table.dropFirst().enumerated().map { offset, fields in
            guard fields.count == header.count else {
                throw ComparisonError.csvParse(
                    path: path, line: offset + 2,
                    reason: "\(fields.count) fields instead of \(header.count)")
            }
            return try row(withCore ? fields : Array(fields[0..<4]) + [""] + Array(fields[4...]), path: path, line: offset + 2)
        }
    }

    static func fields(_ row: ResultRow) -> [String] {
        let s = row.scores
        return [
            row.image, row.method, row.succeeded ? "ok" : "failed", number(row.holeFraction), number(row.coreFraction),
            number(s?.mse), number(s?.psnr), number(s?.ssim), number(s?.holeMSE), number(s?.holePSNR),
            number(s?.holeL1), number(row.wallSeconds), number(row.cpuSeconds), String(row.threads),
            row.stages.map { "\($0.name)=\(number($0.seconds))" }.joined(separator: ";"), row.error ?? ""
        ]
    }

    static func row(_ f: [String], path: String, line: Int) throws -> ResultRow {
        func value(_ i: Int) throws -> Double? {
            if f[i].isEmpty { return nil }
            guard let v = Double(f[i]) else {
                throw ComparisonError.csvParse(path: path, line: line, reason: "\(columns[i]) '\(f[i])' is not a number")
            }
            return v
        }
        var scores: ImageScores?
        if f[2] == "ok", let mse = try value(5), let psnr = try value(6), let ssim = try value(7),
            let holeMSE = try value(8), let holePSNR = try value(9), let holeL1 = try value(10)
        {
            scores = ImageScores(mse: mse, psnr: psnr, ssim: ssim, holeMSE: holeMSE, holePSNR: holePSNR, holeL1: holeL1)
        }
        let stages = try f[14].split(separator: ";").map { item -> StageTime in
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let seconds = Double(parts[1]) else {
                throw ComparisonError.csvParse(path: path, line: line, reason: "bad stage '\(item)'")
            }
            return StageTime(name: String(parts[0]), seconds: seconds)
        }
        return ResultRow(
            image: f[0], method: f[1], holeFraction: try value(3) ?? 0, scores: scores,
            wallSeconds: try value(11), cpuSeconds: try value(12), threads: Int(f[13]) ?? 1,
            stages: stages, error: f[2] == "ok" ? nil : (f[15].isEmpty ? "failed" : f[15]),
            coreFraction: try value(4))
    }

    /// A number in the shortest form that reads back to the same Double ("" for nil; "inf" for +∞).
    static func number(_ v: Double?) -> String {
        guard let v else { return "" }
        if v == .infinity { return "inf" }
        return "\(v)"
    }
}

/// Writes `data` to `url` through a temporary file and a rename (nothing half-written on error).
func writeAtomically(_ data: Data, to url: URL) throws {
    try AtomicFile.write(data, to: url)
}
