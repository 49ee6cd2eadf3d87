// Wall and CPU time of a piece of work. CPU time is the whole process's (all threads), read from
// CLOCK_PROCESS_CPUTIME_ID, so a method's worker threads count; the driver runs one method at a time.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall and CPU seconds of one measured piece of work.
public struct Elapsed: Equatable, Sendable {
    public var wall: Double
    public var cpu: Double
}

/// Measures wall and CPU time.
public enum Stopwatch {
    /// Seconds on the monotonic clock.
    public static func wallNow() -> Double { read(CLOCK_MONOTONIC) }

    /// CPU seconds of the process so far.
    public static func cpuNow() -> Double { read(CLOCK_PROCESS_CPUTIME_ID) }

    /// Runs `body` and returns its result with the time it took.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (T, Elapsed) {
        let wall0 = wallNow(), cpu0 = cpuNow()
        let result = try body()
        return (result, Elapsed(wall: wallNow() - wall0, cpu: cpuNow() - cpu0))
    }

    private static func read(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
