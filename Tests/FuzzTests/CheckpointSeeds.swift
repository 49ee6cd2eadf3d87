// Valid seed files for the checkpoint fuzzers, built here byte by byte: a torch.save zip archive and a
// legacy torch.save file (three small tensors, one a strided view, two sharing a storage), and a tiny
// TorchScript-like archive (a WrapNet → net → layers → conv module tree).

import Foundation

enum CheckpointSeeds {
    /// The tensors of the seeds: (key, storage, offset, shape, strides).
    static let views: [(key: String, storage: String, offset: Int, shape: [Int], strides: [Int])] = [
        ("a.weight", "0", 0, [2, 3, 2], [6, 2, 1]),
        ("a.bias", "0", 2, [3], [4]),
        ("b", "1", 0, [2, 2], [1, 2])
    ]
    static let storages: [(key: String, values: [Float])] = [
        ("0", (0..<12).map { Float($0) * 0.25 - 1 }),
        ("1", [0.5, -0.5, 2, 3])
    ]

    /// The pickled OrderedDict of `views`.
    static func stateDictPickle() -> [UInt8] {
        var p = PickleBuilder()
        p.global("collections", "OrderedDict")
        p.emptyTuple()
        p.reduce()
        p.mark()
        for v in views {
            let numel = storages.first { $0.key == v.storage }!.values.count
            p.string(v.key)
            p.tensor(storage: v.storage, numel: numel, offset: v.offset, shape: v.shape, strides: v.strides)
        }
        p.setItems()
        p.stop()
        return p.bytes
    }

    /// A torch.save zip archive (PyTorch ≥ 1.6 layout).
    static func torchZip() -> [UInt8] {
        var entries: [(name: String, data: [UInt8])] = [("archive/data.pkl", stateDictPickle())]
        for s in storages { entries.append(("archive/data/\(s.key)", floatBytes(s.values))) }
        entries.append(("archive/version", Array("3\n".utf8)))
        return ZipWriter.archive(entries)
    }

    /// A legacy torch.save file: magic, protocol, sys_info, the state_dict, the storage keys, then the storages.
    static func torchLegacy() -> [UInt8] {
        var out: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]
        out += [0x80, 0x02, 0x4D, 0xE9, 0x03, 0x2E]
        var info = PickleBuilder()
        info.emptyDict()
        info.mark()
        info.string("protocol_version")
        info.int(1001)
        info.string("little_endian")
        info.bool(true)
        info.setItems()
        info.stop()
        out += info.bytes
        out += stateDictPickle()
        var keys = PickleBuilder()
        keys.emptyList()
        keys.mark()
        for s in storages { keys.string(s.key) }
        keys.appends()
        keys.stop()
        out += keys.bytes
        for s in storages {
            withUnsafeBytes(of: Int64(s.values.count).littleEndian) { out += $0 }
            out += floatBytes(s.values)
        }
        return out
    }

    /// Starts a `__torch__` module object (NEWOBJ) and its state dict; close with `endModule`.
    static func beginModule(_ p: inout PickleBuilder, _ className: String) {
        p.global("__torch__.fuzz", className)
        p.emptyTuple()
        p.newObj()
        p.emptyDict()
        p.mark()
    }

    static func endModule(_ p: inout PickleBuilder) {
        p.setItems()
        p.build()
    }

    /// A Conv2dLayer attribute set (weight, beta, mean, var, stride, padding) on storage "0".
    static func conv(
        _ p: inout PickleBuilder, numel: Int, weightOffset: Int, shape: [Int], varOffset: Int,
        zeroOffset: Int, stride: Int, padding: (Int, Int)
    ) {
        beginModule(&p, "Conv2dLayer")
        p.string("weight")
        p.tensor(storage: "0", numel: numel, offset: weightOffset, shape: shape, strides: [0, 0, 0, 0])
        for (name, offset) in [("beta", zeroOffset), ("mean", zeroOffset), ("var", varOffset)] {
            p.string(name)
            p.tensor(storage: "0", numel: numel, offset: offset, shape: [shape[0]], strides: [0])
        }
        p.string("stride")
        p.int(stride)
        p.string("padding")
        if padding.0 == padding.1 { p.int(padding.0) } else { p.intList([padding.0, padding.1]) }
        p.string("training")
        p.bool(false)
        endModule(&p)
    }

    /// A TorchScript-like archive with one Conv2dLayer under WrapNet → net → layers (not a whole FID network).
    static func tinyTorchScript() -> [UInt8] {
        var p = PickleBuilder()
        beginModule(&p, "WrapNet")
        p.string("net")
        beginModule(&p, "Net")
        p.string("layers")
        beginModule(&p, "Sequential")
        p.string("conv")
        conv(&p, numel: 3, weightOffset: 0, shape: [4, 3, 3, 3], varOffset: 1, zeroOffset: 2, stride: 2, padding: (0, 1))
        endModule(&p)
        endModule(&p)
        endModule(&p)
        p.stop()
        return ZipWriter.archive([("archive/data.pkl", p.bytes), ("archive/data/0", floatBytes([0.05, 1, 0]))])
    }
}
