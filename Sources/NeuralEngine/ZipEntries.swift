// Reading entries of the zip archives torch.save and torch.jit.save write, with every size a hostile
// archive could lie about bounded (docs/robustness.md): the end-of-central-directory record is looked for
// only where the format puts it, and an entry is extracted up to a limit the caller derives from what it
// needs, so neither a false size field nor a deflate bomb makes the reader allocate more.

import Foundation
import ZIPFoundation

enum ZipEntries {
    /// Opens the archive at `path` after checking that it has an end-of-central-directory record.
    static func open(path: String) throws -> Archive {
        try checkEndOfCentralDirectory(path: path)
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw CheckpointError.truncated(path: path, reason: "the zip directory is missing or unreadable (\(error))")
        }
    }

    /// The `<prefix>/data.pkl` entry and its prefix (`<prefix>/`), or a `badFormat` error naming `kind`.
    static func dataPickle(in archive: Archive, path: String, kind: String) throws -> (entry: Entry, prefix: String) {
        let entry = archive.first { p in
            let parts = p.path.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts[1] == "data.pkl"
        }
        guard let entry else {
            throw CheckpointError.badFormat(path: path, reason: "zip archive has no <name>/data.pkl entry; not \(kind)")
        }
        return (entry, String(entry.path.dropLast("data.pkl".count)))
    }

    /// Largest data.pkl accepted (a state_dict's or module tree's pickle is a few kB per tensor).
    static let maxPickleBytes = 256 << 20

    /// The bytes of a zip entry; at most `limit` are kept. With `exact`, fewer than `limit` is an error
    /// (a storage must hold the elements its tensors read).
    static func extract(_ entry: Entry, from archive: Archive, path: String, limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        // The size field is only a hint: reserve no more than it, the limit or 16 MiB; growth is bounded by
        // the bytes really extracted, which stop at `limit`.
        out.reserveCapacity(min(Int(exactly: entry.uncompressedSize) ?? limit, limit, 1 << 24))
        do {
            let consumer: (Data) throws -> Void = { chunk in
                let room = max(0, limit - out.count)
                out.append(contentsOf: chunk.prefix(room))
                if out.count >= limit { throw EnoughBytes() }
            }
            _ = try archive.extract(entry, skipCRC32: true, consumer: consumer)
        } catch is EnoughBytes {
            return out
        } catch {
            throw CheckpointError.truncated(path: path, reason: "zip entry \(entry.path) is unreadable (\(error))")
        }
        return out
    }

    /// Fails fast on a cut zip file: its end-of-central-directory record (signature PK\u{5}\u{6}) must lie in
    /// the last 65,557 bytes (ZIPFoundation would otherwise scan the whole file for it, byte by byte).
    static func checkEndOfCentralDirectory(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        defer { try? handle.close() }
        let size = handle.seekToEndOfFile()
        let tailLength = min(size, 65_557)
        handle.seek(toFileOffset: size - tailLength)
        let tail = [UInt8](handle.readData(ofLength: Int(tailLength)))
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06 { return }
            i -= 1
        }
        throw CheckpointError.truncated(path: path, reason: "the zip archive has no end-of-central-directory record")
    }

    /// Ends an extraction early once the bytes needed are in.
    private struct EnoughBytes: Error {}
}
