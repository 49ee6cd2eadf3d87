// Hugging Face safetensors: an 8-byte little-endian header length N, N bytes of JSON
// (`{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, …, "__metadata__": {…}}`,
// offsets relative to the byte buffer that follows the header), then raw little-endian tensor data.
// Spec: https://github.com/huggingface/safetensors (format section).

import Foundation

/// Reader and writer of the safetensors format (the suite's native checkpoint format).
public enum SafeTensors {
    /// Element type used when writing floating-point tensors.
    public enum Storage: Sendable {
        /// 32-bit IEEE floats (exact).
        case f32
        /// 16-bit IEEE floats (half the size; values rounded to nearest).
        case f16
    }

    /// Largest header accepted, as the reference implementation (100 MB).
    static let maxHeaderLength = 100_000_000

    /// Reads a safetensors file. F16, BF16, F64 and I64 tensors are converted to Float.
    public static func read(path: String) throws -> Checkpoint {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CheckpointError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// Writes `checkpoint` atomically (temporary file, then rename): no partial file is ever left.
    public static func write(_ checkpoint: Checkpoint, to path: String, storage: Storage = .f32) throws {
        let data = encode(checkpoint, storage: storage)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CheckpointError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// The bytes of a safetensors file holding `checkpoint`, tensors in its key order.
    public static func encode(_ checkpoint: Checkpoint, storage: Storage = .f32) -> Data {
        let dict = checkpoint.tensors
        var entries: [String] = []
        var offset = 0
        var kinds: [DType] = []
        for key in dict.keys {
            let t = dict[key]!
            let kind: DType = dict.integerKeys.contains(key) ? .i64 : (storage == .f16 ? .f16 : .f32)
            kinds.append(kind)
            let size = t.count * kind.size
            entries.append(
                "\(jsonString(key)):{\"dtype\":\"\(kind.rawValue)\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + size)]}"
            )
            offset += size
        }
        if !checkpoint.metadata.isEmpty {
            let meta = checkpoint.metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(checkpoint.metadata[$0]!))" }
            entries.insert("\"__metadata__\":{\(meta.joined(separator: ","))}", at: 0)
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var out = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for (key, kind) in zip(dict.keys, kinds) {
            appendTensor(dict[key]!.data, as: kind, to: &out)
        }
        return out
    }

    /// Decodes the bytes of a safetensors file.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> Checkpoint {
        guard data.count >= 8 else {
            throw CheckpointError.truncated(path: path, reason: "\(data.count) bytes, less than the 8-byte header length")
        }
        let n = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard n <= UInt64(maxHeaderLength) else {
            throw CheckpointError.badFormat(path: path, reason: "header length \(n) exceeds \(maxHeaderLength)")
        }
        let headerLength = Int(n)
        guard data.count >= 8 + headerLength else {
            throw CheckpointError.truncated(path: path, reason: "header of \(headerLength) bytes but the file has \(data.count)")
        }
        let start = data.startIndex
        let headerBytes = data.subdata(in: (start + 8)..<(start + 8 + headerLength))
        guard let root = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any] else {
            throw CheckpointError.badFormat(path: path, reason: "header is not a JSON object")
        }
        let metadata = try parseMetadata(root["__metadata__"], path: path)
        let bufferStart = 8 + headerLength
        let bufferLength = data.count - bufferStart
        var infos: [(key: String, info: TensorInfo)] = []
        for (key, value) in root where key != "__metadata__" {
            infos.append((key, try TensorInfo(key: key, json: value, path: path, bufferLength: bufferLength)))
        }
        infos.sort { $0.info.begin < $1.info.begin }
        var dict = StateDict()
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress! + bufferStart
            for (key, info) in infos {
                dict[key] = Tensor(shape: info.shape, data: readElements(base + info.begin, count: info.count, as: info.dtype))
                if info.dtype == .i64 { dict.integerKeys.insert(key) }
            }
        }
        return Checkpoint(tensors: dict, metadata: metadata)
    }

    // MARK: - Header parsing

    private static func parseMetadata(_ value: Any?, path: String) throws -> [String: String] {
        guard let value else { return [:] }
        guard let map = value as? [String: Any] else {
            throw CheckpointError.badFormat(path: path, reason: "__metadata__ is not an object")
        }
        var out: [String: String] = [:]
        for (k, v) in map {
            guard let s = v as? String else {
                throw CheckpointError.badFormat(path: path, reason: "__metadata__ value for '\(k)' is not a string")
            }
            out[k] = s
        }
        return out
    }

    /// One tensor's header entry, validated against the data buffer.
    private struct TensorInfo {
        let dtype: DType
        let shape: [Int]
        let begin: Int
        let count: Int

        init(key: String, json: Any, path: String, bufferLength: Int) throws {
            guard let obj = json as? [String: Any], let dtypeName = obj["dtype"] as? String,
                let shapeAny = obj["shape"] as? [Any], let offsetsAny = obj["data_offsets"] as? [Any]
            else {
                throw CheckpointError.badFormat(path: path, reason: "header entry '\(key)' lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else { throw CheckpointError.unsupportedDType(key: key, dtype: dtypeName) }
            let shape = try shapeAny.map { v -> Int in
                guard let i = v as? Int, i >= 0 else {
                    throw CheckpointError.badFormat(path: path, reason: "tensor '\(key)' has a bad extent \(v)")
                }
                return i
            }
            guard let count = TensorLimits.elementCount(shape) else {
                throw CheckpointError.badFormat(
                    path: path,
                    reason:
                        "tensor '\(key)' of shape \(shape) has more than \(TensorLimits.maxRank) dimensions or more than \(TensorLimits.maxElements) elements"
                )
            }
            guard offsetsAny.count == 2, let begin = offsetsAny[0] as? Int, let end = offsetsAny[1] as? Int,
                begin >= 0, end >= begin
            else {
                throw CheckpointError.badFormat(path: path, reason: "tensor '\(key)' has bad data_offsets \(offsetsAny)")
            }
            guard end - begin == count * dtype.size else {  // count ≤ 2²⁸: no overflow
                throw CheckpointError.badFormat(
                    path: path,
                    reason:
                        "tensor '\(key)' of shape \(shape) (\(dtypeName)) needs \(count * dtype.size) bytes but its data_offsets span \(end - begin)"
                )
            }
            guard end <= bufferLength else {
                throw CheckpointError.truncated(
                    path: path, reason: "tensor '\(key)' ends at byte \(end) of a \(bufferLength)-byte data buffer")
            }
            self.dtype = dtype
            self.shape = shape
            self.begin = begin
            self.count = count
        }
    }

    // MARK: - Element conversion

    enum DType: String {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64", i64 = "I64"

        var size: Int {
            switch self {
            case .f32: return 4
            case .f16, .bf16: return 2
            case .f64, .i64: return 8
            }
        }
    }

    private static func readElements(_ p: UnsafeRawPointer, count: Int, as dtype: DType) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buf, initialized in
            for i in 0..<count {
                switch dtype {
                case .f32: buf[i] = Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                case .f16: buf[i] = Float(halfBits: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                case .bf16:
                    buf[i] = Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                case .f64: buf[i] = Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                case .i64: buf[i] = Float(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                }
            }
            initialized = count
        }
    }

    private static func appendTensor(_ values: [Float], as dtype: DType, to out: inout Data) {
        var bytes = [UInt8](repeating: 0, count: values.count * dtype.size)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                switch dtype {
                case .f32: raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                case .f16: raw.storeBytes(of: v.halfBits.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                case .i64: raw.storeBytes(of: Int64(v).littleEndian, toByteOffset: 8 * i, as: Int64.self)
                case .bf16, .f64: preconditionFailure("SafeTensors: writing \(dtype) is not supported")
                }
            }
        }
        out.append(contentsOf: bytes)
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
