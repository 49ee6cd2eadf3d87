// What the pickled state_dict says about each tensor before its bytes are read: the storage
// (a persistent id) and the view on it (`torch._utils._rebuild_tensor_v2` arguments). Every number here
// comes from the file, so each is checked against TensorLimits and the storage's real length before any
// allocation or read (docs/robustness.md).

import Foundation

/// A storage named by a persistent id: `('storage', torch.FloatStorage | torch.LongStorage, key, location, numel[, view])`.
final class StorageRef {
    enum Kind {
        case float, long
        var elementSize: Int { self == .float ? 4 : 8 }
    }

    let kind: Kind
    let key: String
    /// The element count the persistent id claims (at most `TensorLimits.maxStorageBytes / elementSize`).
    let count: Int

    /// Bytes of the storage as claimed (cannot overflow: `count` is bounded).
    var byteCount: Int { count * kind.elementSize }

    init(_ pid: PickleValue) throws {
        guard let t = pid.elements, t.count >= 5, t[0] == .string("storage"),
            case let .global(module, name) = t[1], let key = t[2].stringValue, let count = t[4].intValue, count >= 0
        else {
            throw PickleError.malformed(reason: "persistent id \(pid) is not a torch storage", offset: 0)
        }
        switch "\(module).\(name)" {
        case "torch.FloatStorage": kind = .float
        case "torch.LongStorage": kind = .long
        default: throw PickleError.forbiddenGlobal("\(module).\(name)")
        }
        guard count <= TensorLimits.maxStorageBytes / kind.elementSize else {
            throw PickleError.malformed(
                reason: "storage \(key) claims \(count) elements, more than the limit of \(TensorLimits.maxStorageBytes) bytes", offset: 0)
        }
        self.key = key
        self.count = count
    }
}

/// A strided view on a storage: `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`.
final class TensorRef {
    let storage: StorageRef
    let offset: Int
    let shape: [Int]
    let strides: [Int]
    /// Elements of the view (≤ `TensorLimits.maxElements`).
    let count: Int
    /// One past the largest storage element the view reads (0 for an empty view); ≤ the claimed storage.
    let extent: Int

    init(_ args: [PickleValue]) throws {
        guard args.count >= 4, case let .opaque(object) = args[0], let storage = object as? StorageRef,
            let offset = args[1].intValue, let sizes = args[2].elements, let strides = args[3].elements
        else {
            throw PickleError.malformed(reason: "_rebuild_tensor_v2 called with \(args.count) unexpected arguments", offset: 0)
        }
        let shape = sizes.compactMap(\.intValue)
        let steps = strides.compactMap(\.intValue)
        func bad(_ why: String) -> PickleError {
            .malformed(reason: "bad tensor view (\(why)): offset \(args[1]), size \(args[2]), stride \(args[3])", offset: 0)
        }
        guard shape.count == sizes.count, steps.count == strides.count, shape.count == steps.count else {
            throw bad("sizes and strides are not lists of ints of one length")
        }
        guard offset >= 0, steps.allSatisfy({ $0 >= 0 }) else { throw bad("negative offset or stride") }
        guard let count = TensorLimits.elementCount(shape) else {
            throw bad("a negative extent, more than \(TensorLimits.maxRank) dimensions or more than \(TensorLimits.maxElements) elements")
        }
        var extent = 0
        if count > 0 {
            guard let last = TensorLimits.lastIndex(offset: offset, shape: shape, strides: steps), last < storage.count else {
                throw bad("reads past the \(storage.count) elements of storage \(storage.key)")
            }
            extent = last + 1
        }
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.strides = steps
        self.count = count
        self.extent = extent
    }

    /// The tensor's elements gathered from the raw little-endian storage bytes.
    func tensor(from raw: Data, key: String, path: String) throws -> Tensor {
        let available = min(storage.count, raw.count / storage.kind.elementSize)
        guard extent <= available else {
            throw CheckpointError.truncated(
                path: path, reason: "tensor '\(key)' reads element \(extent - 1) of a storage with \(available)")
        }
        var out = [Float](repeating: 0, count: count)
        guard count > 0 else { return Tensor(shape: shape, data: out) }
        let kind = storage.kind
        raw.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            // Every index `at` below is offset + Σ index[d]·strides[d] ≤ extent − 1 < available (checked above
            // and in init, without overflow), so each load lies inside `raw`.
            var index = [Int](repeating: 0, count: shape.count)
            for i in 0..<count {
                var at = offset
                for d in 0..<shape.count { at += index[d] * strides[d] }
                switch kind {
                case .float: out[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * at, as: UInt32.self)))
                case .long: out[i] = Float(Int64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * at, as: Int64.self)))
                }
                var d = shape.count - 1
                while d >= 0 {
                    index[d] += 1
                    if index[d] < shape[d] { break }
                    index[d] = 0
                    d -= 1
                }
            }
        }
        return Tensor(shape: shape, data: out)
    }
}
