// Threading policy: OpenBLAS and the engine's own threads must not fight over the cores. (Measured for
// issue 3: two-thread sgemm falls below one-thread speed when another busy thread holds a core; OpenBLAS's
// idle workers also spin for a while after each call.) So OpenBLAS always runs one thread, and the engine
// parallelises itself: over batch items and row bands in the layers, and over blocks of C in `sgemm` when a
// large product is called outside a parallel region.
import Dispatch
import Foundation
import Parallelism

/// The engine's thread policy and its parallel regions. How many threads a layer uses is its
/// `EngineOptions.threads`; the loops themselves are the suite's (Parallelism's Parallel.swift).
public enum EngineThreads {
    /// How many engine parallel regions are open, over all threads: while any is, engine GEMMs run on their
    /// calling thread. Process-wide because OpenBLAS and the cores are: a region on one thread means the
    /// cores are busy. Under its lock.
    private static let singleThreadDepth = Locked(0)

    /// OpenBLAS set to one thread, once per process (a lazily initialised static: thread safe, runs once).
    private static let blasConfiguration: Void = setBLASThreadCount(1)

    /// Sets OpenBLAS to one thread the first time the engine calls it. (Memory tuning is the host's choice:
    /// `EngineMemory.keepFreedMemory()`.)
    static func configureOnce() { _ = blasConfiguration }

    /// OpenBLAS's current thread count (process-wide; 1 once the engine has run).
    public static var blasThreads: Int { blasThreadCount() }

    /// Products below this many multiply-adds run on one thread in `sgemm`.
    static let parallelGemmMinimum = 1 << 21

    /// How many blocks `sgemm` should cut an m×n×k product into when allowed `threads` (1 inside a parallel region).
    static func gemmParts(m: Int, n: Int, k: Int, threads: Int) -> Int {
        if threads <= 1 || m * n * k < parallelGemmMinimum || max(m, n) < 32 { return 1 }
        return inParallelRegion ? 1 : threads
    }

    /// Whether the calling code runs inside an engine parallel region (then nothing inside splits again).
    static var inParallelRegion: Bool { singleThreadDepth.withLock { $0 } > 0 }

    /// Runs `body` as a parallel region: engine calls inside it (on any thread) run their GEMMs on the calling
    /// thread only. For code that runs engine calls on several threads itself; nests, and may be entered from
    /// several threads at once. (OpenBLAS itself is always at one thread.)
    public static func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        configureOnce()
        singleThreadDepth.withLock { $0 += 1 }
        defer { singleThreadDepth.withLock { $0 -= 1 } }
        return try body()
    }

    /// Runs `body(i)` for i in 0..<count. With `threads > 1` the range is cut into `threads` contiguous
    /// chunks run concurrently as a parallel region (see `withSingleThreadedBLAS`); `chunk` tells `body` which chunk
    /// (0..<threads) runs it, so that per-chunk accumulators need no locks.
    public static func parallelFor(_ count: Int, threads: Int, _ body: (_ i: Int, _ chunk: Int) -> Void) {
        if min(max(1, threads), count) <= 1 {
            for i in 0..<count { body(i, 0) }
            return
        }
        withSingleThreadedBLAS { Parallelism.parallelFor(count, threads: threads, body) }
    }

    /// Runs `body(i)` for i in 0..<count as a parallel region, handing out indices one at a time to the
    /// cores as they become free (balances unequal or contended work; no per-chunk identity); inline when
    /// `threads` ≤ 1.
    public static func parallelForDynamic(_ count: Int, threads: Int, _ body: (_ i: Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withSingleThreadedBLAS { Parallelism.parallelForDynamic(count, threads: threads, body) }
    }

    /// Runs `body(range)` over `count` elements cut into one contiguous range per thread (inline when the
    /// work is below `minimum` elements): for elementwise loops.
    public static func parallelRanges(_ count: Int, threads: Int, minimum: Int = 1 << 16, _ body: (Range<Int>) -> Void) {
        let parts = count >= minimum ? max(1, threads) : 1
        parallelFor(parts, threads: parts) { part, _ in body((part * count / parts)..<((part + 1) * count / parts)) }
    }

    /// The number of threads to spread `items` independent batch items over (1 = run serially, each GEMM
    /// then spreading over the `threads`).
    public static func batchThreads(items: Int, threads: Int) -> Int { items >= 2 ? min(max(1, threads), items) : 1 }
}
