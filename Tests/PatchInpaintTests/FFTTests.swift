import XCTest
import ImageCore
@testable import PatchInpaint

final class FFTTests: XCTestCase {
    /// Direct valid cross-correlation, the reference for the FFT version.
    func directCorrelation(_ f: [Float], _ w: Int, _ h: Int, _ k: [Float], _ kw: Int, _ kh: Int) -> [Float] {
        var out: [Float] = []
        for y in 0...(h - kh) {
            for x in 0...(w - kw) {
                var s: Double = 0
                for j in 0..<kh { for i in 0..<kw { s += Double(k[j * kw + i]) * Double(f[(y + j) * w + x + i]) } }
                out.append(Float(s))
            }
        }
        return out
    }

    func testCorrelationEqualsDirectOverSeeds() {
        for seed in 0..<6 {
            var random = SplitMix64(seed: UInt64(seed))
            let w = 9 + random.int(in: 0...20), h = 7 + random.int(in: 0...20)
            let kw = 1 + random.int(in: 0...6), kh = 1 + random.int(in: 0...6)
            let f = (0..<(w * h)).map { _ in random.unitFloat() * 2 - 1 }
            let k = (0..<(kw * kh)).map { _ in random.unitFloat() * 2 - 1 }
            let fast = FFT.correlate(f, width: w, height: h, kernel: k, kernelWidth: kw, kernelHeight: kh)
            let slow = directCorrelation(f, w, h, k, kw, kh)
            XCTAssertEqual(fast.count, slow.count)
            let worst = zip(fast, slow).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst, 1e-4, "seed \(seed), \(w)x\(h) kernel \(kw)x\(kh): largest difference \(worst)")
        }
    }

    func testPlansAreSharedAndSafeAcrossThreads() {
        let f = (0..<(32 * 24)).map { Float($0 % 7) }
        let k: [Float] = [1, 0, -1, 2]
        let expected = directCorrelation(f, 32, 24, k, 2, 2)
        var results = [[Float]](repeating: [], count: 8)
        results.withUnsafeMutableBufferPointer { out in
            let p = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                p[i] = FFT.correlate(f, width: 32, height: 24, kernel: k, kernelWidth: 2, kernelHeight: 2)
            }
        }
        XCTAssertTrue(FFTPlan2D.shared(width: 32, height: 24) === FFTPlan2D.shared(width: 32, height: 24))
        for r in results { XCTAssertLessThan(zip(r, expected).map { abs($0 - $1) }.max()!, 1e-3) }
    }

    /// The exact search equals a brute-force search, with masked target pixels and a border target.
    func testExactSearchEqualsBruteForce() {
        var random = SplitMix64(seed: 11)
        let w = 23, h = 19, p = 5
        let planes = (0..<2).map { _ in (0..<(w * h)).map { _ in random.unitFloat() * 255 } }
        let search = ExactPatchSearch(planes: planes, weights: [1, 3], width: w, height: h, patchSize: p)
        let valid = (0..<(w * h)).map { i in (i % w + i / w) % 3 != 0 }
        let compared: (Int, Int) -> Bool = { x, y in (x * 7 + y) % 5 != 0 }
        for (tx, ty) in [(10, 9), (0, 0), (22, 5), (3, 18)] {
            var best = Float.infinity
            for by in 2..<(h - 2) {
                for bx in 2..<(w - 2) where valid[by * w + bx] {
                    best = min(best, search.distance(from: tx, ty, to: bx, by, isCompared: compared))
                }
            }
            let match = search.nearest(toPatchAt: tx, ty, isCompared: compared, isValidSource: valid)!
            XCTAssertEqual(match.distance, best, accuracy: best * 1e-5, "target (\(tx), \(ty))")
            XCTAssertTrue(valid[match.y * w + match.x])
        }
    }

    /// A region copied from elsewhere is found at zero cost.
    func testCopiedRegionFoundAtZeroCost() {
        var random = SplitMix64(seed: 5)
        let w = 30, h = 30
        var plane = (0..<(w * h)).map { _ in random.unitFloat() * 255 }
        for y in 0..<7 { for x in 0..<7 { plane[(20 + y) * w + 20 + x] = plane[(4 + y) * w + 6 + x] } }
        let search = ExactPatchSearch(planes: [plane], weights: [1], width: w, height: h, patchSize: 7)
        var valid = [Bool](repeating: true, count: w * h)
        valid[23 * w + 23] = false
        let match = search.nearest(toPatchAt: 23, 23, isCompared: { _, _ in true }, isValidSource: valid)!
        XCTAssertEqual(match.x, 9)
        XCTAssertEqual(match.y, 7)
        XCTAssertEqual(match.distance, 0)
    }
}

import Dispatch
