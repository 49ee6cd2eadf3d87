// Opcode dispatch of the pickle virtual machine (values, containers, memo, framing).
// Opcode bytes and meanings: Python's Lib/pickletools.py.

extension PickleMachine {
    mutating func execute(_ op: UInt8) throws {
        switch op {
        case 0x80:  // PROTO
            let version = try reader.byte()
            guard version <= 5 else { throw PickleError.malformed(reason: "pickle protocol \(version) is newer than 5", offset: at) }
        case 0x95: _ = try reader.unsigned(8)  // FRAME: frames are transparent to a reader holding all bytes
        case 0x28: marks.append(stack.count)  // MARK
        case 0x30: _ = try pop("POP")
        case 0x31: _ = try popMark("POP_MARK")
        case 0x32: stack.append(try top("DUP"))
        default: try executeScalar(op)
        }
    }

    private mutating func executeScalar(_ op: UInt8) throws {
        switch op {
        case 0x4E: push(.none)  // NONE
        case 0x88: push(.bool(true))  // NEWTRUE
        case 0x89: push(.bool(false))  // NEWFALSE
        case 0x4B: push(.int(Int(try reader.byte())))  // BININT1
        case 0x4D: push(.int(Int(try reader.unsigned(2))))  // BININT2
        case 0x4A: push(.int(try reader.int32()))  // BININT
        case 0x8A: push(.int(try reader.long(Int(try reader.byte()))))  // LONG1
        case 0x8B:  // LONG4
            let n = try reader.int32()
            guard n >= 0 else { throw PickleError.malformed(reason: "negative LONG4 length", offset: at) }
            push(.int(try reader.long(n)))
        case 0x47: push(.float(Double(bitPattern: try reader.unsigned(8).byteSwapped)))  // BINFLOAT (big-endian)
        case 0x58: push(.string(try reader.utf8(try reader.length(4))))  // BINUNICODE
        case 0x8C: push(.string(try reader.utf8(try reader.length(1))))  // SHORT_BINUNICODE
        case 0x8D: push(.string(try reader.utf8(try reader.length(8))))  // BINUNICODE8
        case 0x54:  // BINSTRING
            let n = try reader.int32()
            push(.string(try reader.latin1(n)))
        case 0x55: push(.string(try reader.latin1(try reader.length(1))))  // SHORT_BINSTRING
        case 0x42: push(.bytes(Array(try reader.take(try reader.length(4)))))  // BINBYTES
        case 0x43: push(.bytes(Array(try reader.take(try reader.length(1)))))  // SHORT_BINBYTES
        case 0x8E, 0x96: push(.bytes(Array(try reader.take(try reader.length(8)))))  // BINBYTES8, BYTEARRAY8
        default: try executeContainer(op)
        }
    }

    private mutating func executeContainer(_ op: UInt8) throws {
        switch op {
        case 0x29: stack.append(.node(newNode(.tuple)))  // EMPTY_TUPLE
        case 0x74: stack.append(.node(newNode(.tuple, items: try popMark("TUPLE"))))  // TUPLE
        case 0x85: stack.append(try popTuple(1, "TUPLE1"))
        case 0x86: stack.append(try popTuple(2, "TUPLE2"))
        case 0x87: stack.append(try popTuple(3, "TUPLE3"))
        case 0x5D, 0x8F: stack.append(.node(newNode(.list)))  // EMPTY_LIST, EMPTY_SET
        case 0x6C: stack.append(.node(newNode(.list, items: try popMark("LIST"))))  // LIST
        case 0x91: stack.append(.node(newNode(.list, items: try popMark("FROZENSET"))))  // FROZENSET
        case 0x61:  // APPEND
            let v = try pop("APPEND")
            try append([v], "APPEND")
        case 0x65, 0x90:  // APPENDS, ADDITEMS
            let items = try popMark("APPENDS")
            try append(items, "APPENDS")
        case 0x7D: stack.append(.node(newNode(.dict)))  // EMPTY_DICT
        case 0x64:  // DICT
            let items = try popMark("DICT")
            let node = newNode(.dict)
            try setItems(node, items, "DICT")
            stack.append(.node(node))
        case 0x73:  // SETITEM
            let v = try pop("SETITEM")
            let k = try pop("SETITEM")
            try setItems(try topNode("SETITEM"), [k, v], "SETITEM")
        case 0x75:  // SETITEMS
            let items = try popMark("SETITEMS")
            try setItems(try topNode("SETITEMS"), items, "SETITEMS")
        default: try executeMemo(op)
        }
    }

    private mutating func executeMemo(_ op: UInt8) throws {
        switch op {
        case 0x71: try put(Int(try reader.byte()))  // BINPUT
        case 0x72: try put(Int(try reader.unsigned(4)))  // LONG_BINPUT
        case 0x94: try put(memo.count)  // MEMOIZE
        case 0x70: try put(try textIndex())  // PUT
        case 0x68: try get(Int(try reader.byte()))  // BINGET
        case 0x6A: try get(Int(try reader.unsigned(4)))  // LONG_BINGET
        case 0x67: try get(try textIndex())  // GET
        default: try executeObject(op)
        }
    }

    private mutating func append(_ items: [PickleSlot], _ opcode: String) throws {
        let node = try topNode(opcode)
        switch node.kind {
        case .list, .object: node.items += items
        default: throw PickleError.malformed(reason: "\(opcode) on a \(node.kind)", offset: at)
        }
    }

    private mutating func setItems(_ node: PickleNode, _ items: [PickleSlot], _ opcode: String) throws {
        guard items.count % 2 == 0 else { throw PickleError.malformed(reason: "\(opcode) with an odd number of items", offset: at) }
        switch node.kind {
        case .dict, .object: break
        default: throw PickleError.malformed(reason: "\(opcode) on a \(node.kind)", offset: at)
        }
        for i in stride(from: 0, to: items.count, by: 2) {
            node.keys.append(items[i])
            node.values.append(items[i + 1])
        }
    }
}
