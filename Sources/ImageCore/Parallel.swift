import Dispatch

/// Runs `body(i)` for i in 0..<count on up to `threads` threads (1 = inline, in order).
/// Work is split into contiguous chunks so that results can be written without locks.
public func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    if threads <= 1 || count <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    let chunks = min(threads, count)
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * count / chunks
            let end = (chunk + 1) * count / chunks
            for i in start..<end { body(i) }
        }
    }
}

/// The number of cores the suite uses by default.
public var defaultThreadCount: Int { max(1, ProcessInfoCores.count) }

enum ProcessInfoCores {
    static let count: Int = {
        #if os(Linux)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }()
}
#if os(Linux)
import Glibc
#endif
