// A tiny, independent PNG writer for the tests: stored (uncompressed) zlib blocks, any colour type and
// bit depth, so the decoder is checked against bytes it did not produce itself.

import Foundation

enum TestPNGBuilder {
    /// PNG bytes for `rows` (each row: the raw scanline without the filter byte).
    static func png(
        width: Int, height: Int, bitDepth: UInt8, colourType: UInt8, rows: [[UInt8]],
        palette: [UInt8]? = nil, transparency: [UInt8]? = nil
    ) -> Data {
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian: UInt32(width))
        header.append(bigEndian: UInt32(height))
        header.append(contentsOf: [bitDepth, colourType, 0, 0, 0])
        out.append(chunk("IHDR", header))
        if let palette { out.append(chunk("PLTE", Data(palette))) }
        if let transparency { out.append(chunk("tRNS", Data(transparency))) }
        var raw = [UInt8]()
        for row in rows { raw.append(0); raw.append(contentsOf: row) }
        out.append(chunk("IDAT", zlibStored(raw)))
        out.append(chunk("IEND", Data()))
        return out
    }

    static func chunk(_ type: String, _ body: Data) -> Data {
        var c = Data()
        c.append(bigEndian: UInt32(body.count))
        let typed = Data(type.utf8) + body
        c.append(typed)
        c.append(bigEndian: crc32(typed))
        return c
    }

    static func zlibStored(_ bytes: [UInt8]) -> Data {
        var z = Data([0x78, 0x01])
        var offset = 0
        repeat {
            let n = min(65535, bytes.count - offset)
            let last: UInt8 = offset + n == bytes.count ? 1 : 0
            z.append(last)
            z.append(contentsOf: [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)])
            z.append(contentsOf: bytes[offset..<offset + n])
            offset += n
        } while offset < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        z.append(bigEndian: b << 16 | a)
        return z
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension Data {
    mutating func append(bigEndian value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}

/// A fresh temporary folder for one test, removed by the caller's `defer`.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecore-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
