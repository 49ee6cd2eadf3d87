import Foundation

/// Errors reading NumPy `.npy` files.
public enum NPYError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case badFormat(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .badFormat(path, reason): return "\(path) is not a supported .npy file: \(reason)"
        }
    }
}

/// Reader for NumPy `.npy` files (format 1.0–3.0) holding little-endian float32, float64 or uint8 arrays
/// in C order, used for the PyTorch reference vectors in ../shared/reference; and writer of float32 arrays
/// (format 1.0), used for the FID feature files of a run folder. The one home of the format in the suite.
public enum NPY {
    /// Encodes `values` as a little-endian float32 array of `shape` in C order (format 1.0, header padded
    /// to a multiple of 64 bytes as NumPy writes it).
    public static func encode(float32 values: [Float], shape: [Int]) -> Data {
        precondition(values.count == shape.reduce(1, *), "NPY.encode: \(values.count) values for shape \(shape)")
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { buffer in
            for v in buffer {
                let bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Reads an array, converting its elements to Float.
    public static func read(_ path: String) throws -> Tensor {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw NPYError.unreadable(path: path, reason: "no such file or not readable")
        }
        return try decode([UInt8](bytes), path: path)
    }

    /// Decodes the bytes of a `.npy` file.
    public static func decode(_ b: [UInt8], path: String = "<memory>") throws -> Tensor {
        guard b.count >= 10, b[0] == 0x93, String(decoding: b[1..<6], as: UTF8.self) == "NUMPY" else {
            throw NPYError.badFormat(path: path, reason: "missing magic")
        }
        let major = b[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(b[8]) | Int(b[9]) << 8
            headerStart = 10
        } else {
            guard b.count >= 12 else { throw NPYError.badFormat(path: path, reason: "truncated header") }
            headerLength = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
            headerStart = 12
        }
        guard headerStart + headerLength <= b.count else { throw NPYError.badFormat(path: path, reason: "truncated header") }
        let header = String(decoding: b[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else {
            throw NPYError.badFormat(path: path, reason: "Fortran order is not supported")
        }
        let descr = try field("descr", in: header, path: path)
        let shape = try parseShape(header, path: path)
        guard let n = TensorLimits.elementCount(shape) else {
            throw NPYError.badFormat(
                path: path,
                reason:
                    "shape \(shape) has a negative extent, more than \(TensorLimits.maxRank) dimensions or more than \(TensorLimits.maxElements) elements"
            )
        }
        let payload = headerStart + headerLength
        let elementSize: Int
        switch descr {
        case "<f4": elementSize = 4
        case "<f8": elementSize = 8
        case "|u1", "<u1": elementSize = 1
        default: throw NPYError.badFormat(path: path, reason: "dtype \(descr) not supported")
        }
        guard b.count - payload >= n * elementSize else {  // n ≤ 2²⁸, so no overflow
            throw NPYError.badFormat(path: path, reason: "truncated data: \(b.count - payload) bytes for \(n) elements")
        }
        var out = [Float](repeating: 0, count: n)
        b.withUnsafeBytes { raw in
            let base = raw.baseAddress! + payload
            for i in 0..<n {
                switch elementSize {
                case 4: out[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                case 8: out[i] = Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))))
                default: out[i] = Float(base.load(fromByteOffset: i, as: UInt8.self))
                }
            }
        }
        return Tensor(shape: shape, data: out)
    }

    private static func field(_ name: String, in header: String, path: String) throws -> String {
        guard let r = header.range(of: "'\(name)': '") else { throw NPYError.badFormat(path: path, reason: "no \(name)") }
        let rest = header[r.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { throw NPYError.badFormat(path: path, reason: "bad \(name)") }
        return String(rest[..<end])
    }

    private static func parseShape(_ header: String, path: String) throws -> [Int] {
        guard let r = header.range(of: "'shape': ("), let end = header[r.upperBound...].firstIndex(of: ")") else {
            throw NPYError.badFormat(path: path, reason: "no shape")
        }
        let inner = header[r.upperBound..<end]
        return try inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            guard let v = Int($0) else { throw NPYError.badFormat(path: path, reason: "bad shape \(inner)") }
            return v
        }
    }
}
