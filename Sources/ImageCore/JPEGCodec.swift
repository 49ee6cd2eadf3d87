// JPEG decoding through libturbojpeg (TurboJPEG 2.x API: tjDecompressHeader3 / tjDecompress2).
// Default flags: accurate integer DCT and fancy upsampling, as libjpeg (and hence PIL) decode by default.

import CTurboJPEG
import Foundation

enum JPEGCodec {
    /// The first three bytes of every JPEG file (SOI marker, then the start of the next marker).
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// Decodes a JPEG to RGB (grey JPEGs are replicated). A truncated file throws; other libjpeg
    /// warnings (e.g. extraneous bytes) keep the image and are reported in `notes`.
    static func decode(_ data: Data, path: String) throws -> DecodedPixels {
        guard let handle = tjInitDecompress() else {
            throw ImageCoreError.corruptFile(path: path, format: "JPEG", reason: "cannot initialise libturbojpeg")
        }
        defer { tjDestroy(handle) }
        func failure() -> ImageCoreError {
            .corruptFile(path: path, format: "JPEG", reason: String(cString: tjGetErrorStr2(handle)))
        }
        return try data.withUnsafeBytes { raw -> DecodedPixels in
            let src = raw.bindMemory(to: UInt8.self).baseAddress
            var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colourspace: Int32 = 0
            guard tjDecompressHeader3(handle, src, UInt(data.count), &width, &height, &subsampling, &colourspace) == 0
            else { throw failure() }
            guard width > 0, height > 0 else {
                throw ImageCoreError.corruptFile(path: path, format: "JPEG", reason: "bad size \(width)x\(height)")
            }
            try ImageLimits.check(width: Int(width), height: Int(height), path: path)
            if colourspace == Int32(TJCS_CMYK.rawValue) || colourspace == Int32(TJCS_YCCK.rawValue) {
                throw ImageCoreError.unsupportedImage(path: path, reason: "CMYK JPEG; convert it to RGB first")
            }
            var bytes = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
            var notes: [String] = []
            if colourspace == Int32(TJCS_GRAY.rawValue) { notes.append("grey image replicated to RGB") }
            let status = tjDecompress2(
                handle, src, UInt(data.count), &bytes, width, 0, height,
                Int32(TJPF_RGB.rawValue), 0)
            if status != 0 {
                let message = String(cString: tjGetErrorStr2(handle))
                let isWarning = tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue)
                if !isWarning || message.localizedCaseInsensitiveContains("premature end") { throw failure() }
                notes.append("JPEG decoder warning: \(message)")
            }
            var decoded = DecodedPixels(
                width: Int(width), height: Int(height), channels: 3,
                samples: bytes.map { Float($0) / 255 })
            decoded.notes = notes
            return decoded
        }
    }
}

extension JPEGCodec {
    /// Encodes an RGB image as a JPEG (4:4:4, or a one-component grey JPEG; `quality` 1...100). Used by the
    /// tests to make JPEG bytes; the suite itself writes only PNGs.
    static func encode(_ image: Image, quality: Int, grey: Bool = false) throws -> Data {
        precondition(image.channels == 3, "JPEG encoder: 3 channels expected, got \(image.channels)")
        guard let handle = tjInitCompress() else {
            throw ImageCoreError.writeFailed(path: "<memory>", reason: "cannot initialise libturbojpeg")
        }
        defer { tjDestroy(handle) }
        let bytes = image.interleavedBytes()
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = tjCompress2(
            handle, bytes, Int32(image.width), 0, Int32(image.height), Int32(TJPF_RGB.rawValue),
            &out, &size, Int32((grey ? TJSAMP_GRAY : TJSAMP_444).rawValue), Int32(quality), 0)
        defer { if let out { tjFree(out) } }
        guard status == 0, let out else {
            throw ImageCoreError.writeFailed(path: "<memory>", reason: String(cString: tjGetErrorStr2(handle)))
        }
        return Data(bytes: out, count: Int(size))
    }
}
