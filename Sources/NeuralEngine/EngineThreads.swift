// Threading policy: OpenBLAS and the engine's own threads must not fight over the cores. (Measured for
// issue 3: two-thread sgemm falls below one-thread speed when another busy thread holds a core; OpenBLAS's
// idle workers also spin for a while after each call.) So OpenBLAS always runs one thread, and the engine
// parallelises itself: over batch items and row bands in the layers, and over blocks of C in `sgemm` when a
// large product is called outside a parallel region.
import Dispatch
import Foundation

/// The engine's thread policy and its one parallel loop.
public enum EngineThreads {
    /// Cores the engine uses (online processors; 2 on the reference machine). Set before first use to change.
    nonisolated(unsafe) public static var cores: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    private static let lock = NSLock()
    nonisolated(unsafe) private static var singleThreadDepth = 0
    nonisolated(unsafe) private static var configured = false

    /// Sets OpenBLAS to one thread the first time the engine calls it.
    static func configureOnce() {
        if configured { return }
        lock.lock()
        if !configured { configured = true; setBLASThreadCount(1); EngineMemory.keepFreedMemory() }
        lock.unlock()
    }

    /// OpenBLAS's current thread count (process-wide; 1 once the engine has run).
    public static var blasThreads: Int { blasThreadCount() }

    /// Products below this many multiply-adds run on one thread in `sgemm`.
    static let parallelGemmMinimum = 1 << 21

    /// How many blocks `sgemm` should cut an m×n×k product into (1 inside a parallel region).
    static func gemmParts(m: Int, n: Int, k: Int) -> Int {
        if cores <= 1 || m * n * k < parallelGemmMinimum || max(m, n) < 32 { return 1 }
        lock.lock()
        defer { lock.unlock() }
        return singleThreadDepth == 0 ? cores : 1
    }

    /// Whether the calling code runs inside an engine parallel region (then nothing inside splits again).
    static var inParallelRegion: Bool {
        lock.lock()
        defer { lock.unlock() }
        return singleThreadDepth > 0
    }

    /// Runs `body` as a parallel region: engine calls inside it (on any thread) run their GEMMs on the calling
    /// thread only. For code that runs engine calls on several threads itself; nests, and may be entered from
    /// several threads at once. (OpenBLAS itself is always at one thread.)
    public static func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        configureOnce()
        lock.lock()
        singleThreadDepth += 1
        lock.unlock()
        defer {
            lock.lock()
            singleThreadDepth -= 1
            lock.unlock()
        }
        return try body()
    }

    /// Runs `body(i)` for i in 0..<count. With `threads > 1` the range is cut into `threads` contiguous
    /// chunks run concurrently as a parallel region (see `withSingleThreadedBLAS`); `chunk` tells `body` which chunk
    /// (0..<threads) runs it, so that per-chunk accumulators need no locks.
    public static func parallelFor(_ count: Int, threads: Int, _ body: (_ i: Int, _ chunk: Int) -> Void) {
        let chunks = min(max(1, threads), count)
        if chunks <= 1 {
            for i in 0..<count { body(i, 0) }
            return
        }
        withSingleThreadedBLAS {
            withoutActuallyEscaping(body) { body in
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = chunk * count / chunks, end = (chunk + 1) * count / chunks
                    for i in start..<end { body(i, chunk) }
                }
            }
        }
    }

    /// Runs `body(i)` for i in 0..<count as a parallel region, handing out indices one at a time to the
    /// cores as they become free (balances unequal or contended work; no per-chunk identity).
    public static func parallelForDynamic(_ count: Int, _ body: (_ i: Int) -> Void) {
        if cores <= 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withSingleThreadedBLAS {
            withoutActuallyEscaping(body) { body in
                DispatchQueue.concurrentPerform(iterations: count) { body($0) }
            }
        }
    }

    /// Runs `body(range)` over `count` elements cut into one contiguous range per core (inline when the
    /// work is below `minimum` elements): for elementwise loops.
    public static func parallelRanges(_ count: Int, minimum: Int = 1 << 16, _ body: (Range<Int>) -> Void) {
        let parts = count >= minimum ? cores : 1
        parallelFor(parts, threads: parts) { part, _ in body((part * count / parts)..<((part + 1) * count / parts)) }
    }

    /// The number of threads to spread `items` independent batch items over (1 = run serially, each GEMM
    /// then spreading over the cores).
    public static func batchThreads(items: Int) -> Int { items >= 2 ? min(cores, items) : 1 }
}
