import XCTest
import SharedFixtures
@testable import NeuralEngine

final class TorchScriptArchiveTests: XCTestCase {
    private let path = SharedFixtures.url("models/inception-2015-12-05-fid.pt").path

    func testReadsTheFIDInceptionArchive() throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("../shared/models absent (not a development machine): skipping the TorchScript archive check")
        }
        let root = try TorchScriptArchive.load(path: path)
        XCTAssertEqual(root.className, "WrapNet")
        let layers = try XCTUnwrap(root.child("net")?.child("layers"))
        XCTAssertEqual(layers.children.map(\.name).prefix(4), ["conv", "conv_1", "conv_2", "pool0"])
        let conv = try XCTUnwrap(layers.child("conv"))
        XCTAssertEqual(conv.className, "Conv2dLayer")
        XCTAssertEqual(conv.tensors["weight"]?.shape, [32, 3, 3, 3])
        XCTAssertEqual(conv.tensors["var"]?.shape, [32])
        XCTAssertEqual(conv.attributes["stride"], .int(2))
        let mixed = try XCTUnwrap(layers.child("mixed_4")?.child("tower")?.child("conv_1"))
        XCTAssertEqual(mixed.attributes["padding"], .list([.int(0), .int(3)]))
        var count = 0
        func visit(_ m: TorchScriptModule) {
            count += m.tensors.values.reduce(0) { $0 + $1.count }; for c in m.children { visit(c.module) }
        }
        visit(root)
        XCTAssertGreaterThan(count, 20_000_000)
    }

    func testTruncatedArchiveThrows() throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XCTSkip("../shared/models absent (not a development machine): skipping the truncated-archive check")
        }
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(getpid()).pt")
        try data.prefix(50_000).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        XCTAssertThrowsError(try TorchScriptArchive.load(path: cut.path)) { error in
            guard case CheckpointError.truncated = error else { return XCTFail("\(error)") }
        }
    }
}
