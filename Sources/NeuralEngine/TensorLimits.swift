// The size limits every tensor reader checks before it allocates or indexes (docs/robustness.md).
// A file that claims more is refused with a message naming the tensor and the limit, instead of
// asking the allocator for terabytes or reading outside the bytes it has.

/// Stated limits on tensors read from files (safetensors, torch.save, TorchScript, NPY).
public enum TensorLimits {
    /// Most elements in one tensor: 2²⁸ (1 GiB of Float). The largest tensor of the suite's networks has
    /// about 2.4 M elements (a conv of the width-4 completion network), so this leaves ample room.
    public static let maxElements = 1 << 28
    /// Most dimensions of one tensor.
    public static let maxRank = 8
    /// Most bytes of one raw storage (a zip entry or a legacy storage): 2 GiB.
    public static let maxStorageBytes = 1 << 31

    /// Most elements of all tensors read from one file, and most storage bytes extracted from one archive
    /// (views with zero strides, or many views of one storage, could otherwise claim far more than the file
    /// holds): 2²⁸ elements, 2 GiB.
    public static let maxTotalElements = 1 << 28

    /// The element count of `shape`, or nil when an extent is negative, the rank exceeds `maxRank` or the
    /// product exceeds `maxElements` (computed without overflow).
    public static func elementCount(_ shape: [Int]) -> Int? {
        guard shape.count <= maxRank else { return nil }
        var count = 1
        for e in shape {
            guard e >= 0 else { return nil }
            let (p, overflow) = count.multipliedReportingOverflow(by: e)
            guard !overflow, p <= maxElements else { return nil }
            count = p
        }
        return count
    }

    /// The largest element index a strided view reads, `offset + Σ (extent − 1)·stride`, or nil when it
    /// overflows, a stride is negative or an extent is zero (an empty view reads nothing).
    static func lastIndex(offset: Int, shape: [Int], strides: [Int]) -> Int? {
        guard offset >= 0, shape.count == strides.count else { return nil }
        var last = offset
        for (e, s) in zip(shape, strides) {
            guard e >= 1, s >= 0 else { return nil }
            let (term, o1) = (e - 1).multipliedReportingOverflow(by: s)
            let (sum, o2) = last.addingReportingOverflow(term)
            guard !o1, !o2 else { return nil }
            last = sum
        }
        return last
    }
}

/// What one file's tensors have used of `TensorLimits`' totals.
struct TensorBudget {
    private(set) var elements = 0
    private(set) var storageBytes = 0

    /// Counts a tensor of `count` elements; throws once the file's tensors exceed `maxTotalElements`.
    mutating func spend(elements count: Int, key: String, path: String) throws {
        elements += count  // both ≤ 2²⁸ here, so no overflow
        guard elements <= TensorLimits.maxTotalElements else {
            throw CheckpointError.badFormat(
                path: path, reason: "tensor '\(key)' brings the file's tensors over the limit of \(TensorLimits.maxTotalElements) elements")
        }
    }

    /// Counts `bytes` of storage to extract; throws once the archive's storages exceed `maxStorageBytes`.
    mutating func spend(storageBytes bytes: Int, key: String, path: String) throws {
        storageBytes += bytes  // both ≤ 2³¹ here
        guard storageBytes <= TensorLimits.maxStorageBytes else {
            throw CheckpointError.badFormat(
                path: path, reason: "storage \(key) brings the archive's storages over the limit of \(TensorLimits.maxStorageBytes) bytes")
        }
    }
}
