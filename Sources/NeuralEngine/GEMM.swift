// The GEMM wrapper: the engine's single entry to OpenBLAS's sgemm (row-major), with shape preconditions,
// and a naive triple loop beside it that the tests use as the reference.
import CBLAS

/// Row-major single-precision matrix product `C = alpha · op(A) · op(B) + beta · C`.
///
/// `op(A)` is `m×k` (A stored `m×k` with leading dimension `lda ≥ k`, or `k×m` with `lda ≥ m` when `transA`),
/// `op(B)` is `k×n` (`ldb ≥ n`, or `ldb ≥ k` when `transB`), C is `m×n` with `ldc ≥ n`.
public func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    checkGemmShapes(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
    if m == 0 || n == 0 { return }
    EngineThreads.configureOnce()
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The same product as `sgemm`, by a plain triple loop with Double accumulation: the test reference.
public func naiveSgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                       a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                       beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
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
