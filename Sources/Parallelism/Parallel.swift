// The suite's parallel loops and its core count. Every target that runs work on several threads uses these
// (NeuralEngine wraps them in its parallel regions, EngineThreads.swift), so there is one default core count
// and one way of cutting a range into chunks.
import Dispatch
import Foundation

/// Runs `body(i)` for i in 0..<count on up to `threads` threads (1 = inline, in order).
/// Work is split into contiguous chunks so that results can be written without locks.
public func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    parallelFor(count, threads: threads) { i, _ in body(i) }
}

/// Runs `body(i, chunk)` for i in 0..<count: the range is cut into `min(threads, count)` contiguous chunks run
/// concurrently (inline, in order, when that is 1); `chunk` (0..<threads) tells `body` which chunk runs it, so
/// that per-chunk accumulators need no locks.
public func parallelFor(_ count: Int, threads: Int, _ body: (_ i: Int, _ chunk: Int) -> Void) {
    let chunks = min(max(1, threads), count)
    if chunks <= 1 {
        for i in 0..<count { body(i, 0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * count / chunks, end = (chunk + 1) * count / chunks
            for i in start..<end { body(i, chunk) }
        }
    }
}

/// Runs `body(i)` for i in 0..<count, handing out indices one at a time to the cores as they become free
/// (balances unequal or contended work; no per-chunk identity). Inline, in order, when `threads` ≤ 1.
public func parallelForDynamic(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    if threads <= 1 || count <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: count) { body($0) }
    }
}

/// The number of cores the suite uses by default: the processors this process may run on
/// (`ProcessInfo.activeProcessorCount`; 2 on the reference machine). Every `threads` default in the suite,
/// the neural engine's included (`EngineOptions.threads`), is this value.
public let defaultThreadCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
