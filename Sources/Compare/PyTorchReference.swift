import ArgumentParser
import Foundation

/// PyTorch timings measured by tools/pytorch_bench.py on the same machine (JSON), read by `compare bench
/// iizuka|train --pytorch FILE` to print ratios measured side by side instead of stale constants.
struct PyTorchReference: Decodable {
    /// Median and best seconds of one workload in one precision.
    struct Timing: Decodable {
        let medianSeconds: Double
        let bestSeconds: Double?
        enum CodingKeys: String, CodingKey {
            case medianSeconds = "median_s"
            case bestSeconds = "best_s"
        }
    }
    struct Inference: Decodable {
        let batch: Int
        let side: Int
        let f32: Timing?
        let bf16: Timing?
    }
    struct Training: Decodable {
        let phase: Int
        let batch: Int
        let size: Int
        let localSize: Int
        let f32: Timing?
        let bf16: Timing?
        enum CodingKeys: String, CodingKey {
            case phase, batch, size, f32, bf16
            case localSize = "local_size"
        }
    }

    let torchVersion: String
    let threads: Int
    let measuredAt: String?
    let inference: [Inference]
    let training: [Training]
    enum CodingKeys: String, CodingKey {
        case threads, inference, training
        case torchVersion = "torch_version"
        case measuredAt = "measured_at"
    }

    /// Reads `path`, or throws a ValidationError that names the file and what is wrong.
    static func load(_ path: String) throws -> PyTorchReference {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--pytorch \(path): cannot read the file (make it with tools/pytorch_bench.py)")
        }
        do { return try JSONDecoder().decode(PyTorchReference.self, from: data) } catch {
            throw ValidationError("--pytorch \(path): not a tools/pytorch_bench.py result (\(error))")
        }
    }

    /// One line saying where the reference comes from.
    var summary: String {
        "PyTorch \(torchVersion), \(threads) threads" + (measuredAt.map { ", measured \($0)" } ?? "")
    }

    func inference(batch: Int, side: Int) -> Inference? { inference.first { $0.batch == batch && $0.side == side } }

    func training(phase: Int, batch: Int, size: Int, localSize: Int) -> Training? {
        training.first { $0.phase == phase && $0.batch == batch && $0.size == size && $0.localSize == localSize }
    }
}

/// "1.23×" (PyTorch's time over ours: above 1 = faster than PyTorch), or "–" without a PyTorch figure.
func speedRatio(pytorch: Double?, ours: Double) -> String {
    guard let pytorch, ours > 0 else { return "–" }
    return String(format: "%.2f×", pytorch / ours)
}

/// "0.123 s", or "–".
func seconds(_ value: Double?) -> String {
    value.map { String(format: "%.3f s", $0) } ?? "–"
}
