// Reading and writing image files: the format is told by the file's first bytes, never by its
// extension; every write is atomic (AtomicFile).

import Foundation

/// A file format ImageCore reads.
public enum ImageFormat: String, Sendable {
    case png = "PNG"
    case jpeg = "JPEG"

    /// The format whose signature starts `data` (or, for data shorter than a signature, whose signature
    /// starts with `data`, so that a truncated file reads as a corrupt one), or nil.
    public static func detect(_ data: Data) -> ImageFormat? {
        func matches(_ signature: [UInt8]) -> Bool {
            data.count >= signature.count ? data.starts(with: signature) : (!data.isEmpty && signature.starts(with: data))
        }
        if matches(PNGCodec.signature) { return .png }
        if matches(JPEGCodec.signature) { return .jpeg }
        return nil
    }
}

/// An image read from a file, with what the loader changed on the way.
public struct LoadedImage: Sendable {
    /// The image as planar RGB in [0, 1] (grey replicated into R, G and B).
    public var image: Image
    /// The file's format.
    public var format: ImageFormat
    /// Whether the file had an alpha channel (or a tRNS transparency) that was dropped, not composited.
    public var droppedAlpha: Bool
    /// Human-readable remarks about conversions (grey to RGB, alpha dropped, 16-bit, decoder warnings).
    /// The library never prints them: the caller decides.
    public var notes: [String]
}

/// Entry points to read images and masks and to write PNGs.
public enum ImageFile {
    /// Reads a PNG or JPEG as RGB. Throws `ImageCoreError` for a missing, unknown, corrupt or truncated file.
    public static func read(_ url: URL) throws -> LoadedImage {
        try loaded(decode(data: readData(url), path: url.path))
    }

    /// Reads a PNG or JPEG held in memory (`name` only labels errors).
    public static func read(data: Data, name: String = "<memory>") throws -> LoadedImage {
        try loaded(decode(data: data, path: name))
    }

    /// Writes an RGB image (or a 1-channel image as grey) as an 8-bit PNG, atomically.
    /// Samples are quantised with `Image.quantise` (round(v·255) clamped to 0...255).
    public static func writePNG(_ image: Image, to url: URL) throws {
        precondition(
            image.channels == 3 || image.channels == 1,
            "writePNG: 1 or 3 channels expected, got \(image.channels)")
        let data = try PNGCodec.encode(
            bytes: image.interleavedBytes(), width: image.width, height: image.height,
            channels: image.channels, path: url.path)
        try write(data, to: url)
    }

    /// PNG bytes of an image, as `writePNG` would write them.
    public static func pngData(_ image: Image) throws -> Data {
        try PNGCodec.encode(
            bytes: image.interleavedBytes(), width: image.width, height: image.height,
            channels: image.channels, path: "<memory>")
    }

    /// Writes a mask as an 8-bit grey PNG (hole = 255, known = 0), atomically.
    public static func writeMask(_ mask: Mask, to url: URL) throws {
        let bytes = mask.isHole.map { $0 ? UInt8(255) : UInt8(0) }
        let data = try PNGCodec.encode(bytes: bytes, width: mask.width, height: mask.height, channels: 1, path: url.path)
        try write(data, to: url)
    }

    static func readData(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "the file cannot be read" : "no such file"
            throw ImageCoreError.unreadableFile(path: url.path, reason: reason)
        }
    }

    static func decode(data: Data, path: String) throws -> (DecodedPixels, ImageFormat) {
        switch ImageFormat.detect(data) {
        case .png: return (try PNGCodec.decode(data, path: path), .png)
        case .jpeg: return (try JPEGCodec.decode(data, path: path), .jpeg)
        case nil: throw ImageCoreError.unknownFormat(path: path)
        }
    }

    private static func loaded(_ result: (DecodedPixels, ImageFormat)) -> LoadedImage {
        let (decoded, format) = result
        var notes = decoded.notes
        if decoded.colourChannels == 1 { notes.append("grey image replicated to RGB") }
        if decoded.hasAlpha { notes.append("alpha channel dropped (colours kept, not composited)") }
        return LoadedImage(image: decoded.rgbImage(), format: format, droppedAlpha: decoded.hasAlpha, notes: notes)
    }

    private static func write(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw ImageCoreError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
