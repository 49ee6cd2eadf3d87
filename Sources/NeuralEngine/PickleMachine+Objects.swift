// Globals, calls, BUILD and persistent ids: the opcodes that could run code in Python. Here a global
// is only a name checked against the allow-list, and a call only builds a value.

extension PickleMachine {
    mutating func executeObject(_ op: UInt8) throws {
        switch op {
        case 0x63:  // GLOBAL: "module\nname\n"
            let module = try reader.line()
            let name = try reader.line()
            try pushGlobal(module: module, name: name)
        case 0x93:  // STACK_GLOBAL
            let name = try string(try pop("STACK_GLOBAL"), "STACK_GLOBAL")
            let module = try string(try pop("STACK_GLOBAL"), "STACK_GLOBAL")
            try pushGlobal(module: module, name: name)
        case 0x52:  // REDUCE: callable, args tuple
            let args = try pop("REDUCE")
            let callable = try pop("REDUCE")
            stack.append(try call(callable, args, "REDUCE"))
        case 0x81:  // NEWOBJ: cls, args tuple
            let args = try pop("NEWOBJ")
            let cls = try pop("NEWOBJ")
            stack.append(try call(cls, args, "NEWOBJ"))
        case 0x92:  // NEWOBJ_EX: cls, args tuple, kwargs dict (only empty kwargs)
            let kwargs = try pop("NEWOBJ_EX")
            let args = try pop("NEWOBJ_EX")
            let cls = try pop("NEWOBJ_EX")
            guard case let .dict(entries) = try value(kwargs), entries.isEmpty else {
                throw PickleError.malformed(reason: "NEWOBJ_EX with keyword arguments is not supported", offset: at)
            }
            stack.append(try call(cls, args, "NEWOBJ_EX"))
        case 0x62:  // BUILD
            let state = try pop("BUILD")
            try build(try topNode("BUILD"), state)
        case 0x51:  // BINPERSID
            let pid = try pop("BINPERSID")
            stack.append(try persistent(try value(pid)))
        case 0x50:  // PERSID: the id is a text line
            stack.append(try persistent(.string(try reader.line())))
        default:
            throw PickleError.unsupportedOpcode(opcode: op, offset: at)
        }
    }

    private mutating func pushGlobal(module: String, name: String) throws {
        guard unpickler.allows(module: module, name: name) else {
            throw PickleError.forbiddenGlobal("\(module).\(name)")
        }
        push(.global(module: module, name: name))
    }

    /// A call of an allowed global: the caller's constructor if there is one, else a generic object.
    private mutating func call(_ callable: PickleSlot, _ args: PickleSlot, _ opcode: String) throws -> PickleSlot {
        guard case let .leaf(.global(module, name)) = callable else {
            throw PickleError.malformed(reason: "\(opcode) of something that is not a global", offset: at)
        }
        guard case let .node(argsNode) = args, case .tuple = argsNode.kind else {
            throw PickleError.malformed(reason: "\(opcode) of \(module).\(name) without an argument tuple", offset: at)
        }
        let qualified = "\(module).\(name)"
        if let constructor = unpickler.constructors[qualified] {
            let values = try argsNode.items.map { try value($0) }
            return slot(for: try constructor(values))
        }
        let node = newNode(.object(qualified))
        node.args = argsNode.items
        return .node(node)
    }

    /// BUILD sets an object's state. On plain dicts and lists (e.g. an OrderedDict a constructor turned into a
    /// dict, whose state holds `_metadata`) the state is dropped, since a dict value has no attributes.
    private func build(_ node: PickleNode, _ state: PickleSlot) throws {
        switch node.kind {
        case .object: node.state = state
        case .dict, .list: break
        case .tuple: throw PickleError.malformed(reason: "BUILD on a tuple", offset: at)
        }
    }

    private mutating func persistent(_ pid: PickleValue) throws -> PickleSlot {
        guard let load = unpickler.persistentLoad else { throw PickleError.noPersistentLoad(offset: at) }
        return slot(for: try load(pid))
    }
}
