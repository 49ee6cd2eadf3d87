// What the pickled state_dict says about each tensor before its bytes are read: the storage
// (a persistent id) and the view on it (`torch._utils._rebuild_tensor_v2` arguments).

import Foundation

/// A storage named by a persistent id: `('storage', torch.FloatStorage | torch.LongStorage, key, location, numel[, view])`.
final class StorageRef {
    enum Kind {
        case float, long
        var elementSize: Int { self == .float ? 4 : 8 }
    }

    let kind: Kind
    let key: String
    let count: Int

    init(_ pid: PickleValue) throws {
        guard let t = pid.elements, t.count >= 5, t[0] == .string("storage"),
              case let .global(module, name) = t[1], let key = t[2].stringValue, let count = t[4].intValue, count >= 0 else {
            throw PickleError.malformed(reason: "persistent id \(pid) is not a torch storage", offset: 0)
        }
        switch "\(module).\(name)" {
        case "torch.FloatStorage": kind = .float
        case "torch.LongStorage": kind = .long
        default: throw PickleError.forbiddenGlobal("\(module).\(name)")
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

    init(_ args: [PickleValue]) throws {
        guard args.count >= 4, case let .opaque(object) = args[0], let storage = object as? StorageRef,
              let offset = args[1].intValue, let sizes = args[2].elements, let strides = args[3].elements else {
            throw PickleError.malformed(reason: "_rebuild_tensor_v2 called with \(args.count) unexpected arguments", offset: 0)
        }
        let shape = sizes.compactMap(\.intValue)
        let steps = strides.compactMap(\.intValue)
        guard shape.count == sizes.count, steps.count == strides.count, shape.count == steps.count,
              offset >= 0, shape.allSatisfy({ $0 >= 0 && $0 < 1 << 40 }), steps.allSatisfy({ $0 >= 0 }) else {
            throw PickleError.malformed(reason: "bad tensor view: offset \(args[1]), size \(args[2]), stride \(args[3])", offset: 0)
        }
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.strides = steps
    }

    /// The tensor's elements gathered from the raw little-endian storage bytes.
    func tensor(from raw: Data, key: String, path: String) throws -> Tensor {
        let available = min(storage.count, raw.count / storage.kind.elementSize)
        var count = 1
        var last = offset
        for (e, s) in zip(shape, strides) {
            let (p, overflow) = count.multipliedReportingOverflow(by: e)
            guard !overflow, p < 1 << 40 else { throw CheckpointError.badFormat(path: path, reason: "tensor '\(key)' is too large: \(shape)") }
            count = p
            last += max(e - 1, 0) * s
        }
        if count > 0, last >= available {
            throw CheckpointError.truncated(path: path, reason: "tensor '\(key)' reads element \(last) of a storage with \(available)")
        }
        var out = [Float](repeating: 0, count: count)
        let kind = storage.kind
        raw.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
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
