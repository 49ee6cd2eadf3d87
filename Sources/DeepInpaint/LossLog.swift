// RUN_DIR/losses.csv: one row per step. Rows are appended and flushed every step and the file is
// fsync'ed at each checkpoint; on resume, rows past the checkpoint's step are dropped (the file is
// rewritten atomically) so that the log equals the one an uninterrupted run writes.
import Foundation
import ImageCore

/// The losses of one training step (NaN where a loss does not exist in that phase).
public struct StepLosses: Equatable, Sendable {
    /// Global step, 1-based (the number of optimiser rounds done after it).
    public var step: Int
    /// The step's phase.
    public var phase: TrainingPhase
    /// Completion loss L_mse (phases 1 and 3; also reported in phase 2 for the frozen network).
    public var mse: Float = .nan
    /// Discriminator loss (BCE(D(fake),0) + BCE(D(real),1))/2, before α (phases 2 and 3).
    public var discriminator: Float = .nan
    /// The generator's adversarial loss BCE(D(C(x)), 1) (phase 3).
    public var adversarial: Float = .nan
    /// The completion network's total loss (L_mse + α·adversarial)/2 in phase 3, L_mse in phase 1.
    public var completionTotal: Float = .nan

    public init(step: Int, phase: TrainingPhase) {
        self.step = step
        self.phase = phase
    }

    static let header = "step,phase,mse,discriminator,adversarial,completion_total"

    var csvRow: String {
        func f(_ v: Float) -> String { v.isNaN ? "" : String(v) }
        return "\(step),\(phase.rawValue),\(f(mse)),\(f(discriminator)),\(f(adversarial)),\(f(completionTotal))"
    }

    init?(csvRow: Substring) {
        let f = csvRow.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count == 6, let step = Int(f[0]), let p = Int(f[1]), let phase = TrainingPhase(rawValue: p) else { return nil }
        self.init(step: step, phase: phase)
        func v(_ s: Substring) -> Float { s.isEmpty ? .nan : Float(s) ?? .nan }
        mse = v(f[2]); discriminator = v(f[3]); adversarial = v(f[4]); completionTotal = v(f[5])
    }
}

/// The per-step loss log of a run.
public final class LossLog {
    /// The CSV file.
    public let url: URL
    private var handle: FileHandle

    /// Opens the log; rows with a step above `keepingThrough` are removed first (all rows when 0 or no file).
    public init(url: URL, keepingThrough lastStep: Int) throws {
        self.url = url
        var kept = [StepLosses.header]
        if lastStep > 0, let text = try? String(contentsOf: url, encoding: .utf8) {
            for line in text.split(separator: "\n").dropFirst() {
                if let row = StepLosses(csvRow: line), row.step <= lastStep { kept.append(String(line)) }
            }
        }
        try AtomicFile.write(Data((kept.joined(separator: "\n") + "\n").utf8), to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    /// Appends one row (written through to the OS at once).
    public func append(_ losses: StepLosses) throws {
        try handle.write(contentsOf: Data((losses.csvRow + "\n").utf8))
    }

    /// Forces the rows to disk (at checkpoints).
    public func synchronize() throws { try handle.synchronize() }

    /// Reads every row of a log.
    public static func read(_ url: URL) throws -> [StepLosses] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { StepLosses(csvRow: $0) }
    }

    deinit { try? handle.close() }
}
