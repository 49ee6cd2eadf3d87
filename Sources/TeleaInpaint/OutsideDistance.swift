// The arrival time outside the hole (Telea 2004, §4): before inpainting, the paper runs the fast marching
// method from the hole's boundary outwards into the known region, over a band a little wider than ε, and
// gives the known pixels T = −(their distance to the boundary). The level-set weight 1/(1 + |T(p) − T(q)|)
// then prefers known pixels close to the boundary over those deeper in the known region, instead of weighing
// every known pixel as if it lay on the boundary (T = 0).

import ImageCore

enum OutsideDistance {
    /// Distance from the boundary (`boundary`, row-major indices, distance 0) through the known pixels of
    /// `mask`, computed up to `limit`; +∞ for hole pixels and for known pixels farther than `limit`.
    static func distances(mask: Mask, boundary: [Int], limit: Double) -> [Double] {
        let width = mask.width, height = mask.height
        var distance = [Double](repeating: .infinity, count: width * height)
        var frozen = [Bool](repeating: false, count: width * height)
        var band = NarrowBand()
        for p in boundary {
            distance[p] = 0
            band.insert(pixel: p, time: 0)
        }
        func value(_ x: Int, _ y: Int) -> Double {
            guard x >= 0, x < width, y >= 0, y < height, frozen[y * width + x] else { return .infinity }
            return distance[y * width + x]
        }
        while let entry = band.popSmallest() {
            let p = entry.pixel
            guard !frozen[p], entry.time == distance[p] else { continue }
            frozen[p] = true
            guard entry.time < limit else { continue }
            let (x, y) = (p % width, p / width)
            for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
            where nx >= 0 && nx < width && ny >= 0 && ny < height && !frozen[ny * width + nx] && !mask[nx, ny] {
                let t = FastMarching.upwind(min(value(nx - 1, ny), value(nx + 1, ny)), min(value(nx, ny - 1), value(nx, ny + 1)))
                let n = ny * width + nx
                if t < distance[n] {
                    distance[n] = t
                    band.insert(pixel: n, time: t)
                }
            }
        }
        return distance
    }
}
