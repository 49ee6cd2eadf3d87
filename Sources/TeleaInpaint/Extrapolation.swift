// How one pixel is inpainted (Telea 2004, §2.1–2.3): a weighted mean, over the pixels q with a value in
// the disc B_ε(p), of the first-order estimate I(q) + ∇I(q)·(p − q), with the weight w = dir · dst · lev:
//   dir = |(p − q)/|p − q| · N(p)|   N = ∇T/|∇T|, the normal of the front at p: favours q along the normal;
//   dst = d0² / |p − q|²             d0 = 1: favours close pixels;
//   lev = T0 / (1 + |T(p) − T(q)|)   T0 = 1: favours q on the same level set (same distance to the boundary).
// ∇I(q) is a central difference where all four neighbours of q have a value, else 0 (the paper's rule).
// Choices the paper leaves open (docs/methods-and-masks.md): dir is taken in absolute value and floored at
// 1e-6 so every weight is positive; ∇T uses central differences where both neighbours have a T, a one-sided
// difference where only one does, and 0 where none does; each value is clamped to [0, 1] when written (as
// an 8-bit implementation saturates), so an overshoot never feeds the next pixels.

import ImageCore

/// The inpainting of one pixel from its neighbourhood.
struct Extrapolation {
    /// Offsets (dx, dy) of the disc of radius ε, without (0, 0), with their 1/|r|² distance weight.
    let offsets: [(dx: Int, dy: Int, distanceWeight: Double)]
    /// Whether the estimate from q includes ∇I(q)·(p − q) (`Parameters.firstOrder`).
    let firstOrder: Bool

    init(radius: Double, firstOrder: Bool) {
        self.firstOrder = firstOrder
        let reach = Int(radius.rounded(.down))
        var offsets: [(Int, Int, Double)] = []
        for dy in -reach...reach {
            for dx in -reach...reach where (dx != 0 || dy != 0) && Double(dx * dx + dy * dy) <= radius * radius {
                offsets.append((dx, dy, 1 / Double(dx * dx + dy * dy)))
            }
        }
        self.offsets = offsets
    }

    /// Writes the inpainted value of `pixel` into `m.image`.
    func inpaint(pixel: Int, in m: inout FastMarching) {
        let (px, py) = (pixel % m.width, pixel / m.width)
        let plane = m.image.planeSize, channels = m.image.channels
        let normal = frontNormal(px, py, m)
        var sums = [Double](repeating: 0, count: channels)
        var totalWeight = 0.0
        for (dx, dy, distanceWeight) in offsets {
            let qx = px + dx, qy = py + dy
            guard m.hasValue(qx, qy) else { continue }
            let q = qy * m.width + qx
            // r = p − q, the step from q to the pixel being filled.
            let rx = Double(-dx), ry = Double(-dy)
            let length = distanceWeight.squareRoot()  // 1/|r|
            var direction = abs((rx * normal.x + ry * normal.y) * length)
            if normal.x == 0 && normal.y == 0 { direction = 1 }
            let level = 1 / (1 + abs(m.time[pixel] - m.time[q]))
            let w = max(direction, 1e-6) * distanceWeight * level
            for c in 0..<channels {
                let g = gradient(of: c, qx, qy, m)
                sums[c] += w * (Double(m.image.pixels[c * plane + q]) + g.x * rx + g.y * ry)
            }
            totalWeight += w
        }
        // Never empty: the band reaches p from a neighbour with a value, which lies in the disc (ε ≥ 1).
        precondition(totalWeight > 0, "Telea: pixel (\(px), \(py)) reached with no valued neighbour")
        for c in 0..<channels {
            m.image.pixels[c * plane + pixel] = Float(min(max(sums[c] / totalWeight, 0), 1))
        }
    }

    /// N(p) = ∇T/|∇T| from the neighbours that have a T (not inside), or (0, 0) where it vanishes.
    func frontNormal(_ x: Int, _ y: Int, _ m: FastMarching) -> (x: Double, y: Double) {
        let center = m.time[y * m.width + x]
        let gx = difference(
            center, m.hasValue(x - 1, y) ? m.time[y * m.width + x - 1] : nil,
            m.hasValue(x + 1, y) ? m.time[y * m.width + x + 1] : nil)
        let gy = difference(
            center, m.hasValue(x, y - 1) ? m.time[(y - 1) * m.width + x] : nil,
            m.hasValue(x, y + 1) ? m.time[(y + 1) * m.width + x] : nil)
        let norm = (gx * gx + gy * gy).squareRoot()
        return norm > 0 ? (gx / norm, gy / norm) : (0, 0)
    }

    /// ∇I of channel c at q: central differences when all four neighbours of q have a value, else (0, 0),
    /// as the paper's pseudocode does. (One-sided differences at the front were tried: they feed each new
    /// value's overshoot at an edge into the next pixel's gradient, and streaks of saturated colour grow
    /// across large holes; docs/methods-and-masks.md.)
    func gradient(of c: Int, _ x: Int, _ y: Int, _ m: FastMarching) -> (x: Double, y: Double) {
        guard firstOrder, m.hasValue(x - 1, y), m.hasValue(x + 1, y), m.hasValue(x, y - 1), m.hasValue(x, y + 1) else {
            return (0, 0)
        }
        let plane = m.image.planeSize, w = m.width, base = c * plane + y * w + x
        let px = m.image.pixels
        return ((Double(px[base + 1]) - Double(px[base - 1])) / 2, (Double(px[base + w]) - Double(px[base - w])) / 2)
    }

    /// Central difference (next − previous)/2 when both exist, one-sided when one does, else 0.
    @inline(__always) func difference(_ center: Double, _ previous: Double?, _ next: Double?) -> Double {
        switch (previous, next) {
        case let (p?, n?): return (n - p) / 2
        case let (p?, nil): return center - p
        case let (nil, n?): return n - center
        case (nil, nil): return 0
        }
    }
}
