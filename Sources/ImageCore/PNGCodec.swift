// PNG decoding and encoding through libpng, via the CPNGShim C target (libpng reports errors by
// longjmp, which the shim catches with setjmp and turns into a return code and a message).

import CPNGShim
import Foundation

enum PNGCodec {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes a PNG (8/16-bit; grey, grey+alpha, RGB, RGBA, palette; low bit depths expanded to 8).
    /// Samples map linearly: v / 255 or v / 65535 (no gamma handling, like PIL and torchvision).
    static func decode(_ data: Data, path: String) throws -> DecodedPixels {
        if let (width, height) = headerSize(data) { try ImageLimits.check(width: width, height: height, path: path) }
        var info = pngshim_info()
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { raw in
            pngshim_decode(
                raw.bindMemory(to: UInt8.self).baseAddress, data.count, &info, &pixels,
                &message, message.count)
        }
        guard status == 0, let buffer = pixels else {
            throw ImageCoreError.corruptFile(path: path, format: "PNG", reason: String(cString: message))
        }
        defer { pngshim_free(buffer) }
        let count = Int(info.width) * Int(info.height) * Int(info.channels)
        var samples = [Float](repeating: 0, count: count)
        if info.bitDepth == 16 {
            for i in 0..<count {
                let v = UInt16(buffer[2 * i]) << 8 | UInt16(buffer[2 * i + 1])
                samples[i] = Float(v) / 65535
            }
        } else {
            for i in 0..<count { samples[i] = Float(buffer[i]) / 255 }
        }
        var decoded = DecodedPixels(
            width: Int(info.width), height: Int(info.height),
            channels: Int(info.channels), samples: samples)
        if info.fileBitDepth == 16 { decoded.notes.append("16-bit samples scaled linearly to [0, 1]") }
        if info.colorType == 3 { decoded.notes.append("palette expanded to RGB") }
        return decoded
    }

    /// Width and height from the IHDR chunk, which must directly follow the signature (bytes 8–23:
    /// length, "IHDR", big-endian width and height); nil when it is not there (libpng then rejects the file).
    static func headerSize(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(24))
        guard b.count == 24, b[12...15].elementsEqual("IHDR".utf8) else { return nil }
        func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        return (be32(16), be32(20))
    }

    /// Encodes 8-bit interleaved samples (1 = grey, 3 = RGB channels) as PNG bytes.
    static func encode(bytes: [UInt8], width: Int, height: Int, channels: Int, path: String) throws -> Data {
        precondition(channels == 1 || channels == 3, "PNG encoder: channels must be 1 or 3, got \(channels)")
        precondition(
            bytes.count == width * height * channels,
            "PNG encoder: \(bytes.count) bytes for \(width)x\(height)x\(channels)")
        var out: UnsafeMutablePointer<UInt8>? = nil
        var outSize = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = pngshim_encode(
            bytes, Int32(width), Int32(height), Int32(channels), &out, &outSize,
            &message, message.count)
        guard status == 0, let buffer = out else {
            throw ImageCoreError.writeFailed(path: path, reason: "PNG encoding failed: \(String(cString: message))")
        }
        defer { pngshim_free(buffer) }
        return Data(bytes: buffer, count: outSize)
    }
}
