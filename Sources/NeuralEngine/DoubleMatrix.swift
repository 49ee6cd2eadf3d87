// Double-precision dense matrix products for statistics (FID covariances): OpenBLAS dgemm, row-major.
import CBLAS

/// Row-major `op(A) · op(B)` in Double, with `op(A)` m×k and `op(B)` k×n (A stored k×m when `transA`,
/// B stored n×k when `transB`). Returns the m×n product.
public func dgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, a: [Double], b: [Double]) -> [Double] {
    precondition(
        m >= 0 && n >= 0 && k >= 0 && a.count == m * k && b.count == k * n,
        "dgemm: \(a.count) and \(b.count) entries for m=\(m) n=\(n) k=\(k)")
    var c = [Double](repeating: 0, count: m * n)
    if m == 0 || n == 0 || k == 0 { return c }
    EngineThreads.configureOnce()
    cblas_dgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), 1, a, Int32(transA ? m : k), b, Int32(transB ? k : n), 0, &c, Int32(n))
    return c
}
