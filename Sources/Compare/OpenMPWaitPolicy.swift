import Foundation

/// oneDNN's OpenMP workers (libgomp) spin after every parallel region by default; between the many short
/// oneDNN calls of a bf16 network the spinning worker took the core the engine's own threads needed (a
/// profile of a batch-1 inference: 59 % of the CPU time in libgomp's wait loop). libgomp reads
/// `OMP_WAIT_POLICY` only when it loads, before `main`, so the executable sets it to PASSIVE and re-executes
/// itself once; a value the user set is kept (docs/bf16.md, threading).
enum OpenMPWaitPolicy {
    static func passiveOrReexecute() {
        #if os(Linux)
            guard getenv("OMP_WAIT_POLICY") == nil else { return }
            setenv("OMP_WAIT_POLICY", "PASSIVE", 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: run on, with spinning OpenMP workers.
        #endif
    }
}
