// Reusable work buffers (im2col columns and the like), so the hot loops do not allocate and page-fault
// on every call. Thread-safe: each caller gets a buffer of its own for the duration of the closure.
import Foundation
import Parallelism

/// A pool of Float work buffers, reused across layer calls.
public enum Scratch {
    /// The free buffers. Process-wide on purpose: any layer on any thread may reuse a buffer another one
    /// released (the pool is bounded by `keep`, so it costs at most a few work tiles). Under its lock.
    private static let free = Locked<[UnsafeMutableBufferPointer<Float>]>([])
    /// Buffers kept for reuse at most (the others are freed on release).
    private static let keep = 8

    /// Runs `body` with an uninitialised buffer of at least `count` floats.
    public static func with<T>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> T) rethrows -> T {
        let buffer = acquire(max(1, count))
        defer { release(buffer) }
        return try body(buffer.baseAddress!)
    }

    private static func acquire(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        let reused = free.withLock { free -> UnsafeMutableBufferPointer<Float>? in
            // Best fit among the free buffers that are large enough.
            var best = -1
            for (i, b) in free.enumerated() where b.count >= count {
                if best < 0 || b.count < free[best].count { best = i }
            }
            return best >= 0 ? free.remove(at: best) : nil
        }
        return reused ?? UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
    }

    private static func release(_ buffer: UnsafeMutableBufferPointer<Float>) {
        let dropped = free.withLock { free -> UnsafeMutableBufferPointer<Float>? in
            free.append(buffer)
            guard free.count > keep else { return nil }
            // Drop the smallest.
            let i = free.indices.min { free[$0].count < free[$1].count }!
            return free.remove(at: i)
        }
        dropped?.deallocate()
    }
}
