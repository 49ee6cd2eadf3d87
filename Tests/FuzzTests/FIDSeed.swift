// A valid seed for the FID-archive fuzzer: the whole Inception-v3 module tree the Metrics loader expects
// (94 Conv2dLayers in the stem, InceptionA ×3, B, C ×4, D, E ×2; Sources/Metrics/README.md), in a few
// tens of kB: every tensor is a zero-stride view of one small storage, each weight 1/fan-in so that the
// features stay finite and moderate.

import Foundation

enum FIDSeed {
    /// One convolution: name, input and output channels, kernel, stride, padding.
    struct Conv {
        let name: String, cin: Int, cout: Int, kh: Int, kw: Int, stride: Int, ph: Int, pw: Int
        init(_ name: String, _ cin: Int, _ cout: Int, _ kh: Int, _ kw: Int, stride: Int = 1, pad: (Int, Int) = (0, 0)) {
            self.name = name; self.cin = cin; self.cout = cout; self.kh = kh; self.kw = kw
            self.stride = stride; self.ph = pad.0; self.pw = pad.1
        }
    }

    /// A module's children: convolutions or named groups (Sequential or Inception blocks).
    indirect enum Node {
        case conv(Conv)
        case group(String, [Node])
    }

    static func inceptionA(_ name: String, _ cin: Int, pool: Int) -> Node {
        .group(
            name,
            [
                .conv(Conv("conv", cin, 64, 1, 1)),
                .group("tower", [.conv(Conv("conv", cin, 48, 1, 1)), .conv(Conv("conv_1", 48, 64, 5, 5, pad: (2, 2)))]),
                .group(
                    "tower_1",
                    [
                        .conv(Conv("conv", cin, 64, 1, 1)), .conv(Conv("conv_1", 64, 96, 3, 3, pad: (1, 1))),
                        .conv(Conv("conv_2", 96, 96, 3, 3, pad: (1, 1)))
                    ]),
                .group("tower_2", [.conv(Conv("conv", cin, pool, 1, 1))])
            ])
    }

    static func inceptionC(_ name: String, _ c7: Int) -> Node {
        .group(
            name,
            [
                .conv(Conv("conv", 768, 192, 1, 1)),
                .group(
                    "tower",
                    [
                        .conv(Conv("conv", 768, c7, 1, 1)), .conv(Conv("conv_1", c7, c7, 1, 7, pad: (0, 3))),
                        .conv(Conv("conv_2", c7, 192, 7, 1, pad: (3, 0)))
                    ]),
                .group(
                    "tower_1",
                    [
                        .conv(Conv("conv", 768, c7, 1, 1)), .conv(Conv("conv_1", c7, c7, 7, 1, pad: (3, 0))),
                        .conv(Conv("conv_2", c7, c7, 1, 7, pad: (0, 3))), .conv(Conv("conv_3", c7, c7, 7, 1, pad: (3, 0))),
                        .conv(Conv("conv_4", c7, 192, 1, 7, pad: (0, 3)))
                    ]),
                .group("tower_2", [.conv(Conv("conv", 768, 192, 1, 1))])
            ])
    }

    static func inceptionE(_ name: String, _ cin: Int) -> Node {
        .group(
            name,
            [
                .conv(Conv("conv", cin, 320, 1, 1)), .conv(Conv("tower_conv", cin, 384, 1, 1)),
                .conv(Conv("tower_mixed_conv", 384, 384, 1, 3, pad: (0, 1))),
                .conv(Conv("tower_mixed_conv_1", 384, 384, 3, 1, pad: (1, 0))),
                .conv(Conv("tower_1_conv", cin, 448, 1, 1)), .conv(Conv("tower_1_conv_1", 448, 384, 3, 3, pad: (1, 1))),
                .conv(Conv("tower_1_mixed_conv", 384, 384, 1, 3, pad: (0, 1))),
                .conv(Conv("tower_1_mixed_conv_1", 384, 384, 3, 1, pad: (1, 0))), .conv(Conv("tower_2_conv", cin, 192, 1, 1))
            ])
    }

    /// The `layers` module of the network.
    static var layers: Node {
        .group(
            "layers",
            [
                .conv(Conv("conv", 3, 32, 3, 3, stride: 2)), .conv(Conv("conv_1", 32, 32, 3, 3)),
                .conv(Conv("conv_2", 32, 64, 3, 3, pad: (1, 1))), .conv(Conv("conv_3", 64, 80, 1, 1)), .conv(Conv("conv_4", 80, 192, 3, 3)),
                inceptionA("mixed", 192, pool: 32), inceptionA("mixed_1", 256, pool: 64), inceptionA("mixed_2", 288, pool: 64),
                .group(
                    "mixed_3",
                    [
                        .conv(Conv("conv", 288, 384, 3, 3, stride: 2)),
                        .group(
                            "tower",
                            [
                                .conv(Conv("conv", 288, 64, 1, 1)), .conv(Conv("conv_1", 64, 96, 3, 3, pad: (1, 1))),
                                .conv(Conv("conv_2", 96, 96, 3, 3, stride: 2))
                            ])
                    ]),
                inceptionC("mixed_4", 128), inceptionC("mixed_5", 160), inceptionC("mixed_6", 160), inceptionC("mixed_7", 192),
                .group(
                    "mixed_8",
                    [
                        .group("tower", [.conv(Conv("conv", 768, 192, 1, 1)), .conv(Conv("conv_1", 192, 320, 3, 3, stride: 2))]),
                        .group(
                            "tower_1",
                            [
                                .conv(Conv("conv", 768, 192, 1, 1)), .conv(Conv("conv_1", 192, 192, 1, 7, pad: (0, 3))),
                                .conv(Conv("conv_2", 192, 192, 7, 1, pad: (3, 0))), .conv(Conv("conv_3", 192, 192, 3, 3, stride: 2))
                            ])
                    ]),
                inceptionE("mixed_9", 1280), inceptionE("mixed_10", 2048)
            ])
    }

    static func convs(_ node: Node) -> [Conv] {
        switch node {
        case let .conv(c): return [c]
        case let .group(_, children): return children.flatMap(convs)
        }
    }

    /// The archive bytes; `change` may alter the convolutions (by index) and `values` the storage, to make
    /// hostile variants.
    static func archive(change: (Int, Conv) -> Conv = { $1 }, values changeValues: (inout [Float]) -> Void = { _ in }) -> [UInt8] {
        // Storage "0": one weight value per convolution, then 1 (variance) and 0 (mean and beta).
        var values = convs(layers).map { 1 / Float($0.cin * $0.kh * $0.kw) }
        let varOffset = values.count, zeroOffset = values.count + 1
        values += [1, 0]
        changeValues(&values)
        var index = 0
        var p = PickleBuilder()
        func emit(_ node: Node) {
            switch node {
            case let .conv(original):
                let c = change(index, original)
                p.string(c.name)
                CheckpointSeeds.conv(
                    &p, numel: values.count, weightOffset: index, shape: [c.cout, c.cin, c.kh, c.kw],
                    varOffset: varOffset, zeroOffset: zeroOffset, stride: c.stride, padding: (c.ph, c.pw))
                index += 1
            case let .group(name, children):
                p.string(name)
                CheckpointSeeds.beginModule(&p, "Sequential")
                children.forEach(emit)
                CheckpointSeeds.endModule(&p)
            }
        }
        CheckpointSeeds.beginModule(&p, "WrapNet")
        p.string("net")
        CheckpointSeeds.beginModule(&p, "Net")
        emit(layers)
        CheckpointSeeds.endModule(&p)
        CheckpointSeeds.endModule(&p)
        p.stop()
        return ZipWriter.archive([("archive/data.pkl", p.bytes), ("archive/data/0", floatBytes(values))])
    }
}
