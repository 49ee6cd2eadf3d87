// Binary morphology on row-major Bool masks (true = hole), as the reference uses it (§2, §3, §7).
// Pixels outside the image are ignored: erosion keeps a pixel when every in-image neighbour is set, so a hole
// touching the border does not erode from that side.

/// A row-major boolean grid with its size.
struct BinaryGrid: Equatable {
    let width: Int
    let height: Int
    var values: [Bool]

    init(width: Int, height: Int, values: [Bool]) {
        precondition(values.count == width * height, "BinaryGrid: \(values.count) values for \(width)x\(height)")
        self.width = width
        self.height = height
        self.values = values
    }

    subscript(x: Int, y: Int) -> Bool { values[y * width + x] }

    var isEmpty: Bool { !values.contains(true) }
    var isFull: Bool { !values.contains(false) }

    /// Dilation by a centred `size × size` square (size odd).
    func dilated(by size: Int) -> BinaryGrid {
        let h = size / 2
        // Separable: a horizontal then a vertical running "any" over windows of width `size`.
        var rows = [Bool](repeating: false, count: values.count)
        for y in 0..<height {
            var last = -Int.max / 2  // last set x seen so far
            var next = [Int](repeating: Int.max / 2, count: width)
            var upcoming = Int.max / 2
            for x in stride(from: width - 1, through: 0, by: -1) {
                if values[y * width + x] { upcoming = x }
                next[x] = upcoming
            }
            for x in 0..<width {
                if values[y * width + x] { last = x }
                rows[y * width + x] = x - last <= h || next[x] - x <= h
            }
        }
        var out = [Bool](repeating: false, count: values.count)
        for x in 0..<width {
            var last = -Int.max / 2
            var upcoming = Int.max / 2
            var next = [Int](repeating: Int.max / 2, count: height)
            for y in stride(from: height - 1, through: 0, by: -1) {
                if rows[y * width + x] { upcoming = y }
                next[y] = upcoming
            }
            for y in 0..<height {
                if rows[y * width + x] { last = y }
                out[y * width + x] = y - last <= h || next[y] - y <= h
            }
        }
        return BinaryGrid(width: width, height: height, values: out)
    }

    /// Erosion by a 3×3 square, ignoring pixels outside the image.
    func eroded3x3() -> BinaryGrid {
        var out = [Bool](repeating: false, count: values.count)
        for y in 0..<height {
            for x in 0..<width where values[y * width + x] {
                var keep = true
                for j in max(0, y - 1)...min(height - 1, y + 1) where keep {
                    for i in max(0, x - 1)...min(width - 1, x + 1) where !values[j * width + i] { keep = false }
                }
                out[y * width + x] = keep
            }
        }
        return BinaryGrid(width: width, height: height, values: out)
    }

    /// Keeps (2x, 2y); the new size is ceil(n / 2).
    func subsampled() -> BinaryGrid {
        let w = (width + 1) / 2, h = (height + 1) / 2
        var out = [Bool](repeating: false, count: w * h)
        for y in 0..<h {
            for x in 0..<w { out[y * w + x] = values[2 * y * width + 2 * x] }
        }
        return BinaryGrid(width: w, height: h, values: out)
    }

    /// The number of 3×3 erosions that empty the mask (the reference's `maxOccDistance`), computed as the
    /// largest chessboard distance from a set pixel to the nearest unset in-image pixel.
    func erosionsToEmpty() -> Int {
        let big = width + height
        var d = values.map { $0 ? big : 0 }
        // Two-pass chessboard distance transform.
        for y in 0..<height {
            for x in 0..<width where d[y * width + x] > 0 {
                var m = d[y * width + x]
                if x > 0 { m = min(m, d[y * width + x - 1] + 1) }
                if y > 0 {
                    for i in max(0, x - 1)...min(width - 1, x + 1) { m = min(m, d[(y - 1) * width + i] + 1) }
                }
                d[y * width + x] = m
            }
        }
        for y in stride(from: height - 1, through: 0, by: -1) {
            for x in stride(from: width - 1, through: 0, by: -1) where d[y * width + x] > 0 {
                var m = d[y * width + x]
                if x < width - 1 { m = min(m, d[y * width + x + 1] + 1) }
                if y < height - 1 {
                    for i in max(0, x - 1)...min(width - 1, x + 1) { m = min(m, d[(y + 1) * width + i] + 1) }
                }
                d[y * width + x] = m
            }
        }
        return d.max() ?? 0
    }
}
