import XCTest
import ImageCore
@testable import PatchInpaint

final class PyramidTests: XCTestCase {
    func centredMask(_ size: Int, _ hole: Int) -> Mask {
        TestImages.mask(
            width: size, height: size, x0: (size - hole) / 2, y0: (size - hole) / 2,
            holeWidth: hole, holeHeight: hole)
    }

    func testAutomaticLevelsOfTheReferenceCases() {
        XCTAssertEqual(PatchInpainter.automaticLevelCount(mask: centredMask(160, 72), patchSize: 7), 3)
        XCTAssertEqual(PatchInpainter.automaticLevelCount(mask: centredMask(512, 229), patchSize: 7), 5)
        XCTAssertEqual(PatchInpainter.automaticLevelCount(mask: centredMask(64, 6), patchSize: 7), 1)
    }

    func testConstantImageConstantThroughThePyramid() {
        let size = 64
        let hole = BinaryGrid(width: size, height: size, values: centredMask(size, 20).isHole)
        let colour = PlanarImage(
            width: size, height: size, planes: [[Float]](repeating: [Float](repeating: 77, count: size * size), count: 3))
        let holes = Pyramid.holes(hole, levels: 4, patchSize: 7)
        XCTAssertEqual(holes.count, 2, "64 → 32; at 16 no patch lies outside the dilated hole")
        let levels = Pyramid.build(colour: colour, features: nil, holes: holes, sigma: 1.5)
        for level in levels {
            for plane in level.colour.planes {
                for i in 0..<plane.count where !level.hole.values[i] {
                    XCTAssertEqual(plane[i], 77, accuracy: 1e-4, "level \(level.colour.width)")
                }
            }
        }
    }

    func testMaskPyramidIsConservative() {
        let size = 40
        var values = [Bool](repeating: false, count: size * size)
        values[13 * size + 21] = true
        let holes = Pyramid.holes(BinaryGrid(width: size, height: size, values: values), levels: 2, patchSize: 7)
        // Fine (21, 13) lies in the 3×3 footprint of coarse (10, 6) and (11, 6), (10, 7), (11, 7).
        XCTAssertTrue(holes[1][10, 6] && holes[1][11, 6] && holes[1][10, 7] && holes[1][11, 7])
        XCTAssertEqual(holes[1].values.filter { $0 }.count, 4)
    }

    func testErosionIgnoresTheBorder() {
        let size = 20
        let grid = BinaryGrid(width: size, height: size, values: (0..<(size * size)).map { ($0 % size) < 6 })
        XCTAssertEqual(grid.erosionsToEmpty(), 6, "a 6-wide band on the left border takes 6 erosions")
        XCTAssertTrue(grid.eroded3x3()[0, 0], "no erosion from the image border")
        XCTAssertTrue(grid.eroded3x3()[4, 7])
        XCTAssertFalse(grid.eroded3x3()[5, 7], "erodes from the right")
    }
}
