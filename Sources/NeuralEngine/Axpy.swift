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

/// (Σ x, Σ x²) over n floats: 16-wide Float partial sums over blocks of 1024, accumulated in Double.
@inline(__always)
func sumAndSumOfSquares(_ n: Int, _ x: UnsafePointer<Float>) -> (Double, Double) {
    var sum = 0.0, sumSq = 0.0, i = 0
    let xr = UnsafeRawPointer(x)
    while i < n {
        let end = min(n, i + 1024)
        var s = SIMD16<Float>(), q = SIMD16<Float>()
        while i + 16 <= end {
            let v = xr.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            s += v; q += v * v
            i += 16
        }
        var ss = s.sum(), qq = q.sum()
        while i < end { ss += x[i]; qq += x[i] * x[i]; i += 1 }
        sum += Double(ss); sumSq += Double(qq)
    }
    return (sum, sumSq)
}

/// (Σ a, Σ a·b) over n floats, blocked as `sumAndSumOfSquares`.
@inline(__always)
func sumAndDot(_ n: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> (Double, Double) {
    var sum = 0.0, dot = 0.0, i = 0
    let ar = UnsafeRawPointer(a), br = UnsafeRawPointer(b)
    while i < n {
        let end = min(n, i + 1024)
        var s = SIMD16<Float>(), d = SIMD16<Float>()
        while i + 16 <= end {
            let u = ar.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let v = br.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            s += u; d += u * v
            i += 16
        }
        var ss = s.sum(), dd = d.sum()
        while i < end { ss += a[i]; dd += a[i] * b[i]; i += 1 }
        sum += Double(ss); dot += Double(dd)
    }
    return (sum, dot)
}
