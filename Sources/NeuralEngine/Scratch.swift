// Reusable work buffers (im2col columns and the like), so the hot loops do not allocate and page-fault
// on every call. Thread-safe: each caller gets a buffer of its own for the duration of the closure.
import Foundation

/// A pool of Float work buffers, reused across layer calls.
public enum Scratch {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var free: [UnsafeMutableBufferPointer<Float>] = []
    /// Buffers kept for reuse at most (the others are freed on release).
    private static let keep = 8

    /// Runs `body` with an uninitialised buffer of at least `count` floats.
    public static func with<T>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> T) rethrows -> T {
        let buffer = acquire(max(1, count))
        defer { release(buffer) }
        return try body(buffer.baseAddress!)
    }

    private static func acquire(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        lock.lock()
        defer { lock.unlock() }
        // Best fit among the free buffers that are large enough.
        var best = -1
        for (i, b) in free.enumerated() where b.count >= count {
            if best < 0 || b.count < free[best].count { best = i }
        }
        if best >= 0 { return free.remove(at: best) }
        return UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
    }

    private static func release(_ buffer: UnsafeMutableBufferPointer<Float>) {
        lock.lock()
        defer { lock.unlock() }
        free.append(buffer)
        if free.count > keep {
            // Drop the smallest.
            let i = free.indices.min { free[$0].count < free[$1].count }!
            free.remove(at: i).deallocate()
        }
    }
}
