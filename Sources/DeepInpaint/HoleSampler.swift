// Training holes and the local-discriminator window, as otenim/GLCIC-PyTorch's `gen_hole_area` and
// `gen_input_mask` (docs/network-and-training.md §2.4): one local window per batch (shared by every image),
// then one rectangular hole per image, of independently drawn width and height, placed uniformly inside
// that window (not centred). At 160×160 with a 96 window the holes are 48–96 px per side; for other sizes
// the hole range scales with the window (half the window to the whole window).
import ImageCore
import NeuralEngine

/// A square window of the image: the region the local discriminator sees.
public struct LocalWindow: Equatable, Sendable, Codable {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Side length in pixels.
    public var size: Int

    public init(x: Int, y: Int, size: Int) {
        self.x = x
        self.y = y
        self.size = size
    }
}

/// A rectangular hole [x, x+width) × [y, y+height).
public struct HoleRectangle: Equatable, Sendable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// Draws the local window and the holes of a training batch.
public struct HoleSampler: Sendable {
    /// The sampler's geometry.
    public struct Parameters: Equatable, Sendable {
        /// Side of the (square) training images; otenim's `cn_input_size` = 160.
        public var imageSize: Int
        /// Side of the local-discriminator window; otenim's `ld_input_size` = 96.
        public var localSize: Int
        /// Smallest hole side; otenim's 48 at 160/96, i.e. half the window.
        public var minHoleSize: Int
        /// Largest hole side; otenim's 96 at 160/96, i.e. the whole window.
        public var maxHoleSize: Int

        /// otenim's geometry scaled to the given sizes: holes from localSize/2 to localSize per side.
        public init(imageSize: Int = 160, localSize: Int = 96) {
            self.init(imageSize: imageSize, localSize: localSize, minHoleSize: max(1, localSize / 2), maxHoleSize: localSize)
        }

        public init(imageSize: Int, localSize: Int, minHoleSize: Int, maxHoleSize: Int) {
            precondition(localSize > 0 && localSize <= imageSize, "HoleSampler: window \(localSize) for image \(imageSize)")
            precondition(
                minHoleSize >= 1 && minHoleSize <= maxHoleSize && maxHoleSize <= localSize,
                "HoleSampler: hole sides \(minHoleSize)...\(maxHoleSize) for window \(localSize)")
            self.imageSize = imageSize
            self.localSize = localSize
            self.minHoleSize = minHoleSize
            self.maxHoleSize = maxHoleSize
        }
    }

    /// The geometry, fixed at creation.
    public let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    /// A uniformly placed window (`gen_hole_area`: x then y, each in 0...imageSize−localSize).
    public func window(using rng: inout SplitMix64) -> LocalWindow {
        let room = parameters.imageSize - parameters.localSize
        let x = rng.int(in: 0...room)
        let y = rng.int(in: 0...room)
        return LocalWindow(x: x, y: y, size: parameters.localSize)
    }

    /// One hole inside `window` (`gen_input_mask` with max_holes = 1: width, height, then x0, y0).
    public func hole(in window: LocalWindow, using rng: inout SplitMix64) -> HoleRectangle {
        let range = parameters.minHoleSize...parameters.maxHoleSize
        let w = rng.int(in: range)
        let h = rng.int(in: range)
        let x = rng.int(in: window.x...(window.x + window.size - w))
        let y = rng.int(in: window.y...(window.y + window.size - h))
        return HoleRectangle(x: x, y: y, width: w, height: h)
    }

    /// The shared window and one hole per image for a batch of `count` images.
    public func batch(count: Int, using rng: inout SplitMix64) -> (window: LocalWindow, holes: [HoleRectangle]) {
        let w = window(using: &rng)
        return (w, (0..<count).map { _ in hole(in: w, using: &rng) })
    }

    /// Writes the holes as a [N, 1, S, S] mask tensor (1 inside holes) into `mask`, reusing its storage.
    public func fillMask(_ holes: [HoleRectangle], into mask: inout Tensor) {
        let s = parameters.imageSize
        precondition(mask.shape == [holes.count, 1, s, s], "HoleSampler.fillMask: mask \(mask.shape) for \(holes.count) holes at \(s)")
        mask.data.withUnsafeMutableBufferPointer { m in
            for i in m.indices { m[i] = 0 }
            for (n, r) in holes.enumerated() {
                for y in r.y..<(r.y + r.height) {
                    let row = n * s * s + y * s
                    for x in r.x..<(r.x + r.width) { m[row + x] = 1 }
                }
            }
        }
    }
}
