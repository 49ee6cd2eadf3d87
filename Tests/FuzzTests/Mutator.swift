// Seeded mutations of valid inputs (docs/robustness.md): each mutant depends only on (seed, iteration),
// so a failure at iteration N of a campaign is reproduced by running that iteration alone.

import Foundation
import ImageCore

/// Makes hostile variants of a valid input.
struct Mutator {
    /// Integers that make sizes, offsets, strides and counts hostile.
    static let interesting32: [UInt32] = [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000,
        0xFFFF_FFFF, 0xFFFF_FFFE, 16_385, 20_000, 1 << 20, 1 << 28, 1_000_000_000
    ]
    static let interesting64: [UInt64] = [
        0, 1, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF,
        1 << 32, 1 << 40, 1 << 62, 100_000_000, 1_000_000_000
    ]
    /// Replacements for numbers in text formats (JSON, CSV, NPY headers, partition files).
    static let interestingText = [
        "0", "-1", "1e9", "1000000000", "9223372036854775807", "-9223372036854775808",
        "99999999999999999999", "nan", "inf", "-0", "1.5", "", "2147483648", "65536", "20000"
    ]

    var rng: SplitMix64

    init(seed: UInt64, iteration: Int) {
        rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(iteration))
    }

    /// One to four mutations of `data`.
    mutating func mutate(_ data: [UInt8]) -> [UInt8] {
        var bytes = data
        for _ in 0..<rng.int(in: 1...4) { bytes = mutateOnce(bytes) }
        return bytes
    }

    /// Overwrites the operands of one to three BININT opcodes (0x4A) with hostile 32-bit integers: in the
    /// seeds' pickles these are the sizes, strides, offsets and element counts (every other call; the other
    /// calls mutate anywhere).
    mutating func mutatePickleInts(_ data: [UInt8]) -> [UInt8] {
        let sites = data.indices.dropLast(4).filter { data[$0] == 0x4A }
        guard !sites.isEmpty, rng.int(in: 0...1) == 0 else { return mutate(data) }
        var b = data
        for _ in 0..<rng.int(in: 1...3) {
            let at = sites[rng.int(in: 0...sites.count - 1)] + 1
            let v = Self.interesting32[rng.int(in: 0...Self.interesting32.count - 1)]
            overwrite(&b, at: at, with: withUnsafeBytes(of: v.littleEndian) { Array($0) })
        }
        return b
    }

    /// Mutates a PNG and then recomputes every chunk's CRC where the chunk lengths still fit (every other
    /// call), so that mutants get past libpng's CRC check to the header and pixel decoding.
    mutating func mutatePNG(_ data: [UInt8]) -> [UInt8] {
        var b = mutate(data)
        guard rng.int(in: 0...1) == 0 else { return b }
        var at = 8
        while at + 12 <= b.count {
            let length = Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
            guard length <= b.count - at - 12 else { break }
            let crc = Self.crc32(b[(at + 4)..<(at + 8 + length)])
            overwrite(&b, at: at + 8 + length, with: withUnsafeBytes(of: crc.bigEndian) { Array($0) })
            at += 12 + length
        }
        return b
    }

    static func crc32(_ data: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private mutating func position(_ bytes: [UInt8]) -> Int { bytes.isEmpty ? 0 : rng.int(in: 0...bytes.count - 1) }

    private mutating func mutateOnce(_ input: [UInt8]) -> [UInt8] {
        var b = input
        guard !b.isEmpty else { return [UInt8(rng.int(in: 0...255))] }
        switch rng.int(in: 0...9) {
        case 0:  // flip a bit
            let i = position(b)
            b[i] ^= UInt8(1 << rng.int(in: 0...7))
        case 1:  // random byte
            b[position(b)] = UInt8(rng.int(in: 0...255))
        case 2, 3:  // interesting 32-bit integer, either byte order
            let v = Self.interesting32[rng.int(in: 0...Self.interesting32.count - 1)]
            let raw = rng.int(in: 0...1) == 0 ? v.littleEndian : v.bigEndian
            overwrite(&b, at: position(b), with: withUnsafeBytes(of: raw) { Array($0) })
        case 4:  // interesting 64-bit integer
            let v = Self.interesting64[rng.int(in: 0...Self.interesting64.count - 1)]
            overwrite(&b, at: position(b), with: withUnsafeBytes(of: v.littleEndian) { Array($0) })
        case 5:  // truncate
            b = Array(b.prefix(position(b)))
        case 6:  // delete a range
            let i = position(b)
            b.removeSubrange(i..<min(b.count, i + rng.int(in: 1...64)))
        case 7:  // duplicate a range elsewhere
            let i = position(b), n = rng.int(in: 1...64)
            let chunk = Array(b[i..<min(b.count, i + n)])
            b.insert(contentsOf: chunk, at: position(b))
        default:  // replace a run of digits (text formats) with an interesting number
            b = replaceNumber(b)
        }
        return b
    }

    private func overwrite(_ b: inout [UInt8], at i: Int, with bytes: [UInt8]) {
        for (k, v) in bytes.enumerated() where i + k < b.count { b[i + k] = v }
    }

    private mutating func replaceNumber(_ b: [UInt8]) -> [UInt8] {
        let isDigit = { (c: UInt8) in (0x30...0x39).contains(c) }
        let digits = b.indices.filter { isDigit(b[$0]) && ($0 == 0 || !isDigit(b[$0 - 1])) }
        guard !digits.isEmpty else {
            var out = b
            out[position(b)] = UInt8(rng.int(in: 0...255))
            return out
        }
        let start = digits[rng.int(in: 0...digits.count - 1)]
        var end = start
        while end < b.count, isDigit(b[end]) || b[end] == UInt8(ascii: ".") { end += 1 }
        let text = Self.interestingText[rng.int(in: 0...Self.interestingText.count - 1)]
        return Array(b[..<start]) + Array(text.utf8) + Array(b[end...])
    }
}
