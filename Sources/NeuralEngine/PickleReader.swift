// Bounds-checked cursor over pickle bytes: every read checks what is left and throws `.truncated`.

struct PickleReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw PickleError.truncated(offset: offset, needed: 1) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0 else { throw PickleError.malformed(reason: "negative length \(n)", offset: offset) }
        guard n <= bytes.count - offset else { throw PickleError.truncated(offset: offset, needed: n - (bytes.count - offset)) }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    /// Unsigned little-endian integer of `n` ≤ 8 bytes.
    mutating func unsigned(_ n: Int) throws -> UInt64 {
        let s = try take(n)
        var v: UInt64 = 0
        for (i, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    /// Signed 32-bit little-endian integer.
    mutating func int32() throws -> Int {
        Int(Int32(bitPattern: UInt32(truncatingIfNeeded: try unsigned(4))))
    }

    /// A length field of `n` bytes, checked against the bytes that are left.
    mutating func length(_ n: Int) throws -> Int {
        let at = offset
        let v = try unsigned(n)
        guard v <= UInt64(bytes.count - offset) else {
            throw PickleError.truncated(offset: at, needed: v > UInt64(Int.max) ? Int.max : Int(v))
        }
        return Int(v)
    }

    /// Two's-complement little-endian integer of `n` bytes (LONG1/LONG4); throws when it needs more than 64 bits.
    mutating func long(_ n: Int) throws -> Int {
        let at = offset
        let s = try take(n)
        guard !s.isEmpty else { return 0 }
        let negative = s.last! & 0x80 != 0
        // Bytes beyond the eighth must be pure sign extension.
        for b in s.dropFirst(8) where b != (negative ? 0xFF : 0) {
            throw PickleError.malformed(reason: "integer of \(n) bytes does not fit in 64 bits", offset: at)
        }
        var v: UInt64 = negative ? ~0 : 0
        for (i, b) in s.prefix(8).enumerated() {
            v &= ~(UInt64(0xFF) << (8 * UInt64(i)))
            v |= UInt64(b) << (8 * UInt64(i))
        }
        let result = Int64(bitPattern: v)
        if n > 8, (result < 0) != negative {
            throw PickleError.malformed(reason: "integer of \(n) bytes does not fit in 64 bits", offset: at)
        }
        return Int(result)
    }

    /// A newline-terminated line (text opcodes GLOBAL, PUT, GET, PERSID), without the newline.
    mutating func line() throws -> String {
        guard let end = bytes[offset...].firstIndex(of: 0x0A) else {
            throw PickleError.truncated(offset: bytes.count, needed: 1)
        }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    mutating func utf8(_ n: Int) throws -> String {
        let at = offset
        let s = try take(n)
        guard let string = String(validating: s, as: UTF8.self) else {
            throw PickleError.malformed(reason: "invalid UTF-8 in a string of \(n) bytes", offset: at)
        }
        return string
    }

    /// Python 2 `str` (BINSTRING): decoded as Latin-1, which never fails.
    mutating func latin1(_ n: Int) throws -> String {
        String(String.UnicodeScalarView(try take(n).map { Unicode.Scalar($0) }))
    }
}
