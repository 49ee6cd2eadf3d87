// The working image of one pyramid level: one SIMD8 vector per pixel, interleaved so that a patch row is
// contiguous memory and the patch distance is a short loop of vector operations.
//
// Lanes 0–2: colour in 0–255 units (lane 0 only for grey images); lanes 3–4: the texture features multiplied by
// √λ, so that a plain sum of squared lane differences is the reference's Σ colour² + λ Σ features²; lanes 5–7: 0.

typealias PixelVector = SIMD8<Float>

/// What a pixel of a level is, for the search.
enum PixelState: UInt8 {
    /// Outside the dilated hole: its patch may be copied from.
    case source
    /// Within half a patch of the hole (the dilated hole) but not in it: known, never a source.
    case band
    /// In the hole at this level.
    case hole
}

/// One pyramid level prepared for the search/reconstruct loop.
struct LevelImage {
    let width: Int
    let height: Int
    let patchSize: Int
    /// The pixels; hole pixels hold the current estimate.
    var pixels: [PixelVector]
    /// Hole at this level (`occVol`).
    let hole: BinaryGrid
    /// The hole dilated by a patch (`occVolDilate`): the nearest-neighbour field is optimised there.
    let dilatedHole: BinaryGrid
    /// Valid source centres: patch inside the image and free of hole pixels.
    let isSource: [Bool]
    /// Number of colour lanes (1 or 3).
    let colourChannels: Int

    init(level: PyramidLevel, patchSize: Int, featureWeight: Float) {
        width = level.colour.width
        height = level.colour.height
        self.patchSize = patchSize
        hole = level.hole
        dilatedHole = level.hole.dilated(by: patchSize)
        colourChannels = level.colour.planes.count
        let h = patchSize / 2
        var sources = [Bool](repeating: false, count: width * height)
        for y in h..<max(h, height - h) {
            for x in h..<max(h, width - h) where !dilatedHole[x, y] { sources[y * width + x] = true }
        }
        isSource = sources
        let scale = featureWeight.squareRoot()
        var vectors = [PixelVector](repeating: .zero, count: width * height)
        for i in 0..<(width * height) {
            var v = PixelVector.zero
            for c in 0..<colourChannels { v[c] = level.colour.planes[c][i] }
            if let f = level.features {
                v[3] = scale * f.planes[0][i]
                v[4] = scale * f.planes[1][i]
            }
            vectors[i] = v
        }
        pixels = vectors
    }

    /// Whether (x, y) may be used as a source patch centre.
    @inline(__always) func isValidSource(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && isSource[y * width + x]
    }

    /// The rows that contain dilated-hole pixels, with each row's first and last such x (nil for none).
    func dilatedRowSpans() -> [(y: Int, x0: Int, x1: Int)] {
        var spans: [(Int, Int, Int)] = []
        for y in 0..<height {
            var x0 = -1, x1 = -1
            for x in 0..<width where dilatedHole[x, y] {
                if x0 < 0 { x0 = x }
                x1 = x
            }
            if x0 >= 0 { spans.append((y, x0, x1)) }
        }
        return spans
    }

    /// Planar copies of the lanes that enter the distance (colour, then features if any), for the FFT search.
    func distancePlanes(withFeatures: Bool) -> [[Float]] {
        let lanes = Array(0..<colourChannels) + (withFeatures ? [3, 4] : [])
        return lanes.map { lane in pixels.map { $0[lane] } }
    }
}
