// The values the restricted pickle reader (Unpickler.swift) produces.

/// A Python value decoded from a pickle stream by `Unpickler`.
///
/// Containers keep their order (dict entries are a list of key/value pairs, so non-string keys survive).
/// Globals the caller allowed appear as `.global`; objects built from them (REDUCE/NEWOBJ without a
/// caller-supplied constructor, then BUILD/SETITEMS/APPENDS) as `.object`. Constructors and the
/// persistent-load callback may return `.tensor` or `.opaque` payloads of their own.
public indirect enum PickleValue: Equatable, CustomStringConvertible {
    case none
    case bool(Bool)
    /// Python int (only values that fit in 64 bits; larger ones make the reader throw).
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    /// Python list; sets and frozensets are decoded as lists too.
    case list([PickleValue])
    case dict([PickleDictEntry])
    /// A reference to an allowed global `module.name` (a class or function), not yet called.
    case global(module: String, name: String)
    /// An instance of an allowed global built without a caller constructor.
    case object(PickleObject)
    /// A tensor made by a caller constructor (e.g. for `torch._utils._rebuild_tensor_v2`).
    case tensor(Tensor)
    /// Any other payload a constructor or the persistent-load callback returns; compared by identity.
    case opaque(AnyObject)

    public static func == (a: PickleValue, b: PickleValue) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.bytes(x), .bytes(y)): return x == y
        case let (.tuple(x), .tuple(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.dict(x), .dict(y)): return x == y
        case let (.global(m1, n1), .global(m2, n2)): return m1 == m2 && n1 == n2
        case let (.object(x), .object(y)): return x == y
        case let (.tensor(x), .tensor(y)): return x == y
        case let (.opaque(x), .opaque(y)): return x === y
        default: return false
        }
    }

    /// Python-like text, cut after about 300 characters: values from hostile files can share
    /// sub-structures, so that their full text would be exponentially long.
    public var description: String {
        var out = ""
        var budget = 300
        describe(into: &out, budget: &budget)
        return out
    }

    private func describe(into out: inout String, budget: inout Int) {
        func emit(_ s: String) {
            out += s
            budget -= s.count
        }
        func sequence(_ open: String, _ items: [PickleValue], _ close: String) {
            emit(open)
            for (i, v) in items.enumerated() {
                if i > 0 { emit(", ") }
                guard budget > 0 else { emit("…"); break }
                v.describe(into: &out, budget: &budget)
            }
            emit(close)
        }
        guard budget > 0 else { return emit("…") }
        switch self {
        case .none: emit("None")
        case let .bool(v): emit(v ? "True" : "False")
        case let .int(v): emit(String(v))
        case let .float(v): emit(String(v))
        case let .string(v): emit(v.count <= 200 ? "'\(v)'" : "'\(v.prefix(200))…'")
        case let .bytes(v): emit("b<\(v.count) bytes>")
        case let .tuple(v): sequence("(", v, v.count == 1 ? ",)" : ")")
        case let .list(v): sequence("[", v, "]")
        case let .dict(v):
            emit("{")
            for (i, e) in v.enumerated() {
                if i > 0 { emit(", ") }
                guard budget > 0 else { emit("…"); break }
                e.key.describe(into: &out, budget: &budget)
                emit(": ")
                e.value.describe(into: &out, budget: &budget)
            }
            emit("}")
        case let .global(m, n): emit("\(m).\(n)")
        case let .object(o): sequence("\(o.className)(", o.args, ")")
        case let .tensor(t): emit("tensor\(t.shape)")
        case let .opaque(o): emit("<\(type(of: o))>")
        }
    }
}

/// One key/value pair of a pickled dict, in insertion order.
public struct PickleDictEntry: Equatable {
    public var key: PickleValue
    public var value: PickleValue
    public init(key: PickleValue, value: PickleValue) {
        self.key = key
        self.value = value
    }
}

/// An instance of an allowed global that no caller constructor handled: what REDUCE/NEWOBJ called it with,
/// what BUILD gave it as state, and what SETITEMS/APPENDS put into it (OrderedDict subclasses, for instance).
public struct PickleObject: Equatable {
    /// `module.name` of the class or function.
    public var className: String
    /// The positional arguments of the call (REDUCE's tuple or NEWOBJ's args).
    public var args: [PickleValue]
    /// The BUILD argument (usually a dict of attributes), nil when there was no BUILD.
    public var state: PickleValue?
    /// Items added by APPEND/APPENDS.
    public var listItems: [PickleValue] = []
    /// Items added by SETITEM/SETITEMS.
    public var dictItems: [PickleDictEntry] = []

    public init(className: String, args: [PickleValue], state: PickleValue? = nil) {
        self.className = className
        self.args = args
        self.state = state
    }
}

extension PickleValue {
    /// The value stored under a string key: for a dict its entry, for an object the entry of its state dict
    /// (or of its SETITEMS items); nil otherwise. A key set twice yields its last value, as in Python.
    public subscript(key: String) -> PickleValue? {
        switch self {
        case let .dict(entries):
            return entries.last { $0.key == .string(key) }?.value
        case let .object(o):
            if let state = o.state, let v = state[key] { return v }
            return o.dictItems.last { $0.key == .string(key) }?.value
        default:
            return nil
        }
    }

    /// The elements of a tuple or list; nil for other values.
    public var elements: [PickleValue]? {
        switch self {
        case let .tuple(v), let .list(v): return v
        default: return nil
        }
    }

    /// The entries of a dict, or of an object's SETITEMS items; nil for other values.
    public var entries: [PickleDictEntry]? {
        switch self {
        case let .dict(v): return v
        case let .object(o): return o.dictItems
        default: return nil
        }
    }

    public var intValue: Int? {
        if case let .int(v) = self { return v }
        if case let .bool(v) = self { return v ? 1 : 0 }
        return nil
    }

    public var doubleValue: Double? {
        if case let .float(v) = self { return v }
        if case let .int(v) = self { return Double(v) }
        return nil
    }

    public var stringValue: String? {
        if case let .string(v) = self { return v }
        return nil
    }
}
