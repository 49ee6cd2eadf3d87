// The marching loop and the arrival-time update of Telea 2004, §3 (the paper's pseudocode, with the
// update of T done before the pixel is inpainted, since the inpainting weights use T(p)).

import ImageCore

/// Where a pixel stands in the march (the paper's flag f).
enum PixelState: UInt8 {
    /// Its value is final: an original known pixel, or an inpainted one the band has passed.
    case known
    /// On the narrow band: it has a value (original or inpainted) and a tentative T.
    case band
    /// Still in the hole: no value yet, T = ∞.
    case inside
}

/// The state of one inpainting: image, flags and arrival times.
struct FastMarching {
    var image: Image
    var state: [PixelState]
    /// Arrival time T: 0 on the known region and its boundary, distance to the boundary inside.
    var time: [Double]
    var band = NarrowBand()
    let width: Int, height: Int
    let extrapolation: Extrapolation

    init(image: Image, mask: Mask, radius: Double, firstOrder: Bool) {
        self.image = image
        width = image.width
        height = image.height
        state = mask.isHole.map { $0 ? .inside : .known }
        time = mask.isHole.map { $0 ? .infinity : 0 }
        extrapolation = Extrapolation(radius: radius, firstOrder: firstOrder)
        // The initial band: known pixels with a hole among their 4 neighbours (the boundary ∂Ω), at T = 0.
        var boundary: [Int] = []
        for y in 0..<height {
            for x in 0..<width where state[y * width + x] == .known {
                if neighbours(x, y).contains(where: { state[$0] == .inside }) {
                    state[y * width + x] = .band
                    band.insert(pixel: y * width + x, time: 0)
                    boundary.append(y * width + x)
                }
            }
        }
        // Known pixels: T = −(distance to the boundary), over a band wider than ε (OutsideDistance).
        let limit = 2 * radius + 2
        let outside = OutsideDistance.distances(mask: mask, boundary: boundary, limit: limit)
        for i in time.indices where !mask.isHole[i] { time[i] = -min(outside[i], limit) }
    }

    /// Pops the band's smallest T, freezes it, and advances the front to its 4 neighbours, until the band is empty.
    mutating func march() {
        while let entry = band.popSmallest() {
            let p = entry.pixel
            // A stale entry: the pixel was frozen already, or was pushed again with a smaller T.
            guard state[p] != .known, entry.time == time[p] else { continue }
            state[p] = .known
            for n in neighbours(p % width, p / width) where state[n] != .known {
                let t = arrivalTime(n % width, n / width)
                if state[n] == .inside {
                    // Inpainted while still `inside`, so that its own (unknown) value is never used.
                    time[n] = t
                    let fill = extrapolation
                    fill.inpaint(pixel: n, in: &self)
                    state[n] = .band
                    band.insert(pixel: n, time: t)
                } else if t < time[n] {
                    time[n] = t
                    band.insert(pixel: n, time: t)
                }
            }
        }
    }

    /// The upwind solution of |∇T| = 1 at (x, y) from its frozen neighbours: along each axis the smaller
    /// frozen T, then the two-axis quadratic (T − a)² + (T − b)² = 1 when both axes have one and
    /// |a − b| < 1, else the one-axis solution min + 1.
    func arrivalTime(_ x: Int, _ y: Int) -> Double {
        func frozen(_ xx: Int, _ yy: Int) -> Double {
            guard xx >= 0, xx < width, yy >= 0, yy < height, state[yy * width + xx] == .known else { return .infinity }
            return time[yy * width + xx]
        }
        return FastMarching.upwind(min(frozen(x - 1, y), frozen(x + 1, y)), min(frozen(x, y - 1), frozen(x, y + 1)))
    }

    /// The solution T of (T − a)² + (T − b)² = 1 with T ≥ a, b when |a − b| < 1, else min(a, b) + 1;
    /// a and b are the smaller frozen times along each axis (+∞ where none).
    static func upwind(_ a: Double, _ b: Double) -> Double {
        if a.isFinite && b.isFinite && abs(a - b) < 1 {
            let d = a - b
            return (a + b + (2 - d * d).squareRoot()) / 2
        }
        return min(a, b) + 1
    }

    /// Row-major indices of the 4-neighbours of (x, y) inside the image.
    func neighbours(_ x: Int, _ y: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(4)
        if x > 0 { out.append(y * width + x - 1) }
        if x + 1 < width { out.append(y * width + x + 1) }
        if y > 0 { out.append((y - 1) * width + x) }
        if y + 1 < height { out.append((y + 1) * width + x) }
        return out
    }

    /// Whether (x, y) is inside the image and has a value (original or already inpainted).
    @inline(__always) func hasValue(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height && state[y * width + x] != .inside
    }
}
