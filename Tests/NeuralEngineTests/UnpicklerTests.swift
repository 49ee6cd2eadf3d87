import XCTest
@testable import NeuralEngine

final class UnpicklerTests: XCTestCase {
    private let plain = Unpickler(allowedGlobals: [])

    private func checkPlainValues(_ v: PickleValue, withBytes: Bool) {
        XCTAssertEqual(v["a"], .list([.int(1)]))
        XCTAssertEqual(v["b"], .list([.int(1)]), "memoized list must be seen filled (BINGET after APPEND)")
        XCTAssertEqual(v["n"], PickleValue.none)
        XCTAssertEqual(v["t"], .bool(true))
        XCTAssertEqual(v["f"], .bool(false))
        XCTAssertEqual(v["i"], .int(-5))
        XCTAssertEqual(v["big"], .int(1 << 40))
        XCTAssertEqual(v["neg"], .int(-(1 << 40)))
        XCTAssertEqual(v["x"], .float(1.5))
        XCTAssertEqual(v["s"], .string("héllo"))
        XCTAssertEqual(v["tup"], .tuple([.int(1), .tuple([.int(2), .int(3)])]))
        XCTAssertEqual(v["e"], .tuple([]))
        XCTAssertEqual(v["k300"], .int(300))
        XCTAssertEqual(v["k70000"], .int(70000))
        if withBytes { XCTAssertEqual(v["by"], .bytes([0, 1])) }
    }

    func testDecodesProtocol2Values() throws {
        let v = try plain.load(PickleFixtures.plain2)
        checkPlainValues(v, withBytes: false)
        XCTAssertEqual(v.entries?.count, 14)
    }

    func testDecodesProtocol4ValuesWithFramesAndMemoize() throws {
        let v = try plain.load(PickleFixtures.plain4)
        checkPlainValues(v, withBytes: true)
        XCTAssertEqual(v.entries?.first?.key, .string("a"), "dict order is kept")
    }

    func testForbiddenGlobalIsNamed() {
        for bytes in [PickleFixtures.forbidden2, PickleFixtures.forbidden4] {
            XCTAssertThrowsError(try plain.load(bytes)) { error in
                guard case let PickleError.forbiddenGlobal(name) = error else { return XCTFail("got \(error)") }
                XCTAssertTrue(name.hasSuffix(".system"), name)
                XCTAssertTrue("\(error)".contains(name))
            }
        }
    }

    func testAllowListWildcardMatchesSubmodulesOnly() {
        let u = Unpickler(allowedGlobals: ["__torch__.*", "torch.FloatStorage"])
        XCTAssertTrue(u.allows(module: "__torch__", name: "A"))
        XCTAssertTrue(u.allows(module: "__torch__.inceptionv3", name: "Conv2dLayer"))
        XCTAssertFalse(u.allows(module: "__torch__x", name: "A"))
        XCTAssertTrue(u.allows(module: "torch", name: "FloatStorage"))
        XCTAssertFalse(u.allows(module: "torch", name: "LongStorage"))
    }

    /// A torch.save-like state dict: persistent storages, `_rebuild_tensor_v2` through a constructor.
    func testTorchLikeStateDictWithConstructorsAndPersistentLoad() throws {
        var requested: [String] = []
        let u = Unpickler(
            allowedGlobals: ["collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage"],
            constructors: [
                "torch._utils._rebuild_tensor_v2": { args in
                    guard case let .tensor(storage) = args[0], let sizes = args[2].elements?.compactMap(\.intValue) else {
                        return .none
                    }
                    let n = sizes.reduce(1, *)
                    return .tensor(Tensor(shape: sizes, data: Array(storage.data.prefix(n))))
                }
            ],
            persistentLoad: { pid in
                guard let parts = pid.elements, parts.count == 5, let key = parts[2].stringValue, let n = parts[4].intValue else {
                    return .none
                }
                XCTAssertEqual(parts[1], .global(module: "torch", name: "FloatStorage"))
                requested.append(key)
                return .tensor(Tensor(shape: [n], data: (0..<n).map { Float($0) + (key == "1" ? 10 : 0) }))
            })
        let v = try u.load(PickleFixtures.torch2)
        XCTAssertEqual(requested, ["0", "1"])
        guard case let .object(dict) = v else { return XCTFail("expected an OrderedDict object, got \(v)") }
        XCTAssertEqual(dict.className, "collections.OrderedDict")
        XCTAssertEqual(v.entries?.map(\.key), [.string("w"), .string("b")])
        XCTAssertEqual(v["w"], .tensor(Tensor(shape: [2, 2], data: [0, 1, 2, 3])))
        XCTAssertEqual(v["b"], .tensor(Tensor(shape: [2], data: [10, 11])))
    }

    func testGenericObjectsWithoutConstructor() throws {
        let u = Unpickler(allowedGlobals: ["collections.OrderedDict", "torch.*"], persistentLoad: { _ in .string("storage") })
        let v = try u.load(PickleFixtures.torch2)
        guard case let .object(w)? = v["w"] else { return XCTFail("w should be a generic object") }
        XCTAssertEqual(w.className, "torch._utils._rebuild_tensor_v2")
        XCTAssertEqual(w.args.count, 6)
        XCTAssertEqual(w.args[0], .string("storage"))
        XCTAssertEqual(w.args[2], .tuple([.int(2), .int(2)]))
    }

    func testPersistentIdWithoutCallbackThrows() {
        let u = Unpickler(allowedGlobals: ["collections.OrderedDict", "torch.*"])
        XCTAssertThrowsError(try u.load(PickleFixtures.torch2)) { error in
            guard case PickleError.noPersistentLoad = error else { return XCTFail("got \(error)") }
        }
    }

    func testEveryTruncationThrows() {
        let u = Unpickler(allowedGlobals: ["collections.OrderedDict", "torch.*"], persistentLoad: { _ in .none })
        for fixture in [PickleFixtures.plain2, PickleFixtures.plain4, PickleFixtures.torch2] {
            for n in 0..<fixture.count {
                XCTAssertThrowsError(try u.load(Array(fixture.prefix(n))), "prefix of \(n) bytes decoded") { error in
                    guard case PickleError.truncated = error else { return XCTFail("prefix of \(n) bytes: got \(error)") }
                }
            }
        }
    }

    func testHandAssembledErrors() {
        // STOP on an empty stack; APPEND without a list; SETITEMS without MARK; BINGET of an unset slot; bad opcode;
        // POP of a MARK; a BINUNICODE length beyond the input.
        let cases: [([UInt8], String)] = [
            ([0x80, 0x02, 0x2E], "stackUnderflow"), ([0x4B, 0x01, 0x4B, 0x02, 0x61, 0x2E], "malformed"),
            ([0x7D, 0x75, 0x2E], "missingMark"), ([0x68, 0x05, 0x2E], "missingMemo"),
            ([0xFF], "unsupportedOpcode"), ([0x28, 0x30, 0x2E], "stackUnderflow"),
            ([0x58, 0xFF, 0xFF, 0xFF, 0x7F], "truncated")
        ]
        for (bytes, expected) in cases {
            XCTAssertThrowsError(try plain.load(bytes), "\(bytes) decoded") { error in
                XCTAssertEqual(caseName(error), expected, "\(bytes): \(error)")
            }
        }
    }

    func testSelfReferenceAndDeepNestingThrowInsteadOfCrashing() {
        // l = []; l.append(l): EMPTY_LIST BINPUT 0 BINGET 0 APPEND STOP
        XCTAssertThrowsError(try plain.load([0x5D, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2E])) { error in
            guard case PickleError.tooDeep = error else { return XCTFail("got \(error)") }
        }
        // 100 000 nested lists: EMPTY_LIST × n, APPEND × (n − 1), STOP
        let n = 100_000
        let deep = [UInt8](repeating: 0x5D, count: n) + [UInt8](repeating: 0x61, count: n - 1) + [0x2E]
        XCTAssertThrowsError(try plain.load(deep)) { error in
            guard case PickleError.tooDeep = error else { return XCTFail("got \(error)") }
        }
    }

    func testRandomCorruptionNeverCrashes() {
        let u = Unpickler(allowedGlobals: ["collections.OrderedDict", "torch.*"], persistentLoad: { _ in .none })
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var decoded = 0
        for trial in 0..<3000 {
            var bytes = [PickleFixtures.plain2, PickleFixtures.plain4, PickleFixtures.torch2][trial % 3]
            for _ in 0...(next() % 4) { bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next()) }
            if (try? u.load(bytes)) != nil { decoded += 1 }
        }
        XCTAssertLessThan(decoded, 3000, "corruption never detected")
    }

    /// The case of a `PickleError` (without its payload), or a description of any other error.
    private func caseName(_ error: Error) -> String {
        guard let error = error as? PickleError else { return "not a PickleError: \(error)" }
        switch error {
        case .truncated: return "truncated"
        case .unsupportedOpcode: return "unsupportedOpcode"
        case .forbiddenGlobal: return "forbiddenGlobal"
        case .stackUnderflow: return "stackUnderflow"
        case .missingMark: return "missingMark"
        case .missingMemo: return "missingMemo"
        case .malformed: return "malformed"
        case .noPersistentLoad: return "noPersistentLoad"
        case .tooDeep: return "tooDeep"
        case .tooMuchWork: return "tooMuchWork"
        }
    }
}
