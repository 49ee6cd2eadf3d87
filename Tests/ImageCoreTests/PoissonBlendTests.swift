import XCTest
@testable import ImageCore

final class PoissonBlendTests: XCTestCase {
    private func randomImage(width: Int, height: Int, seed: UInt64) -> Image {
        var rng = SplitMix64(seed: seed)
        var image = Image(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    image[x, y, c] =
                        0.2 + 0.3 * Float(x + c) / Float(width) + 0.2 * Float(y) / Float(height)
                        + 0.1 * rng.unitFloat()
                }
            }
        }
        return image
    }

    private func masks(width: Int, height: Int) -> [Mask] {
        var centred = Mask(width: width, height: height)
        centred.fillRectangle(x0: 5, y0: 4, width: 9, height: 7)
        var border = Mask(width: width, height: height)
        border.fillRectangle(x0: 0, y0: 0, width: 8, height: height)
        border.fillRectangle(x0: 12, y0: 10, width: 20, height: 5)
        return [centred, border]
    }

    func testSourceWithTheTruthsGradientsGivesBackTheTruth() {
        let truth = randomImage(width: 20, height: 15, seed: 1)
        for mask in masks(width: 20, height: 15) {
            // Source = truth + a constant: the same gradients, so the blend must return the truth.
            var source = truth
            for i in source.pixels.indices { source.pixels[i] += 0.25 }
            var destination = truth
            for p in 0..<mask.isHole.count where mask.isHole[p] { for c in 0..<3 { destination.pixels[c * 300 + p] = 0 } }
            let out = poissonBlend(source: source, destination: destination, mask: mask)
            let worst = zip(out.pixels, truth.pixels).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst, 1e-5, "largest difference \(worst)")
        }
    }

    func testKnownPixelsAreCopiedBitForBit() {
        let source = randomImage(width: 20, height: 15, seed: 2)
        let destination = randomImage(width: 20, height: 15, seed: 3)
        for mask in masks(width: 20, height: 15) {
            let out = poissonBlend(source: source, destination: destination, mask: mask)
            for p in 0..<300 where !mask.isHole[p] {
                for c in 0..<3 { XCTAssertEqual(out.pixels[c * 300 + p].bitPattern, destination.pixels[c * 300 + p].bitPattern) }
            }
            let changed = (0..<300).contains { mask.isHole[$0] && out.pixels[$0] != destination.pixels[$0] }
            XCTAssertTrue(changed, "the hole must be filled from the source")
        }
    }

    func testDiscretePoissonEquationHolds() {
        let source = randomImage(width: 20, height: 15, seed: 4)
        let destination = randomImage(width: 20, height: 15, seed: 5)
        let parameters = PoissonBlendParameters(clampToUnitRange: false)
        for mask in masks(width: 20, height: 15) {
            let out = poissonBlend(source: source, destination: destination, mask: mask, parameters: parameters)
            let system = PoissonSystem(mask: mask)
            let b = system.rightHandSide(source: Array(source.pixels[0..<300]), destination: Array(destination.pixels[0..<300]))
            let solved = system.solve(b, start: [Double](repeating: 0, count: system.unknowns), parameters: parameters)
            XCTAssertLessThan(solved.iterations, parameters.maximumIterations, "CG must converge")
            var worst: Float = 0
            for y in 0..<15 {
                for x in 0..<20 where mask[x, y] {
                    for c in 0..<3 {
                        // Σ over in-image neighbours of (f_p − f_q) − (s_p − s_q) must vanish.
                        var residual: Float = 0
                        for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                        where nx >= 0 && nx < 20 && ny >= 0 && ny < 15 {
                            residual += (out[x, y, c] - out[nx, ny, c]) - (source[x, y, c] - source[nx, ny, c])
                        }
                        worst = max(worst, abs(residual))
                    }
                }
            }
            XCTAssertLessThan(worst, 1e-4, "largest residual \(worst)")
        }
    }

    func testClampingAndDegenerateMasks() {
        let source = Image(width: 6, height: 6, value: 5)
        let destination = Image(width: 6, height: 6, value: 0.5)
        var mask = Mask(width: 6, height: 6)
        mask.fillRectangle(x0: 2, y0: 2, width: 2, height: 2)
        let flat = poissonBlend(source: source, destination: destination, mask: mask)
        XCTAssertLessThan(
            flat.pixels.map { abs($0 - 0.5) }.max()!, 1e-6,
            "a constant source adds no gradient: the hole takes the border's constant value")
        XCTAssertEqual(poissonBlend(source: source, destination: destination, mask: Mask(width: 6, height: 6)), destination)
        XCTAssertEqual(poissonBlend(source: source, destination: destination, mask: Mask(width: 6, height: 6, hole: true)), source)
        var spike = Image(width: 6, height: 6, value: 0.5)
        spike[2, 2, 0] = 9
        let clamped = poissonBlend(source: spike, destination: destination, mask: mask)
        XCTAssertEqual(clamped.pixels.max(), 1)
    }
}

final class PoissonMultigridTests: XCTestCase {
    private func irregularMask() -> Mask {
        var mask = Mask(width: 70, height: 50)
        mask.fillRectangle(x0: 10, y0: 8, width: 40, height: 30)
        mask.fillRectangle(x0: 0, y0: 20, width: 15, height: 7)
        mask.fillRectangle(x0: 45, y0: 30, width: 25, height: 20)
        for x in 20..<30 { mask[x, 15] = false }
        return mask
    }

    func testPreconditionerIsSymmetricPositiveDefinite() {
        let system = PoissonSystem(mask: irregularMask())
        let preconditioner = system.preconditioner!
        XCTAssertGreaterThan(preconditioner.levels.count, 2)
        var rng = SplitMix64(seed: 9)
        for _ in 0..<5 {
            let a = (0..<system.unknowns).map { _ in Double(rng.unitFloat()) - 0.5 }
            let b = (0..<system.unknowns).map { _ in Double(rng.unitFloat()) - 0.5 }
            let ma = preconditioner.apply(a), mb = preconditioner.apply(b)
            let ab = zip(ma, b).reduce(0) { $0 + $1.0 * $1.1 }, ba = zip(a, mb).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(ab, ba, accuracy: 1e-9 * max(1, abs(ab)))
            XCTAssertGreaterThan(zip(ma, a).reduce(0) { $0 + $1.0 * $1.1 }, 0)
        }
    }

    func testConvergesInFewIterations() {
        // Jacobi-preconditioned CG needs hundreds of iterations here; the V-cycle keeps it to a few dozen at most.
        let system = PoissonSystem(mask: irregularMask())
        var rng = SplitMix64(seed: 10)
        let b = (0..<system.unknowns).map { _ in Double(rng.unitFloat()) }
        let solved = system.solve(b, start: [Double](repeating: 0, count: system.unknowns), parameters: .init())
        XCTAssertLessThanOrEqual(solved.iterations, 30)
        var ax = [Double](repeating: 0, count: system.unknowns)
        system.matrix.apply(solved.x, into: &ax)
        XCTAssertLessThan(zip(ax, b).map { abs($0 - $1) }.max()!, 1e-5)
    }

    func testCholeskySolvesASmallSystem() {
        let a: [Double] = [4, 2, 0, 2, 5, 1, 0, 1, 3]
        let l = MultigridPreconditioner.cholesky(a, n: 3)
        let x = MultigridPreconditioner.choleskySolve(l, [2, 3, 4])
        for i in 0..<3 {
            XCTAssertEqual((0..<3).reduce(0) { $0 + a[i * 3 + $1] * x[$1] }, [2, 3, 4][i], accuracy: 1e-12)
        }
    }
}
