// The oneDNN side of the bf16 path (docs/bf16.md): one CPU engine and stream for the process, memory
// descriptors for the engine's NCHW float32 tensors, cached reorders, and the thread policy for oneDNN's
// OpenMP team. Only NeuralEngine imports CDNNL.
import CDNNL
import Foundation

/// The process's oneDNN engine and stream. Every oneDNN execution holds `lock` (one primitive at a time, on
/// the calling thread's OpenMP team sized to the engine's cores; the engine's own threads are idle then).
final class DNNLRuntime: @unchecked Sendable {
    static let shared = DNNLRuntime()

    let engine: dnnl_engine_t
    let stream: dnnl_stream_t
    let lock = NSLock()

    private init() {
        var e: dnnl_engine_t?
        dnnlCheck(dnnl_engine_create(&e, dnnl_cpu, 0), "engine_create")
        var s: dnnl_stream_t?
        dnnlCheck(dnnl_stream_create(&s, e, dnnl_stream_default_flags.rawValue), "stream_create")
        engine = e!
        stream = s!
    }

    /// Runs `body` holding the oneDNN lock with the calling thread's OpenMP team at `threads` (the engine's
    /// cores outside a parallel region, one inside: a nested team would oversubscribe the cores).
    func run<T>(threads: Int, _ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        omp_set_num_threads(Int32(max(1, threads)))
        return body()
    }

    /// Executes `primitive` with `args` (index, memory) and waits for it.
    func execute(_ primitive: dnnl_primitive_t, _ args: [(Int32, dnnl_memory_t)]) {
        let list = args.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1) }
        list.withUnsafeBufferPointer { p in
            dnnlCheck(dnnl_primitive_execute(primitive, stream, Int32(p.count), p.baseAddress), "primitive_execute")
        }
        dnnlCheck(dnnl_stream_wait(stream), "stream_wait")
    }
}

/// oneDNN failures here are programmer errors (descriptors the engine built itself), so they stop.
func dnnlCheck(_ status: dnnl_status_t, _ what: String) {
    precondition(status == dnnl_success, "oneDNN \(what) failed with status \(status.rawValue)")
}

/// A `dnnl_dims_t` (12 Int64) from up to 12 extents.
func dnnlDims(_ values: [Int]) -> dnnl_dims_t {
    precondition(values.count <= 12, "dnnlDims: \(values.count) dims")
    var d: dnnl_dims_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &d) { raw in
        let p = raw.bindMemory(to: Int64.self)
        for (i, v) in values.enumerated() { p[i] = Int64(v) }
    }
    return d
}

/// A memory descriptor of `dims` with a data type and a format tag (`dnnl_format_tag_any` lets the primitive choose).
func dnnlDesc(_ dims: [Int], _ type: dnnl_data_type_t, _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
    var md = dnnl_memory_desc_t()
    var d = dnnlDims(dims)
    withUnsafePointer(to: &d) { p in
        p.withMemoryRebound(to: Int64.self, capacity: 12) { dp in
            dnnlCheck(dnnl_memory_desc_init_by_tag(&md, Int32(dims.count), dp, type, tag), "memory_desc_init_by_tag")
        }
    }
    return md
}

/// Whether two memory descriptors describe the same layout.
func dnnlEqual(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
    var a = a, b = b
    return dnnl_memory_desc_equal(&a, &b) != 0
}

/// The byte size of a memory described by `md`.
func dnnlSize(_ md: dnnl_memory_desc_t) -> Int {
    var md = md
    return dnnl_memory_desc_get_size(&md)
}

/// A oneDNN memory object without storage (its data handle is set before each execution).
final class DNNLMemory {
    let md: dnnl_memory_desc_t
    let memory: dnnl_memory_t

    init(_ md: dnnl_memory_desc_t) {
        self.md = md
        var m: dnnl_memory_t?
        var d = md
        dnnlCheck(dnnl_memory_create(&m, &d, DNNLRuntime.shared.engine, nil), "memory_create")
        memory = m!
    }

    /// Points the memory at `pointer` (which must stay valid through the execution).
    func bind(_ pointer: UnsafeRawPointer) -> dnnl_memory_t {
        dnnlCheck(dnnl_memory_set_data_handle(memory, UnsafeMutableRawPointer(mutating: pointer)), "set_data_handle")
        return memory
    }

    deinit { dnnl_memory_destroy(memory) }
}

/// Owned, 64-byte-aligned storage for one oneDNN tensor (a bf16 copy of an activation or of weights).
final class DNNLBuffer: @unchecked Sendable {
    let bytes: Int
    let pointer: UnsafeMutableRawPointer

    init(bytes: Int) {
        self.bytes = max(bytes, 64)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.bytes, alignment: 64)
    }

    deinit { pointer.deallocate() }
}

/// A primitive and its descriptor, destroyed together.
final class DNNLPrimitive {
    let descriptor: dnnl_primitive_desc_t
    let primitive: dnnl_primitive_t

    /// Takes ownership of `descriptor` and creates its primitive.
    init(_ descriptor: dnnl_primitive_desc_t) {
        self.descriptor = descriptor
        var p: dnnl_primitive_t?
        dnnlCheck(dnnl_primitive_create(&p, descriptor), "primitive_create")
        primitive = p!
    }

    /// The memory descriptor the primitive expects for `what` (e.g. `dnnl_query_src_md`).
    func md(_ what: dnnl_query_t) -> dnnl_memory_desc_t {
        dnnl_primitive_desc_query_md(descriptor, what, 0)!.pointee
    }

    /// oneDNN's name for the implementation it chose (e.g. `jit_bf16:avx512_core_bf16`).
    var implementation: String {
        var name: UnsafePointer<CChar>?
        withUnsafeMutablePointer(to: &name) { p in
            _ = dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, UnsafeMutableRawPointer(p))
        }
        return name.map { String(cString: $0) } ?? "?"
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }
}

/// A reorder between two layouts (or data types), or nil where they are the same.
final class DNNLReorder {
    let primitive: DNNLPrimitive
    let from: DNNLMemory, to: DNNLMemory

    init?(from a: dnnl_memory_desc_t, to b: dnnl_memory_desc_t) {
        if dnnlEqual(a, b) { return nil }
        var pd: dnnl_primitive_desc_t?
        var (x, y) = (a, b)
        let engine = DNNLRuntime.shared.engine
        dnnlCheck(dnnl_reorder_primitive_desc_create(&pd, &x, engine, &y, engine, nil), "reorder_primitive_desc_create")
        primitive = DNNLPrimitive(pd!)
        from = DNNLMemory(a)
        to = DNNLMemory(b)
    }

    /// Reorders `source` into `destination` (call inside `DNNLRuntime.run`).
    func callAsFunction(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer) {
        DNNLRuntime.shared.execute(primitive.primitive, [(cdnnl_arg_from, from.bind(source)), (cdnnl_arg_to, to.bind(destination))])
    }
}
