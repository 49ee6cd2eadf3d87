// A small writer of pickle streams (protocol 2 opcodes), for making the fuzzers' seed checkpoints and
// archives: torch.save state_dicts (zip and legacy) and TorchScript-like module trees.

import Foundation

/// Appends pickle opcodes to a byte buffer.
struct PickleBuilder {
    var bytes: [UInt8] = [0x80, 0x02]  // PROTO 2

    mutating func mark() { bytes.append(0x28) }
    mutating func stop() { bytes.append(0x2E) }
    mutating func tuple() { bytes.append(0x74) }
    mutating func emptyTuple() { bytes.append(0x29) }
    mutating func emptyDict() { bytes.append(0x7D) }
    mutating func emptyList() { bytes.append(0x5D) }
    mutating func setItems() { bytes.append(0x75) }
    mutating func appends() { bytes.append(0x65) }
    mutating func reduce() { bytes.append(0x52) }
    mutating func newObj() { bytes.append(0x81) }
    mutating func build() { bytes.append(0x62) }
    mutating func binPersId() { bytes.append(0x51) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 0x88 : 0x89) }

    mutating func global(_ module: String, _ name: String) {
        bytes.append(0x63)
        bytes += Array("\(module)\n\(name)\n".utf8)
    }

    /// BININT (4-byte little-endian, which the mutator's integer overwrites hit easily), or LONG1 with
    /// 8 bytes for values beyond 32 bits.
    mutating func int(_ v: Int) {
        if let small = Int32(exactly: v) {
            bytes.append(0x4A)
            withUnsafeBytes(of: small.littleEndian) { bytes += $0 }
        } else {
            bytes += [0x8A, 8]
            withUnsafeBytes(of: Int64(v).littleEndian) { bytes += $0 }
        }
    }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        if utf8.count < 256 {
            bytes += [0x8C, UInt8(utf8.count)]
        } else {
            bytes.append(0x58)
            withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { bytes += $0 }
        }
        bytes += utf8
    }

    mutating func intTuple(_ values: [Int]) {
        mark()
        for v in values { int(v) }
        tuple()
    }

    mutating func intList(_ values: [Int]) {
        emptyList()
        mark()
        for v in values { int(v) }
        appends()
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())` on float storage `key` of
    /// `numel` elements.
    mutating func tensor(storage key: String, numel: Int, offset: Int, shape: [Int], strides: [Int]) {
        global("torch._utils", "_rebuild_tensor_v2")
        mark()
        mark()
        string("storage")
        global("torch", "FloatStorage")
        string(key)
        string("cpu")
        int(numel)
        tuple()
        binPersId()
        int(offset)
        intTuple(shape)
        intTuple(strides)
        bool(false)
        global("collections", "OrderedDict")
        emptyTuple()
        reduce()
        tuple()
        reduce()
    }

    /// Contiguous strides of `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        return strides
    }
}

/// Little-endian float32 bytes.
func floatBytes(_ values: [Float]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(values.count * 4)
    for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
    return out
}
