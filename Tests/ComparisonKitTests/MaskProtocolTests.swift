import XCTest
import ImageCore
@testable import ComparisonKit

final class MaskProtocolTests: XCTestCase {
    /// Bounding box of the hole: (x0, y0, x1, y1) inclusive.
    func boundingBox(_ m: Mask) -> (Int, Int, Int, Int) {
        var (x0, y0, x1, y1) = (Int.max, Int.max, -1, -1)
        for y in 0..<m.height {
            for x in 0..<m.width where m[x, y] {
                x0 = min(x0, x); y0 = min(y0, y); x1 = max(x1, x); y1 = max(y1, y)
            }
        }
        return (x0, y0, x1, y1)
    }

    func testRect48to96SidesAndArea() {
        for seed in 0..<300 as Range<UInt64> {
            let m = MaskProtocol.rect48to96.mask(width: 160, height: 160, seed: seed, imageName: "a.jpg")
            let (x0, y0, x1, y1) = boundingBox(m)
            let w = x1 - x0 + 1, h = y1 - y0 + 1
            XCTAssertTrue((48...96).contains(w) && (48...96).contains(h), "seed \(seed): \(w)x\(h)")
            XCTAssertEqual(m.holeCount, w * h, "seed \(seed): not one filled rectangle")
            let fraction = Double(m.holeCount) / 25600
            XCTAssertTrue((0.09...0.36).contains(fraction), "seed \(seed): \(fraction)")
        }
    }

    func testOcclusionAreaAndAspect() {
        var smallest = 1.0, largest = 0.0
        for seed in 0..<400 as Range<UInt64> {
            let m = MaskProtocol.occlusion2p5to25.mask(width: 160, height: 160, seed: seed, imageName: "x.png")
            let (x0, y0, x1, y1) = boundingBox(m)
            let w = Double(x1 - x0 + 1), h = Double(y1 - y0 + 1)
            let fraction = Double(m.holeCount) / 25600
            XCTAssertEqual(Double(m.holeCount), w * h)
            // Rounding each side to whole pixels moves area and aspect slightly beyond the exact bounds.
            XCTAssertTrue((0.022...0.26).contains(fraction), "seed \(seed): area \(fraction)")
            XCTAssertTrue((0.45...2.2).contains(w / h), "seed \(seed): aspect \(w / h)")
            smallest = min(smallest, fraction); largest = max(largest, fraction)
        }
        XCTAssertLessThan(smallest, 0.04, "areas should reach down to 2.5 %")
        XCTAssertGreaterThan(largest, 0.22, "areas should reach up to 25 %")
    }

    func testMultiRectanglesStayInBounds() {
        for seed in 0..<200 as Range<UInt64> {
            let m = MaskProtocol.multi24to48.mask(width: 160, height: 160, seed: seed, imageName: "m")
            XCTAssertGreaterThanOrEqual(m.holeCount, 24 * 24)
            XCTAssertLessThanOrEqual(m.holeCount, 5 * 48 * 48)
        }
    }

    func testStrokesCoverage() {
        for seed in 0..<100 as Range<UInt64> {
            let m = MaskProtocol.strokes.mask(width: 160, height: 160, seed: seed, imageName: "s")
            let fraction = Double(m.holeCount) / 25600
            XCTAssertTrue((0.10...0.40).contains(fraction), "seed \(seed): \(fraction)")
        }
    }

    func testSameSeedAndNameGiveSameMaskEverywhere() {
        for p in MaskProtocol.allCases {
            let a = p.mask(width: 160, height: 160, seed: 7, imageName: "000123.jpg")
            let b = p.mask(width: 160, height: 160, seed: 7, imageName: "000123.jpg")
            XCTAssertEqual(a, b, "\(p.rawValue) is not deterministic")
            let c = p.mask(width: 160, height: 160, seed: 8, imageName: "000123.jpg")
            let d = p.mask(width: 160, height: 160, seed: 7, imageName: "000124.jpg")
            XCTAssertNotEqual(a, c, "\(p.rawValue): the seed does not change the mask")
            XCTAssertNotEqual(a, d, "\(p.rawValue): the image name does not change the mask")
        }
    }

    func testImageSeedIsStable() {
        // FNV-1a + SplitMix64 must not depend on the platform's String hashing (which is randomised per process).
        XCTAssertEqual(MaskProtocol.imageSeed(runSeed: 0, imageName: "a"), MaskProtocol.imageSeed(runSeed: 0, imageName: "a"))
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        fnv = (fnv ^ 0x61) &* 0x0000_0100_0000_01b3
        var mixer = SplitMix64(seed: fnv)
        XCTAssertEqual(MaskProtocol.imageSeed(runSeed: 0, imageName: "a"), mixer.next())
    }

    func testRectanglesScaleWithSize() {
        for seed in 0..<100 as Range<UInt64> {
            let m = MaskProtocol.rect48to96.mask(width: 320, height: 320, seed: seed, imageName: "a")
            let (x0, y0, x1, y1) = boundingBox(m)
            XCTAssertTrue((96...192).contains(x1 - x0 + 1) && (96...192).contains(y1 - y0 + 1))
        }
    }

    func testParsing() throws {
        XCTAssertEqual(try MaskProtocol(parsing: "occl2.5-25"), .occlusion2p5to25)
        XCTAssertThrowsError(try MaskProtocol(parsing: "circle")) { error in
            XCTAssertTrue("\(error)".contains("rect48-96"), "\(error)")
        }
    }
}
