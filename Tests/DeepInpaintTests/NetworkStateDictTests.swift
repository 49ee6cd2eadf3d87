import Foundation
import XCTest
import NeuralEngine
import DeepInpaint
import ImageCore

/// Key names, shapes and parameter counts against otenim's state_dicts (docs/network-and-training.md §3.1), and load errors.
final class NetworkStateDictTests: XCTestCase {
    func testCompletionNetworkKeysAndCounts() {
        let network = CompletionNetwork()
        let dict = network.stateDict()
        XCTAssertEqual(dict.count, 114)
        XCTAssertEqual(network.parameterCount, 6_072_131)
        XCTAssertEqual(Array(dict.keys.prefix(2)), ["conv1.weight", "conv1.bias"])
        XCTAssertEqual(dict["deconv13.weight"]?.shape, [256, 128, 4, 4])
        XCTAssertEqual(dict["deconv15.weight"]?.shape, [128, 64, 4, 4])
        XCTAssertEqual(dict["conv17.weight"]?.shape, [3, 32, 3, 3])
        XCTAssertEqual(dict["bn16.running_var"]?.shape, [32])
        XCTAssertEqual(dict["bn12.num_batches_tracked"]?.shape, [])
        XCTAssertNil(dict["bn17.weight"])
        XCTAssertEqual(network.blockOutputChannels, [64, 128, 128, 256, 256, 256, 256, 256, 256, 256, 256, 256, 128, 128, 64, 32, 3])
    }

    /// The layer table names the state_dict's convolutions in block order and gives the network's arithmetic:
    /// 12.72 GMAC per 160×160 image (25.43 GFLOP, the figure of the benches).
    func testLayerTableMatchesTheNetwork() {
        let layers = CompletionNetwork.layers()
        let names = (1...17).map { $0 == 13 || $0 == 15 ? "deconv\($0)" : "conv\($0)" }
        XCTAssertEqual(layers.map(\.name), names)
        XCTAssertEqual(layers.map(\.outputChannels), CompletionNetwork().blockOutputChannels)
        XCTAssertEqual(layers.filter(\.isTransposed).map(\.name), ["deconv13", "deconv15"])
        XCTAssertEqual(layers.map(\.dilation), [1, 1, 1, 1, 1, 1, 2, 4, 8, 16, 1, 1, 1, 1, 1, 1, 1])
        XCTAssertEqual(
            CompletionNetwork.layers(widthMultiplier: 0.5).map(\.outputChannels),
            CompletionNetwork(widthMultiplier: 0.5).blockOutputChannels)
        let macs = CompletionNetwork.multiplyAccumulates(height: 160, width: 160)
        XCTAssertEqual(macs.prefix(2), [163_840_000, 471_859_200])
        XCTAssertEqual(macs[12], 838_860_800, "deconv13: 40×40 inputs × 256 × 128 × 4²")
        XCTAssertEqual(macs.reduce(0, +), 12_716_441_600)
        var side = 160
        for layer in layers { side = layer.outputSide(side) }
        XCTAssertEqual(side, 160)
    }

    func testWidthMultiplierScalesHiddenChannels() {
        let network = CompletionNetwork(widthMultiplier: 0.5)
        XCTAssertEqual(network.blockOutputChannels.prefix(4), [32, 64, 64, 128])
        XCTAssertEqual(network.stateDict()["conv1.weight"]?.shape, [32, 4, 5, 5])
        let y = network.inference(Tensor(shape: [1, 4, 8, 12], value: 0.5))
        XCTAssertEqual(y.shape, [1, 3, 8, 12])
    }

    func testContextDiscriminatorKeysAndCounts() {
        let celeba = ContextDiscriminator(architecture: .celeba)
        let dict = celeba.stateDict()
        XCTAssertEqual(dict.count, 76)
        XCTAssertEqual(celeba.parameterCount, 39_557_121)
        XCTAssertEqual(dict["model_ld.linear6.weight"]?.shape, [1024, 4608])
        XCTAssertEqual(dict["model_gd.linear6.weight"]?.shape, [1024, 12800])
        XCTAssertEqual(dict["model_gd.conv5.weight"]?.shape, [512, 512, 5, 5])
        XCTAssertEqual(dict["linear1.weight"]?.shape, [1, 2048])
        let places = ContextDiscriminator(architecture: .places2).stateDict()
        XCTAssertEqual(places["model_ld.linear6.weight"]?.shape, [1024, 8192])
        XCTAssertEqual(places["model_gd.conv6.weight"]?.shape, [512, 512, 5, 5])
        XCTAssertEqual(places["model_gd.linear7.weight"]?.shape, [1024, 8192])
        XCTAssertNil(places["model_gd.linear6.weight"])
        let globalOnly = ContextDiscriminator(branches: .globalOnly).stateDict()
        XCTAssertEqual(globalOnly["linear1.weight"]?.shape, [1, 1024])
        XCTAssertNil(globalOnly["model_ld.conv1.weight"])
        XCTAssertNotNil(ContextDiscriminator(branches: .localOnly).stateDict()["model_ld.linear6.bias"])
    }

    func testContextDiscriminatorPutsLocalFeaturesFirst() {
        let d = ContextDiscriminator()
        // A cheap inlined uniform fill U(±1/√fan_in) (the generic random init of 39.6M parameters is slow in a test).
        for (k, (_, p)) in d.namedParameters.enumerated() {
            let fanIn = max(1, p.value.count / p.shape[0])
            let scale = 1 / Float(fanIn).squareRoot()
            var state = UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
            p.value = Tensor(
                shape: p.shape,
                data: (0..<p.value.count).map { _ in
                    state &+= 0x9E37_79B9_7F4A_7C15  // SplitMix64 step, inlined for speed
                    var z = state
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    z ^= z >> 31
                    return (Float(z >> 40) / Float(1 << 24) * 2 - 1) * scale
                })
        }
        // Only the local half of linear1 nonzero: the output must depend on the local input only.
        d.linear1.weight.value = Tensor(shape: [1, 2048], data: (0..<2048).map { $0 < 1024 ? 0.01 : 0 })
        var rng = SplitMix64(seed: 5)
        let local = Tensor.uniform([1, 3, 96, 96], bound: 1, using: &rng)
        let a = d.inference(local: local, global: Tensor.uniform([1, 3, 160, 160], bound: 1, using: &rng))
        let b = d.inference(local: local, global: Tensor.uniform([1, 3, 160, 160], bound: 1, using: &rng))
        XCTAssertEqual(a.shape, [1, 1])
        XCTAssertEqual(a.data[0], b.data[0], accuracy: 1e-6)
        // And the global half alone makes it depend on the global input.
        d.linear1.weight.value = Tensor(shape: [1, 2048], data: (0..<2048).map { $0 < 1024 ? 0 : 0.01 })
        let c = d.inference(local: local, global: Tensor.uniform([1, 3, 160, 160], bound: 1, using: &rng))
        let e = d.inference(local: local, global: Tensor.uniform([1, 3, 160, 160], bound: 1, using: &rng))
        XCTAssertNotEqual(c.data[0], e.data[0])
    }

    func testLoadErrorsNameTheTensor() throws {
        let network = CompletionNetwork()
        var rng = SplitMix64(seed: 5)
        network.resetParameters(using: &rng)
        let good = network.stateDict()

        var wrongShape = good
        wrongShape["conv3.weight"] = Tensor(shape: [128, 128, 5, 5])
        XCTAssertThrowsError(try CompletionNetwork().load(wrongShape)) { error in
            guard case CheckpointError.shapeMismatch("conv3.weight", [128, 128, 3, 3], [128, 128, 5, 5]) = error else {
                return XCTFail("\(error)")
            }
        }
        var renamed = good
        renamed["conv3.weight"] = nil
        renamed["conv3.weights"] = good["conv3.weight"]
        XCTAssertThrowsError(try CompletionNetwork().load(renamed)) { error in
            guard case CheckpointError.unexpectedKey("conv3.weights") = error else { return XCTFail("\(error)") }
        }
        var missing = good
        missing["bn7.running_var"] = nil
        XCTAssertThrowsError(try CompletionNetwork().load(missing)) { error in
            guard case CheckpointError.missingKey("bn7.running_var") = error else { return XCTFail("\(error)") }
        }
        var nan = good
        nan["bn2.bias"]!.data[5] = .nan
        let target = CompletionNetwork()
        XCTAssertThrowsError(try target.load(nan)) { error in
            guard case CheckpointError.nonFinite("bn2.bias", 5, _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(target.conv1.weight.value.data.allSatisfy { $0 == 0 }, true, "a failed load changes nothing")

        var old = good
        for k in good.keys where k.hasSuffix("num_batches_tracked") { old[k] = nil }
        XCTAssertNoThrow(try target.load(old))
        XCTAssertEqual(target.stateDict()["conv5.weight"], good["conv5.weight"])
    }

    func testDataParallelPrefixIsStripped() throws {
        let network = CompletionNetwork()
        var prefixed = StateDict()
        prefixed.merge(network.stateDict(), prefix: "module.")
        let path = ReferenceFiles.temporaryPath("prefixed.safetensors")
        try SafeTensors.write(Checkpoint(tensors: prefixed), to: path)
        // safetensors keeps names as written; the prefix is stripped for PyTorch imports only.
        XCTAssertThrowsError(try CompletionNetwork().load(try Checkpoint.load(path: path).tensors)) { error in
            guard case CheckpointError.unexpectedKey = error else { return XCTFail("\(error)") }
        }
        XCTAssertNoThrow(try CompletionNetwork().load(prefixed.strippingPrefix("module.")))
    }
}
