// The unpickler's working representation: containers are reference types while the stream is decoded,
// because pickle memoizes a container before filling it (EMPTY_DICT, BINPUT, ..., SETITEMS) and later
// BINGETs must see the filled one, as in Python. At STOP the graph becomes a `PickleValue`.

/// A value on the unpickler's stack or in its memo.
enum PickleSlot {
    /// An immutable value (scalar, string, bytes, global, or a caller's payload).
    case leaf(PickleValue)
    /// A container, shared by reference.
    case node(PickleNode)
}

/// A container being built by the unpickler.
final class PickleNode {
    enum Kind {
        case tuple
        case list
        case dict
        /// An instance of the allowed global named here.
        case object(String)
    }

    let kind: Kind
    /// Tuple or list elements; APPEND items of an object.
    var items: [PickleSlot] = []
    /// Dict entries; SETITEM items of an object.
    var keys: [PickleSlot] = []
    var values: [PickleSlot] = []
    /// Call arguments of an object.
    var args: [PickleSlot] = []
    /// BUILD state of an object.
    var state: PickleSlot?

    init(_ kind: Kind, items: [PickleSlot] = []) {
        self.kind = kind
        self.items = items
    }

    /// Drops the references to children, so that releasing a deep chain of nodes does not recurse.
    func detachChildren() {
        items = []
        keys = []
        values = []
        args = []
        state = nil
    }
}

/// Turns the working graph into values. Each node is converted once (shared sub-structures share their
/// converted arrays), cycles and excessive nesting throw instead of overflowing the stack, and the work
/// (containers and their elements visited) is bounded by `workLimit`, so that a stream which converts a
/// large shared structure again and again (one REDUCE after another) ends with an error, not a hang.
struct PickleConverter {
    static let depthLimit = 200

    private var done: [ObjectIdentifier: PickleValue] = [:]
    private var active: Set<ObjectIdentifier> = []
    /// Elements visited so far and the most allowed.
    private(set) var work = 0
    let workLimit: Int

    init(workLimit: Int = Int.max) { self.workLimit = workLimit }

    mutating func value(_ slot: PickleSlot, depth: Int = 0) throws -> PickleValue {
        switch slot {
        case let .leaf(v):
            return v
        case let .node(node):
            let id = ObjectIdentifier(node)
            if let v = done[id] { return v }
            guard depth < Self.depthLimit, !active.contains(id) else { throw PickleError.tooDeep(limit: Self.depthLimit) }
            active.insert(id)
            defer { active.remove(id) }
            let v = try convert(node, depth: depth + 1)
            done[id] = v
            return v
        }
    }

    private mutating func convert(_ node: PickleNode, depth: Int) throws -> PickleValue {
        work += 1 + node.items.count + node.keys.count + node.args.count
        guard work <= workLimit else { throw PickleError.tooMuchWork(limit: workLimit) }
        let items = try node.items.map { try value($0, depth: depth) }
        var entries: [PickleDictEntry] = []
        entries.reserveCapacity(node.keys.count)
        for (k, v) in zip(node.keys, node.values) {
            entries.append(PickleDictEntry(key: try value(k, depth: depth), value: try value(v, depth: depth)))
        }
        switch node.kind {
        case .tuple: return .tuple(items)
        case .list: return .list(items)
        case .dict: return .dict(entries)
        case let .object(name):
            var o = PickleObject(className: name, args: try node.args.map { try value($0, depth: depth) })
            o.state = try node.state.map { try value($0, depth: depth) }
            o.listItems = items
            o.dictItems = entries
            return .object(o)
        }
    }
}
