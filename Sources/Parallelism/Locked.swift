import Foundation

/// A value shared between threads, read and changed only under its lock: the suite's process-wide caches
/// (FFTW plans, the neural engine's scratch buffers and parallel-region depth) hold their state in one of
/// these instead of an unsynchronised global variable. (`Synchronization.Mutex` would do the same but needs
/// macOS 15; the package supports macOS 13.)
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value with the lock held (do not call back into the same `Locked` from it).
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
