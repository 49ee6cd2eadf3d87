// The sparse linear system of Poisson blending over the hole pixels of a mask (see PoissonBlend.swift),
// and its conjugate-gradient solver, preconditioned by a multigrid V-cycle (PoissonMultigrid.swift).

/// The 5-point Laplacian restricted to a mask's hole pixels, with Neumann conditions at the image border.
struct PoissonSystem {
    /// Image index (y * width + x) of each unknown.
    let pixel: [Int]
    /// For unknown k, `neighbour[4k + j]`: the image index of its j-th in-image neighbour, or −1 (absent).
    let neighbour: [Int]
    /// The matrix: diagonal = number of in-image neighbours, −1 towards each hole neighbour.
    let matrix: StencilOperator
    /// Its preconditioner (built once, shared read-only by the channels).
    let preconditioner: MultigridPreconditioner?

    var unknowns: Int { pixel.count }

    init(mask: Mask) {
        let width = mask.width, height = mask.height
        var index = [Int](repeating: -1, count: width * height)
        var pixel: [Int] = []
        for p in 0..<index.count where mask.isHole[p] {
            index[p] = pixel.count
            pixel.append(p)
        }
        var neighbour = [Int](repeating: -1, count: 4 * pixel.count)
        var holeNeighbour = [Int](repeating: -1, count: 4 * pixel.count)
        var degree = [Double](repeating: 0, count: pixel.count)
        for (k, p) in pixel.enumerated() {
            let x = p % width, y = p / width
            let candidates = [(x > 0, p - 1), (x < width - 1, p + 1), (y > 0, p - width), (y < height - 1, p + width)]
            for (j, (inside, q)) in candidates.enumerated() where inside {
                neighbour[4 * k + j] = q
                holeNeighbour[4 * k + j] = index[q]
                degree[k] += 1
            }
        }
        self.pixel = pixel
        self.neighbour = neighbour
        matrix = StencilOperator(
            width: width, height: height, cell: pixel, diagonal: degree, neighbour: holeNeighbour,
            weight: [Double](repeating: -1, count: 4 * pixel.count))
        // With no known pixel the matrix is singular (pure Neumann): the caller never solves that case.
        preconditioner = pixel.isEmpty || pixel.count == width * height ? nil : MultigridPreconditioner(fine: matrix)
    }

    /// b_k = Σ_{known q} dst_q + Σ_q (src_p − src_q), over the in-image neighbours q of p = pixel[k].
    func rightHandSide(source: [Float], destination: [Float]) -> [Double] {
        var b = [Double](repeating: 0, count: unknowns)
        for (k, p) in pixel.enumerated() {
            var sum = 0.0
            for j in 0..<4 {
                let q = neighbour[4 * k + j]
                if q < 0 { continue }
                sum += Double(source[p]) - Double(source[q])
                if matrix.neighbour[4 * k + j] < 0 { sum += Double(destination[q]) }
            }
            b[k] = sum
        }
        return b
    }

    /// Solves A x = b by preconditioned conjugate gradients from `start`; returns x and the iterations taken.
    func solve(_ b: [Double], start: [Double], parameters: PoissonBlendParameters) -> (x: [Double], iterations: Int) {
        precondition(preconditioner != nil, "PoissonSystem.solve: no unknown, or no known pixel")
        var x = start
        var r = [Double](repeating: 0, count: unknowns)
        matrix.apply(x, into: &r)
        for k in 0..<unknowns { r[k] = b[k] - r[k] }
        let target = parameters.relativeTolerance * max(norm(b), 1e-30)
        var z = preconditioner!.apply(r)
        var p = z
        var rz = dot(r, z)
        var ap = [Double](repeating: 0, count: unknowns)
        var iterations = 0
        while iterations < parameters.maximumIterations && norm(r) > target {
            iterations += 1
            matrix.apply(p, into: &ap)
            let alpha = rz / dot(p, ap)
            for k in 0..<unknowns {
                x[k] += alpha * p[k]
                r[k] -= alpha * ap[k]
            }
            z = preconditioner!.apply(r)
            let next = dot(r, z)
            let beta = next / rz
            rz = next
            for k in 0..<unknowns { p[k] = z[k] + beta * p[k] }
        }
        return (x, iterations)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for k in 0..<a.count { s += a[k] * b[k] }
        return s
    }

    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
