// Reading the parameters of a TorchScript archive (`torch.jit.save`) without Python or libtorch.
// Layout: a zip with `<prefix>/data.pkl` (the pickled module tree: each module is a `__torch__.*` class
// object, built with NEWOBJ and given its attributes by BUILD: sub-modules, tensors, ints, lists),
// `<prefix>/data/<key>` raw little-endian storages, `<prefix>/code/` (the TorchScript source, which this
// reader does not run: the caller rebuilds the architecture it documents) and `constants.pkl`.
// The pickle goes through the restricted `Unpickler`: the `__torch__` classes are only names here.

import Foundation
import ZIPFoundation

/// One module of a TorchScript archive: its class, tensors, plain attributes and sub-modules.
public struct TorchScriptModule {
    /// Qualified class name, e.g. `__torch__.inceptionv3.___torch_mangle_2.Conv2dLayer`.
    public var qualifiedName: String
    /// Tensor attributes (parameters and buffers) by name.
    public var tensors: [String: Tensor] = [:]
    /// Other attributes (ints, floats, bools, lists, strings, None) by name.
    public var attributes: [String: PickleValue] = [:]
    /// Sub-modules in the archive's order.
    public var children: [(name: String, module: TorchScriptModule)] = []

    /// The class name without module path and TorchScript's `___torch_mangle_N` prefix, e.g. `Conv2dLayer`.
    public var className: String {
        String(qualifiedName.split(separator: ".").last ?? Substring(qualifiedName))
    }

    /// The sub-module called `name`.
    public func child(_ name: String) -> TorchScriptModule? {
        children.first { $0.name == name }?.module
    }
}

/// Reader of TorchScript archives' module trees and parameters.
public enum TorchScriptArchive {
    /// The globals a TorchScript data.pkl may name: module classes, the tensor rebuild function, storages
    /// and TorchScript's typed-list helpers.
    public static let allowedGlobals: Set<String> = [
        "__torch__.*", "collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
        "torch.FloatStorage", "torch.LongStorage",
        "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist", "torch.jit._pickle.build_boollist",
    ]

    /// Reads the module tree of the archive at `path`, tensors included.
    public static func load(path: String) throws -> TorchScriptModule {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw CheckpointError.truncated(path: path, reason: "not a readable zip archive (\(error))")
        }
        guard let pickleEntry = archive.first(where: { isDataPickle($0.path) }) else {
            throw CheckpointError.badFormat(path: path, reason: "no <name>/data.pkl entry: not a TorchScript archive")
        }
        let prefix = String(pickleEntry.path.dropLast("data.pkl".count))
        let top = try decode(try extract(pickleEntry, from: archive, path: path), path: path)
        var storages: [String: Data] = [:]
        return try module(from: top, name: "", path: path) { key in
            if let data = storages[key] { return data }
            guard let entry = archive[prefix + "data/" + key] else {
                throw CheckpointError.truncated(path: path, reason: "storage entry \(prefix)data/\(key) is missing")
            }
            let data = Data(try extract(entry, from: archive, path: path))
            storages[key] = data
            return data
        }
    }

    /// Decodes data.pkl with tensors as `TensorRef`s and storages as `StorageRef`s.
    static func decode(_ pickle: [UInt8], path: String) throws -> PickleValue {
        let list: Unpickler.Constructor = { args in
            guard let first = args.first, let items = first.elements else {
                throw PickleError.malformed(reason: "typed-list helper called with \(args)", offset: 0)
            }
            return .list(items)
        }
        let unpickler = Unpickler(
            allowedGlobals: allowedGlobals,
            constructors: [
                "torch._utils._rebuild_tensor_v2": { args in .opaque(try TensorRef(args)) },
                "torch.jit._pickle.build_intlist": list, "torch.jit._pickle.build_doublelist": list,
                "torch.jit._pickle.build_boollist": list,
            ],
            persistentLoad: { pid in .opaque(try StorageRef(pid)) })
        do {
            return try unpickler.load(pickle)
        } catch {
            throw TorchCheckpoint.checkpointError(error, path: path)
        }
    }

    /// Turns a decoded `__torch__` object into a module, reading tensors through `storage(key)`.
    static func module(from value: PickleValue, name: String, path: String,
                       storage: (String) throws -> Data) throws -> TorchScriptModule {
        guard case let .object(object) = value else {
            throw CheckpointError.badFormat(path: path, reason: "module '\(name)' is \(value), not a TorchScript module object")
        }
        var module = TorchScriptModule(qualifiedName: object.className)
        for entry in object.state?.entries ?? [] {
            guard let key = entry.key.stringValue else {
                throw CheckpointError.badFormat(path: path, reason: "attribute name \(entry.key) of '\(name)' is not a string")
            }
            let fullName = name.isEmpty ? key : name + "." + key
            switch entry.value {
            case .object:
                module.children.append((key, try self.module(from: entry.value, name: fullName, path: path, storage: storage)))
            case let .opaque(ref as TensorRef):
                module.tensors[key] = try ref.tensor(from: try storage(ref.storage.key), key: fullName, path: path)
            default:
                module.attributes[key] = entry.value
            }
        }
        return module
    }

    private static func isDataPickle(_ p: String) -> Bool {
        let parts = p.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[1] == "data.pkl"
    }

    private static func extract(_ entry: Entry, from archive: Archive, path: String) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in out.append(contentsOf: chunk) }
        } catch {
            throw CheckpointError.truncated(path: path, reason: "zip entry \(entry.path) is unreadable (\(error))")
        }
        return out
    }
}
