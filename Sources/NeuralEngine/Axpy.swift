// y += a·x over contiguous Float runs, with explicit 16-wide SIMD (LLVM cannot prove that raw pointers do
// not alias, so the plain loop is not always vectorised).

/// y[i] += a·x[i] for i in 0..<n.
@inline(__always)
func axpy(_ n: Int, _ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
    var i = 0
    let av = SIMD16<Float>(repeating: a)
    let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
    while i + 16 <= n {
        let xv = xr.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        let yv = yr.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        yr.storeBytes(of: yv + av * xv, toByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    while i < n { y[i] += a * x[i]; i += 1 }
}
