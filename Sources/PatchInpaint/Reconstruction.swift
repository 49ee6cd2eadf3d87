// Reconstruction of the hole from the nearest-neighbour field (docs/patch-method.md §8–§9; paper §2.1, eq. (5)).
//
// Every hole pixel p is the weighted mean of the values I(p + offset(q)) proposed by the patches centred at the
// pixels q of its window, with weights exp(−d(q) / 2σ²) and σ² the 75th percentile of the window's distances
// (at least minimumSigma²). Features are averaged with the same weights. Sources never contain hole pixels, so
// pixels are updated in place and in any order. (The reference's percentile leaves the last value out of the
// sort, a quirk; here every value counts.)
import Foundation
import ImageCore

struct Reconstruction {
    let percentile: Float
    let minimumSigma: Float
    let threads: Int

    /// Weighted-mean reconstruction of the pixels of `targets`, using the centres q with `usable[q]` (all when
    /// nil). Returns the mean absolute change of the colour lanes over the targets (0–255 units).
    func weightedMean(_ level: inout LevelImage, field: NearestNeighborField, targets: BinaryGrid, usable: [Bool]?) -> Float {
        let rows = (0..<level.height).filter { y in (0..<level.width).contains { targets[$0, y] } }
        var changes = [Double](repeating: 0, count: rows.count)
        let lanes = level.colourChannels
        let (w, h, half) = (level.width, level.height, level.patchSize / 2)
        level.pixels.withUnsafeMutableBufferPointer { pixelBuffer in
            changes.withUnsafeMutableBufferPointer { changeBuffer in
                let pixels = pixelBuffer.baseAddress!, rowChanges = changeBuffer.baseAddress!
                parallelFor(rows.count, threads: threads) { r in
                    let y = rows[r]
                    var scratch = [Float](repeating: 0, count: (2 * half + 1) * (2 * half + 1))
                    var change = 0.0
                    for x in 0..<w where targets[x, y] {
                        let window = (max(0, x - half)...min(w - 1, x + half), max(0, y - half)...min(h - 1, y + half))
                        guard
                            let value = scratch.withUnsafeMutableBufferPointer({
                                blend(
                                    x, y, window: window, width: w, pixels: pixels, field: field, usable: usable,
                                    scratch: $0.baseAddress!)
                            })
                        else { continue }
                        let old = pixels[y * w + x]
                        for c in 0..<lanes { change += Double(abs(value[c] - old[c])) }
                        pixels[y * w + x] = value
                    }
                    rowChanges[r] = change
                }
            }
        }
        let targetCount = targets.values.reduce(0) { $0 + ($1 ? 1 : 0) }
        return Float(changes.reduce(0, +) / Double(max(1, targetCount * lanes)))
    }

    /// The weighted mean of the values I(p + offset(q)) proposed to p = (x, y) by the usable centres q of its
    /// window, with weights exp(−d(q) / 2σ²), σ² = the percentile of their distances (≥ minimumSigma²).
    /// Nil when no centre with a finite distance is usable. `scratch` holds at least a window's values.
    @inline(__always)
    func blend(
        _ x: Int, _ y: Int, window: (ClosedRange<Int>, ClosedRange<Int>), width w: Int,
        pixels: UnsafeMutablePointer<PixelVector>, field: NearestNeighborField, usable: [Bool]?,
        scratch: UnsafeMutablePointer<Float>
    ) -> PixelVector? {
        var n = 0
        for qy in window.1 {
            for qx in window.0 where usable?[qy * w + qx] ?? true {
                scratch[n] = field.distance[qy * w + qx]
                n += 1
            }
        }
        guard n > 0 else { return nil }
        let rank = Int((percentile / 100 * Float(n - 1)).rounded(.down))
        let variance = max(kthSmallest(scratch, n, rank), minimumSigma * minimumSigma)
        var sum = PixelVector.zero
        var total: Float = 0
        for qy in window.1 {
            for qx in window.0 where usable?[qy * w + qx] ?? true {
                let q = qy * w + qx
                let d = field.distance[q]
                guard d.isFinite else { continue }
                let weight = expf(-d / (2 * variance))
                sum += weight * pixels[(y + Int(field.dy[q])) * w + x + Int(field.dx[q])]
                total += weight
            }
        }
        return total > 0 ? sum / total : nil
    }

    /// The best-patch pass (§9.6): every hole pixel takes I(p + offset(q*)), q* = argmin d(q) over its window
    /// (the first in raster order on ties).
    func bestPatch(_ level: inout LevelImage, field: NearestNeighborField) {
        let (w, h, half) = (level.width, level.height, level.patchSize / 2)
        let hole = level.hole
        level.pixels.withUnsafeMutableBufferPointer { pixelBuffer in
            let pixels = pixelBuffer.baseAddress!
            parallelFor(h, threads: threads) { y in
                for x in 0..<w where hole[x, y] {
                    var best = Float.infinity, bestQ = -1
                    for qy in max(0, y - half)...min(h - 1, y + half) {
                        for qx in max(0, x - half)...min(w - 1, x + half) where field.distance[qy * w + qx] < best {
                            best = field.distance[qy * w + qx]
                            bestQ = qy * w + qx
                        }
                    }
                    guard bestQ >= 0 else { continue }
                    pixels[y * w + x] = pixels[(y + Int(field.dy[bestQ])) * w + x + Int(field.dx[bestQ])]
                }
            }
        }
    }
}

/// The k-th smallest (0-based) of the first n values, by quickselect (reorders them).
func kthSmallest(_ values: UnsafeMutablePointer<Float>, _ n: Int, _ k: Int) -> Float {
    var lo = 0, hi = n - 1
    while lo < hi {
        let pivot = values[(lo + hi) / 2]
        var i = lo, j = hi
        while i <= j {
            while values[i] < pivot { i += 1 }
            while values[j] > pivot { j -= 1 }
            if i <= j { let t = values[i]; values[i] = values[j]; values[j] = t; i += 1; j -= 1 }
        }
        if k <= j { hi = j } else if k >= i { lo = i } else { return values[k] }
    }
    return values[k]
}
