// A restricted reader for Python pickle streams (protocols 0–5, binary opcodes), enough for what
// `torch.save` and TorchScript archives write (data.pkl, constants.pkl). It never imports or runs code:
// globals must be on the caller's allow-list, calls of allowed globals go to caller-supplied
// constructors or become generic `.object` values, and storages come from a persistent-load callback.
// Opcode semantics follow Python's pickletools documentation (Lib/pickletools.py, PEP 307 and PEP 3154).

/// Decodes pickle bytes into `PickleValue`s under an allow-list of globals.
///
/// Allow-list entries are `module.name` (exact) or `module.*` (any name in that module or its submodules,
/// e.g. `__torch__.*` for the module classes of a TorchScript archive). Anything else makes `load` throw
/// `PickleError.forbiddenGlobal` naming it. Hostile or truncated input throws; it never crashes.
public struct Unpickler {
    /// Builds the value of a call of an allowed global (REDUCE or NEWOBJ) from its positional arguments.
    public typealias Constructor = (_ args: [PickleValue]) throws -> PickleValue
    /// Resolves a persistent id (BINPERSID/PERSID), e.g. a torch storage tuple, to a value.
    public typealias PersistentLoad = (_ pid: PickleValue) throws -> PickleValue

    /// The globals the stream may name.
    public let allowedGlobals: Set<String>
    /// Constructors by `module.name`; allowed globals without one become `.object` values when called.
    public let constructors: [String: Constructor]
    /// The persistent-load callback; nil makes BINPERSID an error.
    public let persistentLoad: PersistentLoad?

    public init(allowedGlobals: Set<String>, constructors: [String: Constructor] = [:], persistentLoad: PersistentLoad? = nil) {
        self.allowedGlobals = allowedGlobals
        self.constructors = constructors
        self.persistentLoad = persistentLoad
    }

    /// Decodes one pickle (up to its STOP opcode) and returns its top value.
    public func load(_ bytes: [UInt8]) throws -> PickleValue {
        var machine = PickleMachine(unpickler: self, bytes: bytes)
        return try machine.run()
    }

    /// Whether `module.name` is on the allow-list.
    public func allows(module: String, name: String) -> Bool {
        if allowedGlobals.contains("\(module).\(name)") { return true }
        for entry in allowedGlobals where entry.hasSuffix(".*") {
            let prefix = String(entry.dropLast(2))
            if module == prefix || module.hasPrefix(prefix + ".") { return true }
        }
        return false
    }
}

/// The pickle virtual machine: a stack, a stack of MARK positions and a memo.
struct PickleMachine {
    let unpickler: Unpickler
    var reader: PickleReader
    var stack: [PickleSlot] = []
    var marks: [Int] = []
    var memo: [Int: PickleSlot] = [:]
    /// Every node created, kept alive until the end of `run` and then taken apart one by one: hostile input
    /// can build chains of 10⁵ nested lists whose recursive release would overflow the stack.
    var nodes: [PickleNode] = []
    /// Offset of the opcode being executed, for error messages.
    var at = 0
    /// Container elements the value conversions may still visit (all calls of `value` together): 16 per
    /// input byte plus 10⁶, far more than any real stream needs and a bound on hostile ones.
    var conversionBudget: Int

    init(unpickler: Unpickler, bytes: [UInt8]) {
        self.unpickler = unpickler
        self.reader = PickleReader(bytes)
        self.conversionBudget = 16 * bytes.count + 1_000_000
    }

    mutating func run() throws -> PickleValue {
        defer {
            for node in nodes { node.detachChildren() }
            nodes = []
        }
        while true {
            at = reader.offset
            let op = try reader.byte()
            if op == 0x2E {  // STOP
                return try value(try pop("STOP"))
            }
            try execute(op)
        }
    }

    // MARK: stack helpers

    /// The lowest stack index the current opcode may touch (values below the last MARK are hidden, as in Python).
    var floor: Int { marks.last ?? 0 }

    mutating func push(_ v: PickleValue) { stack.append(.leaf(v)) }

    mutating func pop(_ opcode: String) throws -> PickleSlot {
        guard stack.count > floor else { throw PickleError.stackUnderflow(opcode: opcode, offset: at) }
        return stack.removeLast()
    }

    func top(_ opcode: String) throws -> PickleSlot {
        guard stack.count > floor else { throw PickleError.stackUnderflow(opcode: opcode, offset: at) }
        return stack[stack.count - 1]
    }

    /// Removes and returns everything above the last MARK, and the MARK.
    mutating func popMark(_ opcode: String) throws -> [PickleSlot] {
        guard let m = marks.popLast() else { throw PickleError.missingMark(opcode: opcode, offset: at) }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    mutating func popTuple(_ n: Int, _ opcode: String) throws -> PickleSlot {
        guard stack.count - floor >= n else { throw PickleError.stackUnderflow(opcode: opcode, offset: at) }
        let items = Array(stack.suffix(n))
        stack.removeLast(n)
        return .node(newNode(.tuple, items: items))
    }

    /// Creates a node and registers it for the teardown at the end of `run`.
    mutating func newNode(_ kind: PickleNode.Kind, items: [PickleSlot] = []) -> PickleNode {
        let node = PickleNode(kind, items: items)
        nodes.append(node)
        return node
    }

    /// Wraps a value returned by a caller (constructor, persistent load) so later opcodes can fill it:
    /// dicts, lists and objects become nodes, everything else a leaf.
    mutating func slot(for value: PickleValue) -> PickleSlot {
        switch value {
        case let .list(v):
            return .node(newNode(.list, items: v.map { .leaf($0) }))
        case let .dict(entries):
            let node = newNode(.dict)
            node.keys = entries.map { .leaf($0.key) }
            node.values = entries.map { .leaf($0.value) }
            return .node(node)
        case let .object(o):
            let node = newNode(.object(o.className), items: o.listItems.map { .leaf($0) })
            node.args = o.args.map { .leaf($0) }
            node.state = o.state.map { .leaf($0) }
            node.keys = o.dictItems.map { .leaf($0.key) }
            node.values = o.dictItems.map { .leaf($0.value) }
            return .node(node)
        default:
            return .leaf(value)
        }
    }

    /// The container on top of the stack, for APPEND/SETITEM/BUILD.
    func topNode(_ opcode: String) throws -> PickleNode {
        guard case let .node(node) = try top(opcode) else {
            throw PickleError.malformed(reason: "\(opcode) on a value that is not a container", offset: at)
        }
        return node
    }

    mutating func value(_ slot: PickleSlot) throws -> PickleValue {
        var converter = PickleConverter(workLimit: conversionBudget)
        defer { conversionBudget -= converter.work }
        return try converter.value(slot)
    }

    func string(_ slot: PickleSlot, _ opcode: String) throws -> String {
        guard case let .leaf(.string(s)) = slot else {
            throw PickleError.malformed(reason: "\(opcode) expects a string", offset: at)
        }
        return s
    }

    // MARK: memo

    mutating func put(_ index: Int) throws {
        memo[index] = try top("PUT")
    }

    mutating func get(_ index: Int) throws {
        guard let v = memo[index] else { throw PickleError.missingMemo(index: index, offset: at) }
        stack.append(v)
    }

    mutating func textIndex() throws -> Int {
        let line = try reader.line()
        guard let i = Int(line) else { throw PickleError.malformed(reason: "bad memo index '\(line)'", offset: at) }
        return i
    }
}
