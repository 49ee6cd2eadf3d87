// Occlusion-aware PatchMatch (docs/patch-method.md §6; paper §2.3; Barnes et al. 2009), over the dilated hole.
//
// Each iteration scans the target pixels once; at each pixel, propagation (the offsets of the two previously
// visited neighbours) and random search (radii w·α^z around the current best source) are interleaved, as in
// the reference's "patch level" variant. Odd iterations scan backwards and propagate from the right and lower
// neighbours, as PatchMatch means (the reference keeps the forward scan there, a quirk).
//
// Parallel and deterministic: the rows are cut into fixed bands of `bandHeight` rows (independent of the thread
// count). Even bands are processed together, then odd bands; a band only reads the rows of its neighbours, which
// are not written during its phase, and draws from its own random stream seeded by (call seed, iteration, band).
// So the result depends on the seed only, never on the threads or their scheduling.
import Foundation
import ImageCore

struct PatchMatchSearch {
    /// Iterations (scans) per call.
    let iterations: Int
    /// Random-search radii, largest first.
    let radii: [Int]
    /// Worker threads.
    let threads: Int
    /// Rows per band (fixed so that results do not depend on `threads`).
    let bandHeight = 8

    /// The reference's radii (§6): round(w·α^z) for z = 0 ..< ceil(log2(min(w, max(levelW, levelH)))).
    static func radii(fullResolutionRadius w: Int, shrink alpha: Float, levelWidth: Int, levelHeight: Int) -> [Int] {
        let wMax = min(w, max(levelWidth, levelHeight))
        let zMax = Int(log2(Double(max(wMax, 1))).rounded(.up))
        return (0..<max(zMax, 1)).map { z in max(1, Int((Float(w) * powf(alpha, Float(z))).rounded())) }
    }

    /// Improves `field` over the dilated hole of `level`. Entries whose source is not valid are first redrawn
    /// among `sources`; every distance is then recomputed on the current image (and `compared` mask, for the
    /// partial comparison of the initialisation).
    func run(level: LevelImage, field: inout NearestNeighborField, compared: [Float]?, sources: [Int32], seed: UInt64) {
        let spans = level.dilatedRowSpans()
        guard !spans.isEmpty else { return }
        let bands = stride(from: 0, to: spans.count, by: bandHeight).map { $0..<min($0 + bandHeight, spans.count) }
        withGrid(level, compared: compared) { grid in
            field.withPointers { state in
                parallelFor(bands.count, threads: threads) { b in
                    var random = SplitMix64(seed: mixSeeds(seed, 0xA11, UInt64(b)))
                    for s in bands[b] { initialise(span: spans[s], grid: grid, state: state, sources: sources, random: &random) }
                }
                for iteration in 0..<iterations {
                    for phase in 0..<2 {
                        let mine = Array(stride(from: phase, to: bands.count, by: 2))
                        parallelFor(mine.count, threads: threads) { k in
                            var random = SplitMix64(seed: mixSeeds(seed, UInt64(iteration), UInt64(mine[k])))
                            scan(
                                spans: spans, band: bands[mine[k]], forward: iteration % 2 == 0, grid: grid,
                                state: state, random: &random)
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with raw views of the level, valid for the call.
    func withGrid(_ level: LevelImage, compared: [Float]?, _ body: (SearchGrid) -> Void) {
        func make(_ comparedPointer: UnsafePointer<Float>?) {
            level.pixels.withUnsafeBufferPointer { pixels in
                level.isSource.withUnsafeBufferPointer { isSource in
                    level.dilatedHole.values.withUnsafeBufferPointer { dilated in
                        radii.withUnsafeBufferPointer { radii in
                            var metric = PatchDistance(
                                pixels: pixels.baseAddress!, compared: comparedPointer,
                                width: level.width, height: level.height, half: level.patchSize / 2)
                            let means =
                                comparedPointer == nil
                                ? patchMeans(
                                    pixels.baseAddress!, width: level.width, height: level.height,
                                    half: level.patchSize / 2) : []
                            means.withUnsafeBufferPointer { means in
                                metric.means = means.isEmpty ? nil : means.baseAddress
                                body(
                                    SearchGrid(
                                        metric: metric, isSource: isSource.baseAddress!,
                                        dilated: dilated.baseAddress!, radii: radii))
                            }
                        }
                    }
                }
            }
        }
        if let compared {
            compared.withUnsafeBufferPointer { make($0.baseAddress!) }
        } else {
            make(nil)
        }
    }

    /// Redraws invalid entries of one row and recomputes its distances.
    func initialise(
        span: (y: Int, x0: Int, x1: Int), grid: SearchGrid, state: FieldPointers, sources: [Int32],
        random: inout SplitMix64
    ) {
        let y = span.y, w = grid.metric.width
        for x in span.x0...span.x1 where grid.dilated[y * w + x] {
            let i = y * w + x
            if !grid.isValidSource(x + Int(state.dx[i]), y + Int(state.dy[i])) {
                let s = Int(sources[uniform(0, sources.count - 1, &random)])
                state.dx[i] = Int32(s % w - x)
                state.dy[i] = Int32(s / w - y)
            }
            let count = grid.metric.comparedCount(x, y)
            state.distance[i] =
                count == 0
                ? .infinity
                : grid.metric.distance(x, y, x + Int(state.dx[i]), y + Int(state.dy[i]), count: count, bound: .infinity)
        }
    }

    /// One scan of a band: forward (x then y increasing) or backward.
    func scan(
        spans: [(y: Int, x0: Int, x1: Int)], band: Range<Int>, forward: Bool, grid: SearchGrid,
        state: FieldPointers, random: inout SplitMix64
    ) {
        let w = grid.metric.width
        for k in 0..<band.count {
            let span = spans[forward ? band.lowerBound + k : band.upperBound - 1 - k]
            for j in 0...(span.x1 - span.x0) {
                let x = forward ? span.x0 + j : span.x1 - j
                if grid.dilated[span.y &* w &+ x] {  // indices < 2²⁶: see PatchDistance.swift
                    improve(x, span.y, step: forward ? -1 : 1, grid: grid, state: state, random: &random)
                }
            }
        }
    }

    /// Propagation from the neighbours at `step` (−1: left and up; +1: right and down), then random search.
    /// Coordinates and offsets are image coordinates (|value| < 2¹⁴, ImageLimits), so the wrapping `&+`/`&-` here
    /// cannot overflow; they keep the overflow checks out of the method's hot loop (PatchDistance.swift).
    @inline(__always)
    func improve(_ x: Int, _ y: Int, step: Int, grid: SearchGrid, state: FieldPointers, random: inout SplitMix64) {
        let metric = grid.metric
        let w = metric.width, h = metric.height, i = y &* w &+ x  // wrapping: indices < 2²⁶ (PatchDistance.swift)
        var best = state.distance[i]
        guard best.isFinite else { return }  // no compared pixel in this patch
        let count = metric.comparedCount(x, y)
        var bx = x &+ Int(state.dx[i]), by = y &+ Int(state.dy[i])
        for k in 0..<2 {
            let nx = k == 0 ? x &+ step : x, ny = k == 0 ? y : y &+ step
            guard nx >= 0 && ny >= 0 && nx < w && ny < h else { continue }
            let j = ny &* w &+ nx
            let cx = x &+ Int(state.dx[j]), cy = y &+ Int(state.dy[j])
            guard cx != bx || cy != by, grid.isValidSource(cx, cy) else { continue }
            let d = metric.distance(x, y, cx, cy, count: count, bound: best)
            if d < best { best = d; bx = cx; by = cy }
        }
        let half = metric.half
        for r in grid.radii {
            let cx = uniform(max(bx &- r, half), min(bx &+ r, w &- half &- 1), &random)
            let cy = uniform(max(by &- r, half), min(by &+ r, h &- half &- 1), &random)
            guard cx != bx || cy != by, grid.isSource[cy &* w &+ cx] else { continue }
            let d = metric.distance(x, y, cx, cy, count: count, bound: best)
            if d < best { best = d; bx = cx; by = cy }
        }
        state.dx[i] = Int32(truncatingIfNeeded: bx &- x)
        state.dy[i] = Int32(truncatingIfNeeded: by &- y)
        state.distance[i] = best
    }
}

/// Raw views of a level for the band workers (read only).
struct SearchGrid {
    let metric: PatchDistance
    let isSource: UnsafePointer<Bool>
    let dilated: UnsafePointer<Bool>
    let radii: UnsafeBufferPointer<Int>

    @inline(__always) func isValidSource(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < metric.width && y < metric.height && isSource[y &* metric.width &+ x]
    }
}

/// Raw views of a field's arrays, shared by the band workers (each writes only its own rows).
struct FieldPointers {
    let dx: UnsafeMutablePointer<Int32>
    let dy: UnsafeMutablePointer<Int32>
    let distance: UnsafeMutablePointer<Float>
}

/// A uniform integer in [lo, max(lo, hi)] from the high 32 bits of one draw (multiply-shift; the bias,
/// below 2^-32 · range, is irrelevant here and the draw is deterministic).
@inline(__always) func uniform(_ lo: Int, _ hi: Int, _ random: inout SplitMix64) -> Int {
    guard hi > lo else { return lo }
    return lo &+ Int(truncatingIfNeeded: ((random.next() >> 32) &* UInt64(truncatingIfNeeded: hi &- lo &+ 1)) >> 32)
}

/// A 64-bit seed derived from several values (SplitMix64 finaliser over a running combination).
func mixSeeds(_ values: UInt64...) -> UInt64 {
    var state: UInt64 = 0x243F_6A88_85A3_08D3
    for v in values {
        var g = SplitMix64(seed: state ^ v)
        state = g.next()
    }
    return state
}
