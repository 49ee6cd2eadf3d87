// Named parameter and buffer tensors in a fixed order: the in-memory form of a PyTorch state_dict
// and of a safetensors file.

/// An ordered map from parameter name (`conv1.weight`, `bn1.running_mean`, …) to tensor.
///
/// Keys keep their insertion order, as PyTorch's `OrderedDict` does; integer buffers
/// (`num_batches_tracked`) are held as Float and remembered in `integerKeys` so that writers can
/// store them as int64 again.
public struct StateDict: Sendable, Equatable {
    /// Keys in insertion order.
    public private(set) var keys: [String] = []
    /// Keys whose tensors hold integers (stored as I64 by the safetensors writer).
    public var integerKeys: Set<String> = []
    private var tensors: [String: Tensor] = [:]

    /// Creates an empty state dict.
    public init() {}

    /// Number of entries.
    public var count: Int { keys.count }

    /// The tensor stored under `key`; assigning a new key appends it, assigning nil removes it.
    public subscript(key: String) -> Tensor? {
        get { tensors[key] }
        set {
            if let t = newValue {
                if tensors.updateValue(t, forKey: key) == nil { keys.append(key) }
            } else if tensors.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
                integerKeys.remove(key)
            }
        }
    }

    /// The tensor under `key`, checked for presence, shape and finiteness.
    /// - Throws: `CheckpointError.missingKey`, `.shapeMismatch` or `.nonFinite`.
    public func tensor(_ key: String, shape: [Int]) throws -> Tensor {
        guard let t = tensors[key] else { throw CheckpointError.missingKey(key) }
        guard t.shape == shape else { throw CheckpointError.shapeMismatch(key: key, expected: shape, found: t.shape) }
        if let i = t.data.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointError.nonFinite(key: key, index: i, value: t.data[i])
        }
        return t
    }

    /// A copy whose keys lose a leading `prefix` (e.g. `module.` from `nn.DataParallel`).
    public func strippingPrefix(_ prefix: String) -> StateDict {
        var out = StateDict()
        for k in keys {
            let name = k.hasPrefix(prefix) ? String(k.dropFirst(prefix.count)) : k
            out[name] = tensors[k]
            if integerKeys.contains(k) { out.integerKeys.insert(name) }
        }
        return out
    }

    /// The entries whose keys start with `prefix`, with the prefix removed (`model_ld.` → a sub-network).
    public func subdict(prefix: String) -> StateDict {
        var out = StateDict()
        for k in keys where k.hasPrefix(prefix) {
            let name = String(k.dropFirst(prefix.count))
            out[name] = tensors[k]
            if integerKeys.contains(k) { out.integerKeys.insert(name) }
        }
        return out
    }

    /// Adds every entry of `other` under `prefix + key`, in `other`'s order.
    public mutating func merge(_ other: StateDict, prefix: String = "") {
        for k in other.keys {
            self[prefix + k] = other[k]
            if other.integerKeys.contains(k) { integerKeys.insert(prefix + k) }
        }
    }

    /// Checks that the keys are exactly `expected`, allowing `optional` ones to be absent.
    /// - Throws: `CheckpointError.missingKey` or `.unexpectedKey` naming the first offender.
    public func checkKeys(expected: [String], optional: Set<String> = []) throws {
        let expectedSet = Set(expected)
        if let extra = keys.first(where: { !expectedSet.contains($0) }) {
            throw CheckpointError.unexpectedKey(extra)
        }
        if let missing = expected.first(where: { tensors[$0] == nil && !optional.contains($0) }) {
            throw CheckpointError.missingKey(missing)
        }
    }
}
