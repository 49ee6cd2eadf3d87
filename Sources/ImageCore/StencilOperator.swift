// A symmetric sparse operator on a subset of a grid's cells, each unknown coupled to at most its four
// grid neighbours: the Poisson matrix of the hole pixels and its multigrid coarsenings.

/// y = A x with A[k][k] = diagonal[k] and A[k][neighbour[4k+j]] = weight[4k+j] (j: left, right, up, down).
struct StencilOperator {
    /// Grid size.
    let width: Int
    let height: Int
    /// Grid cell (y * width + x) of each unknown.
    let cell: [Int]
    let diagonal: [Double]
    /// Unknown index of the j-th neighbour, or −1 when it is not an unknown.
    let neighbour: [Int]
    let weight: [Double]

    var unknowns: Int { cell.count }

    /// y = A x.
    func apply(_ x: [Double], into y: inout [Double]) {
        for k in 0..<unknowns {
            var sum = diagonal[k] * x[k]
            for j in 0..<4 {
                let h = neighbour[4 * k + j]
                if h >= 0 { sum += weight[4 * k + j] * x[h] }
            }
            y[k] = sum
        }
    }

    /// The Galerkin operator scale · PᵀAP on the grid of 2×2 blocks, where P copies a block's value to each of
    /// its unknown cells (piecewise-constant aggregation), and `parent[k]`, the block unknown of unknown k.
    /// scale = 1/2 makes the coarse operator the plain 5-point stencil again (aggregation alone doubles it).
    func coarsened(scale: Double) -> (coarse: StencilOperator, parent: [Int]) {
        let coarseWidth = (width + 1) / 2, coarseHeight = (height + 1) / 2
        var blockIndex = [Int](repeating: -1, count: coarseWidth * coarseHeight)
        var coarseCell: [Int] = []
        var parent = [Int](repeating: 0, count: unknowns)
        for k in 0..<unknowns {
            let block = (cell[k] / width / 2) * coarseWidth + (cell[k] % width) / 2
            if blockIndex[block] < 0 {
                blockIndex[block] = coarseCell.count
                coarseCell.append(block)
            }
            parent[k] = blockIndex[block]
        }
        var diagonal = [Double](repeating: 0, count: coarseCell.count)
        var neighbour = [Int](repeating: -1, count: 4 * coarseCell.count)
        var weight = [Double](repeating: 0, count: 4 * coarseCell.count)
        for k in 0..<unknowns {
            let p = parent[k]
            diagonal[p] += scale * self.diagonal[k]
            for j in 0..<4 {
                let h = self.neighbour[4 * k + j]
                if h < 0 { continue }
                let q = parent[h]
                if q == p {
                    diagonal[p] += scale * self.weight[4 * k + j]
                } else {
                    neighbour[4 * p + j] = q
                    weight[4 * p + j] += scale * self.weight[4 * k + j]
                }
            }
        }
        let coarse = StencilOperator(
            width: coarseWidth, height: coarseHeight, cell: coarseCell,
            diagonal: diagonal, neighbour: neighbour, weight: weight)
        return (coarse, parent)
    }

    /// The operator as a dense row-major matrix (for the coarsest multigrid level).
    func dense() -> [Double] {
        let n = unknowns
        var a = [Double](repeating: 0, count: n * n)
        for k in 0..<n {
            a[k * n + k] = diagonal[k]
            for j in 0..<4 where neighbour[4 * k + j] >= 0 { a[k * n + neighbour[4 * k + j]] += weight[4 * k + j] }
        }
        return a
    }
}
