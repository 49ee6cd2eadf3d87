import Foundation
import ImageCore

/// Small synthetic inputs for the tests.
enum TestImages {
    /// A "natural-ish" RGB image: a few random oriented sinusoids and blobs per channel, plus a little noise.
    static func natural(width: Int, height: Int, seed: UInt64) -> Image {
        var random = SplitMix64(seed: seed)
        var image = Image(width: width, height: height)
        for c in 0..<3 {
            var waves: [(Float, Float, Float, Float)] = []
            for _ in 0..<4 {
                waves.append(
                    (
                        random.unitFloat() * 0.6 - 0.3, random.unitFloat() * 0.6 - 0.3,
                        random.unitFloat() * 6.28, random.unitFloat() * 0.2
                    ))
            }
            for y in 0..<height {
                for x in 0..<width {
                    var v: Float = 0.5
                    for (fx, fy, phase, amp) in waves { v += amp * sin(fx * Float(x) + fy * Float(y) + phase) }
                    v += (random.unitFloat() - 0.5) * 0.04
                    image[x, y, c] = min(max(v, 0), 1)
                }
            }
        }
        return image
    }

    /// A checkerboard of `period`-pixel squares in two colours.
    static func checkerboard(width: Int, height: Int, period: Int) -> Image {
        var image = Image(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let on = ((x / period) + (y / period)) % 2 == 0
                image[x, y, 0] = on ? 0.9 : 0.1
                image[x, y, 1] = on ? 0.2 : 0.7
                image[x, y, 2] = on ? 0.5 : 0.3
            }
        }
        return image
    }

    /// A mask with one rectangular hole.
    static func mask(width: Int, height: Int, x0: Int, y0: Int, holeWidth: Int, holeHeight: Int) -> Mask {
        var mask = Mask(width: width, height: height)
        mask.fillRectangle(x0: x0, y0: y0, width: holeWidth, height: holeHeight)
        return mask
    }

    /// PSNR (dB) over the hole pixels, images in [0, 1].
    static func holePSNR(_ a: Image, _ b: Image, _ mask: Mask) -> Double {
        var sum = 0.0, count = 0
        for c in 0..<a.channels {
            for i in 0..<a.planeSize where mask.isHole[i] {
                let d = Double(a.pixels[c * a.planeSize + i] - b.pixels[c * a.planeSize + i])
                sum += d * d
                count += 1
            }
        }
        return sum == 0 ? .infinity : 10 * log10(Double(count) / sum)
    }
}
