// The nearest-neighbour field (NNF): for every target patch centre A, an offset to its source centre B = A + offset
// and the patch distance d(A, B). Entries outside the dilated hole are the identity with distance 0.
import ImageCore

struct NearestNeighborField {
    let width: Int
    let height: Int
    /// Horizontal offsets B.x − A.x.
    var dx: [Int32]
    /// Vertical offsets B.y − A.y.
    var dy: [Int32]
    /// Patch distances d(A, B) (weighted SSD / compared pixels, 0–255 units).
    var distance: [Float]

    /// The identity field (every offset 0, distance 0).
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        dx = [Int32](repeating: 0, count: width * height)
        dy = dx
        distance = [Float](repeating: 0, count: width * height)
    }

    /// Calls `body` with raw views of the three arrays (valid for the call).
    mutating func withPointers(_ body: (FieldPointers) -> Void) {
        dx.withUnsafeMutableBufferPointer { dx in
            dy.withUnsafeMutableBufferPointer { dy in
                distance.withUnsafeMutableBufferPointer { d in
                    body(FieldPointers(dx: dx.baseAddress!, dy: dy.baseAddress!, distance: d.baseAddress!))
                }
            }
        }
    }

    /// Nearest-neighbour upsampling to the next finer level (§10): fine (x, y) takes coarse (⌊x/2⌋, ⌊y/2⌋)
    /// with the offset doubled. Only the fine dilated hole is filled (the rest stays the identity); a target
    /// that is not a valid source at the fine level (cannot happen with the conservative masks, but checked) is
    /// redrawn uniformly among the valid sources.
    func upsampled(to level: LevelImage, random: inout SplitMix64, sources: [Int32]) -> NearestNeighborField {
        var fine = NearestNeighborField(width: level.width, height: level.height)
        for y in 0..<level.height {
            for x in 0..<level.width where level.dilatedHole[x, y] {
                let c = min(y / 2, height - 1) * width + min(x / 2, width - 1)
                var ox = Int(dx[c]) * 2, oy = Int(dy[c]) * 2
                if !level.isValidSource(x + ox, y + oy) {
                    let s = Int(sources[uniform(0, sources.count - 1, &random)])
                    ox = s % level.width - x
                    oy = s / level.width - y
                }
                let i = y * level.width + x
                fine.dx[i] = Int32(ox)
                fine.dy[i] = Int32(oy)
                fine.distance[i] = distance[c]
            }
        }
        return fine
    }
}
