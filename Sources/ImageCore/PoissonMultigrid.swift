// A multigrid V-cycle used as the preconditioner of the conjugate-gradient Poisson solver
// (aggregation multigrid: 2×2 blocks, piecewise-constant prolongation, Galerkin coarse operators scaled
// by 1/2, damped Jacobi smoothing before and after, a dense Cholesky solve on the coarsest grid).
// Pre- and post-smoothing are the same symmetric Jacobi sweeps and restriction is the transpose of
// prolongation, so the preconditioner is symmetric, as CG requires.

/// M⁻¹ ≈ A⁻¹ by one V-cycle.
struct MultigridPreconditioner {
    /// Levels from fine to coarse; `parents[l][k]` is the level-(l+1) unknown of level-l unknown k.
    let levels: [StencilOperator]
    let parents: [[Int]]
    /// Lower-triangular Cholesky factor of the coarsest operator (row-major).
    let coarseFactor: [Double]
    /// Jacobi damping (0.8: a standard smoothing weight for the 5-point Laplacian).
    let damping = 0.8
    /// Jacobi sweeps before and after the coarse correction.
    let sweeps = 2

    /// Coarsens `fine` until at most `coarsestUnknowns` unknowns remain.
    init(fine: StencilOperator, coarsestUnknowns: Int = 64) {
        var levels = [fine]
        var parents: [[Int]] = []
        while levels.last!.unknowns > coarsestUnknowns && (levels.last!.width > 1 || levels.last!.height > 1) {
            let (coarse, parent) = levels.last!.coarsened(scale: 0.5)
            levels.append(coarse)
            parents.append(parent)
        }
        self.levels = levels
        self.parents = parents
        coarseFactor = MultigridPreconditioner.cholesky(levels.last!.dense(), n: levels.last!.unknowns)
    }

    /// z = M⁻¹ r.
    func apply(_ r: [Double]) -> [Double] { vCycle(level: 0, r) }

    private func vCycle(level: Int, _ r: [Double]) -> [Double] {
        let op = levels[level]
        if level == levels.count - 1 { return MultigridPreconditioner.choleskySolve(coarseFactor, r) }
        var x = [Double](repeating: 0, count: op.unknowns)
        var ax = [Double](repeating: 0, count: op.unknowns)
        smooth(op, r, &x, &ax)
        op.apply(x, into: &ax)
        var coarseResidual = [Double](repeating: 0, count: levels[level + 1].unknowns)
        let parent = parents[level]
        for k in 0..<op.unknowns { coarseResidual[parent[k]] += r[k] - ax[k] }
        let correction = vCycle(level: level + 1, coarseResidual)
        for k in 0..<op.unknowns { x[k] += correction[parent[k]] }
        smooth(op, r, &x, &ax)
        return x
    }

    /// `sweeps` damped Jacobi steps x ← x + ω D⁻¹ (r − A x); `ax` is scratch space.
    private func smooth(_ op: StencilOperator, _ r: [Double], _ x: inout [Double], _ ax: inout [Double]) {
        for _ in 0..<sweeps {
            op.apply(x, into: &ax)
            for k in 0..<op.unknowns { x[k] += damping * (r[k] - ax[k]) / op.diagonal[k] }
        }
    }

    /// The lower-triangular L with A = L Lᵀ (A symmetric positive-definite, n×n row-major).
    static func cholesky(_ a: [Double], n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    precondition(sum > 0, "cholesky: matrix not positive-definite at pivot \(i) (\(sum))")
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        return l
    }

    /// Solves L Lᵀ x = b.
    static func choleskySolve(_ l: [Double], _ b: [Double]) -> [Double] {
        let n = b.count
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }
}
