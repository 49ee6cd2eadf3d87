import XCTest
import ImageCore
@testable import PatchInpaint

final class InpaintPropertyTests: XCTestCase {
    let image = TestImages.natural(width: 40, height: 36, seed: 1)
    let mask = TestImages.mask(width: 40, height: 36, x0: 14, y0: 12, holeWidth: 11, holeHeight: 10)

    func run(_ image: Image, _ mask: Mask, seed: UInt64 = 3, threads: Int = 2, levels: Int? = nil) throws -> Image {
        var p = Parameters()
        p.seed = seed
        p.threads = threads
        p.levels = levels
        return try PatchInpainter(parameters: p).inpaint(image, mask: mask).image
    }

    func testKnownPixelsBitIdenticalAndSizeKept() throws {
        let out = try run(image, mask)
        XCTAssertEqual(out.width, image.width)
        XCTAssertEqual(out.height, image.height)
        XCTAssertEqual(out.channels, image.channels)
        var changedHole = 0
        for c in 0..<3 {
            for i in 0..<image.planeSize {
                let k = c * image.planeSize + i
                if mask.isHole[i] {
                    if out.pixels[k] != image.pixels[k] { changedHole += 1 }
                } else {
                    XCTAssertEqual(out.pixels[k].bitPattern, image.pixels[k].bitPattern, "known sample \(k) changed")
                }
            }
        }
        XCTAssertGreaterThan(changedHole, 0, "the hole was not filled")
    }

    func testSameSeedSameBytesWhateverTheThreads() throws {
        let a = try run(image, mask, seed: 9, threads: 1)
        let b = try run(image, mask, seed: 9, threads: 2)
        let c = try run(image, mask, seed: 9, threads: 3)
        XCTAssertEqual(a.pixels.map(\.bitPattern), b.pixels.map(\.bitPattern))
        XCTAssertEqual(a.pixels.map(\.bitPattern), c.pixels.map(\.bitPattern))
    }

    func testHoleContentNeverLeaks() throws {
        var other = image
        for c in 0..<3 { for i in 0..<image.planeSize where mask.isHole[i] { other.pixels[c * image.planeSize + i] = 0 } }
        let a = try run(image, mask, levels: 2)
        let b = try run(other, mask, levels: 2)
        XCTAssertEqual(a.pixels.map(\.bitPattern), b.pixels.map(\.bitPattern), "the hole's content changed the output")
    }

    func testPeriodicTextureRebuilt() throws {
        let board = TestImages.checkerboard(width: 48, height: 48, period: 3)
        let hole = TestImages.mask(width: 48, height: 48, x0: 17, y0: 18, holeWidth: 13, holeHeight: 12)
        var damaged = board
        for c in 0..<3 { for i in 0..<board.planeSize where hole.isHole[i] { damaged.pixels[c * board.planeSize + i] = 0.5 } }
        let out = try run(damaged, hole)
        let psnr = TestImages.holePSNR(out, board, hole)
        XCTAssertGreaterThanOrEqual(psnr, 35, "hole PSNR \(psnr) dB")
    }

    func testHoleTouchingTheBorderWorks() throws {
        let corner = TestImages.mask(width: 40, height: 36, x0: 0, y0: 26, holeWidth: 12, holeHeight: 10)
        let out = try run(image, corner)
        for i in 0..<image.planeSize where !corner.isHole[i] { XCTAssertEqual(out.pixels[i], image.pixels[i]) }
        XCTAssertTrue(out.pixels.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    }

    func testConstantImageStaysConstant() throws {
        let flat = Image(width: 30, height: 30, value: 0.4)
        let hole = TestImages.mask(width: 30, height: 30, x0: 10, y0: 10, holeWidth: 9, holeHeight: 9)
        let out = try run(flat, hole, levels: 2)
        for v in out.pixels { XCTAssertEqual(v, 0.4, accuracy: 1e-5) }
    }

    func testExactNearestNeighborsOptionRuns() throws {
        var p = Parameters()
        p.exactNearestNeighbors = true
        let out = try PatchInpainter(parameters: p).inpaint(image, mask: mask).image
        for i in 0..<image.planeSize where !mask.isHole[i] { XCTAssertEqual(out.pixels[i], image.pixels[i]) }
    }
}
