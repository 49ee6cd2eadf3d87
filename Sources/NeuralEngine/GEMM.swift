// The GEMM wrapper: the engine's single entry to OpenBLAS's sgemm (row-major), with shape preconditions,
// and a naive triple loop beside it that the tests use as the reference.
import CBLAS
import Dispatch
import Foundation

/// Row-major single-precision matrix product `C = alpha · op(A) · op(B) + beta · C`.
///
/// `op(A)` is `m×k` (A stored `m×k` with leading dimension `lda ≥ k`, or `k×m` with `lda ≥ m` when `transA`),
/// `op(B)` is `k×n` (`ldb ≥ n`, or `ldb ≥ k` when `transB`), C is `m×n` with `ldc ≥ n`.
/// OpenBLAS itself always runs one thread (its idle workers would spin against the engine's threads); a large
/// product called outside the engine's parallel regions is cut into one block of C per thread instead, over
/// `threads` threads (the caller's `EngineOptions.threads`; 1 keeps it on the calling thread).
public func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
) {
    checkGemmShapes(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
    if m == 0 || n == 0 { return }
    EngineThreads.configureOnce()
    let parts = EngineThreads.gemmParts(m: m, n: n, k: k, threads: threads)
    func block(_ rows: Range<Int>, _ cols: Range<Int>) {
        let ap = transA ? a + rows.lowerBound : a + rows.lowerBound * lda
        let bp = transB ? b + cols.lowerBound * ldb : b + cols.lowerBound
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(rows.count), Int32(cols.count), Int32(k), alpha, ap, Int32(lda), bp, Int32(ldb), beta,
            c + rows.lowerBound * ldc + cols.lowerBound, Int32(ldc))
    }
    if parts <= 1 { block(0..<m, 0..<n); return }
    // Split the longer side of C, in multiples of 16 so that every block keeps whole micro-tiles.
    let splitColumns = n >= m
    let side = splitColumns ? n : m
    let unit = max(16, (side / parts + 15) / 16 * 16)
    let blocks = (side + unit - 1) / unit
    withoutActuallyEscaping(block) { block in
        DispatchQueue.concurrentPerform(iterations: blocks) { p in
            let r = (p * unit)..<min(side, (p + 1) * unit)
            if splitColumns { block(0..<m, r) } else { block(r, 0..<n) }
        }
    }
}

/// The same product as `sgemm`, by a plain triple loop with Double accumulation: the test reference.
public func naiveSgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    checkGemmShapes(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transA ? a[p * lda + i] : a[i * lda + p]
                let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                s += Double(av) * Double(bv)
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
            c[i * ldc + j] = Float(Double(alpha) * s + old)
        }
    }
}

private func checkGemmShapes(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int) {
    precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transA ? m : k), "sgemm: lda=\(lda) too small for m=\(m) k=\(k) transA=\(transA)")
    precondition(ldb >= max(1, transB ? k : n), "sgemm: ldb=\(ldb) too small for k=\(k) n=\(n) transB=\(transB)")
    precondition(ldc >= max(1, n), "sgemm: ldc=\(ldc) too small for n=\(n)")
    precondition(m < Int(Int32.max) && n < Int(Int32.max) && k < Int(Int32.max), "sgemm: sizes exceed Int32")
}

/// Sets OpenBLAS's (process-wide) thread count.
func setBLASThreadCount(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

/// OpenBLAS's current (process-wide) thread count.
func blasThreadCount() -> Int { Int(openblas_get_num_threads()) }

/// The OpenBLAS kernel set in use and why, for benchmark reports: e.g. "Haswell (OPENBLAS_CORETYPE=Haswell)"
/// or "Cooperlake (detected)". `OPENBLAS_CORETYPE` forces a kernel set; the AVX2 Haswell kernels run sgemm at
/// about half the speed of the AVX-512 ones on a Zen 4 core.
public var blasKernelDescription: String {
    let name = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !forced.isEmpty {
        return "\(name) (OPENBLAS_CORETYPE=\(forced))"
    }
    return "\(name) (detected)"
}
