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
    /// Attribute path from the root, e.g. `net.layers.conv` (empty for the root), for error messages.
    public var path = ""

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
        "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist", "torch.jit._pickle.build_boollist"
    ]

    /// Most modules in one archive's tree (the FID network has about 200); a tree whose modules share
    /// sub-modules could otherwise be exponentially large when walked.
    public static let maxModules = 10_000

    /// Reads the module tree of the archive at `path`, tensors included.
    public static func load(path: String) throws -> TorchScriptModule {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        let archive = try ZipEntries.open(path: path)
        let (pickleEntry, prefix) = try ZipEntries.dataPickle(in: archive, path: path, kind: "a TorchScript archive")
        let pickle = try ZipEntries.extract(pickleEntry, from: archive, path: path, limit: ZipEntries.maxPickleBytes)
        let top = try decode(pickle, path: path)
        var storages: [String: Data] = [:]
        var budget = TensorBudget()
        var walk = ModuleWalk(path: path) { ref, key in
            try budget.spend(elements: ref.count, key: key, path: path)
            let bytes = ref.extent * ref.storage.kind.elementSize
            if let data = storages[ref.storage.key], data.count >= bytes { return data }
            guard let entry = archive[prefix + "data/" + ref.storage.key] else {
                throw CheckpointError.truncated(path: path, reason: "storage entry \(prefix)data/\(ref.storage.key) is missing")
            }
            try budget.spend(storageBytes: bytes, key: ref.storage.key, path: path)
            let data = Data(try ZipEntries.extract(entry, from: archive, path: path, limit: bytes))
            storages[ref.storage.key] = data
            return data
        }
        return try walk.module(from: top, name: "")
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
                "torch.jit._pickle.build_boollist": list
            ],
            persistentLoad: { pid in .opaque(try StorageRef(pid)) })
        do {
            return try unpickler.load(pickle)
        } catch {
            throw TorchCheckpoint.checkpointError(error, path: path)
        }
    }
}

/// A walk over the decoded module tree that counts the modules it builds (`TorchScriptArchive.maxModules`).
struct ModuleWalk {
    let path: String
    let storage: (TensorRef, String) throws -> Data
    private var modules = 0

    init(path: String, storage: @escaping (TensorRef, String) throws -> Data) {
        self.path = path
        self.storage = storage
    }

    mutating func module(from value: PickleValue, name: String) throws -> TorchScriptModule {
        guard case let .object(object) = value else {
            throw CheckpointError.badFormat(path: path, reason: "module '\(name)' is \(value), not a TorchScript module object")
        }
        modules += 1
        guard modules <= TorchScriptArchive.maxModules else {
            throw CheckpointError.badFormat(path: path, reason: "more than \(TorchScriptArchive.maxModules) modules (at '\(name)')")
        }
        var module = TorchScriptModule(qualifiedName: object.className)
        module.path = name
        for entry in object.state?.entries ?? [] {
            guard let key = entry.key.stringValue else {
                throw CheckpointError.badFormat(path: path, reason: "attribute name \(entry.key) of '\(name)' is not a string")
            }
            let fullName = name.isEmpty ? key : name + "." + key
            switch entry.value {
            case .object:
                module.children.append((key, try self.module(from: entry.value, name: fullName)))
            case let .opaque(ref as TensorRef):
                module.tensors[key] = try ref.tensor(from: try storage(ref, fullName), key: fullName, path: path)
            default:
                module.attributes[key] = entry.value
            }
        }
        return module
    }
}
