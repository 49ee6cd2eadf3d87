// The exact nearest-neighbour field through FFTs (ExactPatchSearch, FFTPatchSearch.swift): every target of the dilated hole
// gets its true best source. Not in the reference; used at the coarsest level with `exactNearestNeighbors`
// and as the ground truth of the PatchMatch test.
import ImageCore

struct ExactNearestNeighbors {
    let threads: Int
    let useFeatures: Bool

    /// Sets every dilated-hole entry of `field` to its exact best valid source (partial comparison with
    /// `compared`, as PatchMatch); entries with no compared pixel keep their offset with distance infinity.
    func run(level: LevelImage, field: inout NearestNeighborField, compared: [Float]?) {
        let planes = level.distancePlanes(withFeatures: useFeatures)
        let search = ExactPatchSearch(
            planes: planes, weights: [Float](repeating: 1, count: planes.count),
            width: level.width, height: level.height, patchSize: level.patchSize)
        let targets = (0..<(level.width * level.height)).filter { level.dilatedHole.values[$0] }
        var matches = [ExactPatchSearch.Match?](repeating: nil, count: targets.count)
        let w = level.width
        matches.withUnsafeMutableBufferPointer { out in
            let results = out.baseAddress!
            parallelFor(targets.count, threads: threads) { k in
                let t = targets[k]
                results[k] = search.nearest(
                    toPatchAt: t % w, t / w,
                    isCompared: { x, y in
                        compared.map { $0[y * w + x] > 0 } ?? true
                    }, isValidSource: level.isSource)
            }
        }
        for (k, t) in targets.enumerated() {
            if let m = matches[k] {
                field.dx[t] = Int32(m.x - t % w)
                field.dy[t] = Int32(m.y - t / w)
                field.distance[t] = m.distance
            } else {
                field.distance[t] = .infinity
            }
        }
    }
}
