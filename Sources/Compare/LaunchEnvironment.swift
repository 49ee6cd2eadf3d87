import Foundation

/// Settings that the C libraries read only when they load, before `main`, so the executable sets them and
/// re-executes itself once; a value the user set is kept (docs/bf16.md, "Threading" and "Memory"):
/// - `OMP_WAIT_POLICY=PASSIVE`: oneDNN's OpenMP workers (libgomp) spin after every parallel region by
///   default; between the many short oneDNN calls of a bf16 network the spinning worker took the core the
///   engine's own threads needed (a profile of a batch-1 inference: 59 % of the CPU time in libgomp's wait loop).
/// - `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`: glibc asks for transparent huge pages on the large blocks it
///   maps (the networks' activations and gradients, fresh every step); fewer page faults and TLB misses
///   made bf16 training steps about 5 % faster.
enum LaunchEnvironment {
    static let settings = [("OMP_WAIT_POLICY", "PASSIVE"), ("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")]

    static func applyOrReexecute() {
        #if os(Linux)
            let missing = settings.filter { getenv($0.0) == nil }
            guard !missing.isEmpty else { return }
            for (name, value) in missing { setenv(name, value, 1) }
            execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: run on with the libraries' defaults.
        #endif
    }
}
