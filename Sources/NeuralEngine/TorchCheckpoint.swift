// Import of PyTorch `torch.save(state_dict)` files without Python, in both on-disk layouts
// (see docs/network-and-training.md §3.3):
//  - zip (PyTorch ≥ 1.6): `<prefix>/data.pkl` (the pickled OrderedDict) and one raw little-endian entry
//    `<prefix>/data/<key>` per storage;
//  - legacy (PyTorch < 1.6): five pickles (magic number, protocol 1001, sys_info, the OrderedDict, the list of
//    storage keys), then for each key in that list an int64 element count and the raw little-endian elements.
// The pickles are decoded by the restricted `Unpickler`, which accepts exactly the four globals a
// state_dict uses; anything else is refused. Storage locations (`cpu`, `cuda:0`) are ignored.

import Foundation
import ZIPFoundation

/// Reader of `torch.save(state_dict)` checkpoints (zip and legacy formats).
public enum TorchCheckpoint {
    /// The only globals a pickled state_dict names.
    public static let allowedGlobals: Set<String> = [
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage", "torch.LongStorage"
    ]

    /// Reads a zip-format checkpoint (PyTorch ≥ 1.6).
    public static func readZip(path: String) throws -> StateDict {
        let archive = try ZipEntries.open(path: path)
        let (pickleEntry, prefix) = try ZipEntries.dataPickle(in: archive, path: path, kind: "a torch.save file")
        let pickle = try ZipEntries.extract(pickleEntry, from: archive, path: path, limit: ZipEntries.maxPickleBytes)
        let refs = try decodeStateDict(pickle, path: path)
        // Per storage, the bytes its views read (bounded by the storage's claimed, limited size).
        var needed: [String: Int] = [:]
        for ref in refs.map(\.tensor) {
            needed[ref.storage.key] = max(needed[ref.storage.key] ?? 0, ref.extent * ref.storage.kind.elementSize)
        }
        var storages: [String: Data] = [:]
        var budget = TensorBudget()
        for (key, bytes) in needed.sorted(by: { $0.key < $1.key }) {
            try budget.spend(storageBytes: bytes, key: key, path: path)
            let name = prefix + "data/" + key
            guard let entry = archive[name] else {
                throw CheckpointError.truncated(path: path, reason: "storage entry \(name) is missing")
            }
            storages[key] = Data(try ZipEntries.extract(entry, from: archive, path: path, limit: bytes))
        }
        return try materialise(refs, storages: storages, path: path)
    }

    /// Reads a legacy-format checkpoint (PyTorch < 1.6; the published otenim weights).
    public static func readLegacy(path: String) throws -> StateDict {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        let bytes = [UInt8](data)
        var offset = try checkLegacyPreamble(bytes, path: path)
        let plain = Unpickler(allowedGlobals: [])
        let (sysInfo, afterSysInfo) = try loadPickle(plain, bytes, from: offset, path: path)
        if sysInfo["little_endian"] != .bool(true) {
            throw CheckpointError.badFormat(path: path, reason: "written on a big-endian machine (sys_info \(sysInfo))")
        }
        offset = afterSysInfo
        let (refs, afterDict) = try decodeStateDict(bytes, from: offset, path: path)
        let (keyList, afterKeys) = try loadPickle(plain, bytes, from: afterDict, path: path)
        guard let keys = keyList.elements?.compactMap(\.stringValue), keys.count == keyList.elements?.count else {
            throw CheckpointError.badFormat(path: path, reason: "the storage key list is not a list of strings")
        }
        let storages = try readLegacyStorages(bytes, from: afterKeys, keys: keys, refs: refs, path: path)
        return try materialise(refs, storages: storages, path: path)
    }

    // MARK: - Pickle decoding

    /// The magic-number and protocol pickles, checked byte for byte; returns the offset after them.
    private static func checkLegacyPreamble(_ b: [UInt8], path: String) throws -> Int {
        // PROTO 2, LONG1 10 bytes 0x1950a86a20f9469cfc6c (little-endian), STOP; PROTO 2, BININT2 1001, STOP.
        let magic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]
        let version: [UInt8] = [0x80, 0x02, 0x4D, 0xE9, 0x03, 0x2E]
        guard b.count >= magic.count + version.count else {
            throw CheckpointError.truncated(path: path, reason: "\(b.count) bytes")
        }
        guard Array(b[0..<magic.count]) == magic else {
            throw CheckpointError.badFormat(path: path, reason: "no legacy torch.save magic number")
        }
        guard Array(b[magic.count..<(magic.count + version.count)]) == version else {
            throw CheckpointError.badFormat(path: path, reason: "legacy torch.save protocol version is not 1001")
        }
        return magic.count + version.count
    }

    /// Decodes one pickle starting at `offset`; returns its value and the offset after its STOP.
    private static func loadPickle(_ unpickler: Unpickler, _ bytes: [UInt8], from offset: Int, path: String) throws -> (PickleValue, Int) {
        do {
            return try unpickler.load(bytes, from: offset)
        } catch let error as PickleError {
            throw checkpointError(error, path: path)
        }
    }

    /// Decodes a whole zip-format data.pkl.
    private static func decodeStateDict(_ pickle: [UInt8], path: String) throws -> [(key: String, tensor: TensorRef)] {
        let (refs, end) = try decodeStateDict(pickle, from: 0, path: path)
        guard end == pickle.count else {
            throw CheckpointError.badFormat(path: path, reason: "\(pickle.count - end) stray bytes after data.pkl's STOP")
        }
        return refs
    }

    /// Decodes the pickled OrderedDict of tensor references at `offset`.
    private static func decodeStateDict(_ bytes: [UInt8], from offset: Int, path: String) throws -> (
        [(key: String, tensor: TensorRef)], Int
    ) {
        let unpickler = Unpickler(
            allowedGlobals: allowedGlobals,
            constructors: ["torch._utils._rebuild_tensor_v2": { args in .opaque(try TensorRef(args)) }],
            persistentLoad: { pid in .opaque(try StorageRef(pid)) })
        let (top, end) = try loadPickle(unpickler, bytes, from: offset, path: path)
        guard let entries = top.entries else {
            throw CheckpointError.badFormat(path: path, reason: "the pickle holds \(top), not a state_dict (OrderedDict of tensors)")
        }
        var refs: [(key: String, tensor: TensorRef)] = []
        for entry in entries {
            guard let key = entry.key.stringValue else {
                throw CheckpointError.badFormat(path: path, reason: "state_dict key \(entry.key) is not a string")
            }
            guard case let .opaque(object) = entry.value, let ref = object as? TensorRef else {
                throw CheckpointError.badFormat(path: path, reason: "state_dict entry '\(key)' is \(entry.value), not a tensor")
            }
            refs.append((key, ref))
        }
        return (refs, end)
    }

    /// Maps reader errors onto checkpoint errors (a forbidden global keeps its name).
    static func checkpointError(_ error: Error, path: String) -> CheckpointError {
        switch error {
        case let e as CheckpointError: return e
        case PickleError.forbiddenGlobal(let name): return .forbiddenGlobal(name)
        case let e as PickleError:
            if case .truncated = e { return .truncated(path: path, reason: e.description) }
            return .badFormat(path: path, reason: e.description)
        default: return .badFormat(path: path, reason: "\(error)")
        }
    }

    // MARK: - Storages

    /// The raw storages after the legacy pickles: for each key, an int64 count then the elements.
    private static func readLegacyStorages(
        _ b: [UInt8], from start: Int, keys: [String],
        refs: [(key: String, tensor: TensorRef)], path: String
    ) throws -> [String: Data] {
        var byKey: [String: StorageRef] = [:]
        for (_, ref) in refs { byKey[ref.storage.key] = ref.storage }
        var offset = start
        var out: [String: Data] = [:]
        for key in keys {
            guard b.count - offset >= 8 else {
                throw CheckpointError.truncated(path: path, reason: "storage \(key) header missing at byte \(offset)")
            }
            let count = b.withUnsafeBytes { Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Int64.self))) }
            offset += 8
            guard let storage = byKey[key] else {
                throw CheckpointError.badFormat(path: path, reason: "storage \(key) is used by no tensor")
            }
            guard count >= 0, count < 1 << 40 else {
                throw CheckpointError.badFormat(path: path, reason: "storage \(key) claims \(count) elements")
            }
            let size = count * storage.kind.elementSize
            guard b.count - offset >= size else {
                throw CheckpointError.truncated(
                    path: path, reason: "storage \(key) needs \(size) bytes at byte \(offset), file has \(b.count)")
            }
            out[key] = Data(b[offset..<(offset + size)])
            offset += size
        }
        return out
    }

    /// Builds the tensors from their references and the raw storages.
    private static func materialise(_ refs: [(key: String, tensor: TensorRef)], storages: [String: Data], path: String) throws -> StateDict
    {
        var dict = StateDict()
        var budget = TensorBudget()
        for (key, ref) in refs {
            try budget.spend(elements: ref.count, key: key, path: path)
            guard let raw = storages[ref.storage.key] else {
                throw CheckpointError.truncated(path: path, reason: "storage \(ref.storage.key) of tensor '\(key)' is missing")
            }
            dict[key] = try ref.tensor(from: raw, key: key, path: path)
            if ref.storage.kind == .long { dict.integerKeys.insert(key) }
        }
        return dict
    }

}
