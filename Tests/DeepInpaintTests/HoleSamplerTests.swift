import ImageCore
import NeuralEngine
import XCTest
@testable import DeepInpaint

final class HoleSamplerTests: XCTestCase {
    func testHolesLieInsideTheSharedWindowWithOtenimSizes() {
        let sampler = HoleSampler(parameters: .init(imageSize: 160, localSize: 96))
        XCTAssertEqual(sampler.parameters.minHoleSize, 48)
        XCTAssertEqual(sampler.parameters.maxHoleSize, 96)
        var rng = SplitMix64(seed: 7)
        var sides = Set<Int>(), corners = Set<Int>()
        for _ in 0..<300 {
            let (w, holes) = sampler.batch(count: 4, using: &rng)
            XCTAssertTrue((0...64).contains(w.x) && (0...64).contains(w.y), "window \(w)")
            XCTAssertEqual(w.size, 96)
            corners.insert(w.x)
            for h in holes {
                XCTAssertTrue((48...96).contains(h.width) && (48...96).contains(h.height), "hole \(h)")
                XCTAssertTrue(
                    h.x >= w.x && h.y >= w.y && h.x + h.width <= w.x + 96 && h.y + h.height <= w.y + 96,
                    "hole \(h) outside window \(w)")
                sides.insert(h.width)
            }
        }
        XCTAssertTrue(sides.contains(48) && sides.contains(96), "both ends of 48...96 are drawn")
        XCTAssertGreaterThan(corners.count, 30, "window positions vary")
    }

    func testScaledGeometryAndMaskTensor() {
        let sampler = HoleSampler(parameters: .init(imageSize: 32, localSize: 16))
        XCTAssertEqual(sampler.parameters.minHoleSize, 8)
        var rng = SplitMix64(seed: 1)
        let (_, holes) = sampler.batch(count: 3, using: &rng)
        var mask = Tensor(shape: [3, 1, 32, 32], value: 5)
        sampler.fillMask(holes, into: &mask)
        for (n, h) in holes.enumerated() {
            let plane = mask.data[(n * 1024)..<((n + 1) * 1024)]
            XCTAssertEqual(plane.reduce(0, +), Float(h.width * h.height), "mask \(n) area")
            XCTAssertEqual(mask.data[n * 1024 + h.y * 32 + h.x], 1)
        }
        XCTAssertTrue(mask.data.allSatisfy { $0 == 0 || $0 == 1 })
    }

    func testStepGeneratorsAreReproducibleAndIndependent() {
        var a = stepGenerator(seed: 3, step: 10, stream: .holes)
        var b = stepGenerator(seed: 3, step: 10, stream: .holes)
        var c = stepGenerator(seed: 3, step: 11, stream: .holes)
        var d = stepGenerator(seed: 3, step: 10, stream: .crops)
        var e = stepGenerator(seed: 4, step: 10, stream: .holes)
        let va = a.next()
        XCTAssertEqual(va, b.next())
        XCTAssertNotEqual(va, c.next())
        XCTAssertNotEqual(va, d.next())
        XCTAssertNotEqual(va, e.next())
    }

    func testWindowCropAndItsGradientAreAdjoint() {
        // <crop(x), g> must equal <x, uncrop(g)>.
        var rng = SplitMix64(seed: 2)
        let x = Tensor(shape: [2, 3, 8, 8], data: (0..<384).map { _ in rng.unitFloat() })
        let g = Tensor(shape: [2, 3, 4, 4], data: (0..<96).map { _ in rng.unitFloat() })
        let window = LocalWindow(x: 3, y: 1, size: 4)
        var cropped = Tensor(shape: [2, 3, 4, 4])
        x.crop(window, into: &cropped)
        var back = Tensor(shape: x.shape)
        back.addWindowGradient(g, at: window)
        let lhs = zip(cropped.data, g.data).reduce(0) { $0 + $1.0 * $1.1 }
        let rhs = zip(x.data, back.data).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(lhs, rhs, accuracy: 1e-4)
        XCTAssertEqual(cropped.data[0], x.data[1 * 8 + 3])
    }
}
