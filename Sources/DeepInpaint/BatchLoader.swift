// Training batches: which images a step sees and how they are cropped are functions of (seed, step)
// alone, so a resumed run gets the very batches of an uninterrupted one. The sequence of images is the
// concatenation of per-epoch random permutations of the training set (full batches; an epoch boundary
// falls inside a batch instead of otenim's short last batch). Each image is resized so its short side is
// the training size and cropped at a random offset along its long side (torchvision Resize + RandomCrop,
// docs/network-and-training.md §2.5), and with `flip` mirrored left–right on a coin toss of its own stream.
// The next step's batch is decoded on a background thread while the current step runs.
import Dispatch
import Foundation
import ImageCore
import NeuralEngine

/// Loads the batch of each training step, one step ahead in the background.
public final class BatchLoader {
    /// The training images.
    public let files: [URL]
    /// Images per batch.
    public let batchSize: Int
    /// Side of the square crops.
    public let size: Int
    /// The run's seed.
    public let seed: UInt64
    /// Whether crops are mirrored left–right with probability ½.
    public let flip: Bool

    private let queue = DispatchQueue(label: "BatchLoader.prefetch")
    private var pending: (step: Int, group: DispatchGroup, box: ResultBox)?
    private var permutations: [Int: [Int]] = [:]
    private let lock = NSLock()

    private final class ResultBox: @unchecked Sendable { var result: Result<Tensor, Error>? }

    public init(files: [URL], batchSize: Int, size: Int, seed: UInt64, flip: Bool = false) {
        precondition(!files.isEmpty && batchSize > 0 && size > 0, "BatchLoader: \(files.count) files, batch \(batchSize), size \(size)")
        self.files = files
        self.batchSize = batchSize
        self.size = size
        self.seed = seed
        self.flip = flip
    }

    /// The batch of `step` ([B, 3, size, size]); starts decoding the batch of `step + 1` before returning.
    public func batch(step: Int) throws -> Tensor {
        let result: Tensor
        if let p = pending, p.step == step {
            p.group.wait()
            pending = nil
            result = try p.box.result!.get()
        } else {
            pending?.group.wait()
            pending = nil
            result = try load(step: step)
        }
        prefetch(step: step + 1)
        return result
    }

    /// The indices into `files` of the images of `step`.
    public func imageIndices(step: Int) -> [Int] {
        let n = files.count
        return (0..<batchSize).map { i in
            let k = step * batchSize + i
            return permutation(epoch: k / n)[k % n]
        }
    }

    /// Decodes and crops the images of `step` into a batch tensor.
    public func load(step: Int) throws -> Tensor {
        let indices = imageIndices(step: step)
        var rng = stepGenerator(seed: seed, step: step, stream: .crops)
        let draws = indices.map { _ in rng.next() }
        var batch = try Self.loadBatch(indices.map { files[$0] }, size: size) { i, image in
            let room = image.maximumCropOffset(size: size)
            return Int(draws[i] % UInt64(room + 1))
        }
        for (i, mirrored) in flipped(step: step).enumerated() where mirrored { Self.mirror(&batch, image: i) }
        return batch
    }

    /// Which images of `step`'s batch are mirrored (all false without `flip`).
    public func flipped(step: Int) -> [Bool] {
        guard flip else { return Array(repeating: false, count: batchSize) }
        var rng = stepGenerator(seed: seed, step: step, stream: .flips)
        return (0..<batchSize).map { _ in rng.next() >> 63 == 1 }
    }

    /// Mirrors image `image` of a [B, C, H, W] batch left–right in place.
    static func mirror(_ batch: inout Tensor, image: Int) {
        let (c, h, w) = (batch.shape[1], batch.shape[2], batch.shape[3])
        batch.data.withUnsafeMutableBufferPointer { b in
            for row in 0..<(c * h) {
                let base = (image * c * h + row) * w
                b[base..<(base + w)].reverse()
            }
        }
    }

    /// Decodes `files`, crops each at the offset `offset(i, image)` (nil = centre) and stacks them.
    public static func loadBatch(_ files: [URL], size: Int, offset: (Int, Image) -> Int?) throws -> Tensor {
        var batch = Tensor(shape: [files.count, 3, size, size])
        let plane = 3 * size * size
        for (i, url) in files.enumerated() {
            let image = try ImageFile.read(url).image
            guard min(image.width, image.height) >= size else {
                throw TrainingError.imageTooSmall(path: url.path, width: image.width, height: image.height, size: size, count: 1)
            }
            try ImageLimits.checkCanonicalCrop(width: image.width, height: image.height, size: size, path: url.path)
            let crop = image.canonicalCrop(size: size, offset: offset(i, image))
            batch.data.withUnsafeMutableBufferPointer { b in
                for k in 0..<plane { b[i * plane + k] = crop.pixels[k] }
            }
        }
        return batch
    }

    private func prefetch(step: Int) {
        let group = DispatchGroup()
        let box = ResultBox()
        pending = (step, group, box)
        group.enter()
        queue.async { [self] in
            box.result = Result { try self.load(step: step) }
            group.leave()
        }
    }

    private func permutation(epoch: Int) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let p = permutations[epoch] { return p }
        var rng = stepGenerator(seed: seed, step: epoch, stream: .epochOrder)
        var p = Array(0..<files.count)
        if p.count > 1 {
            for i in stride(from: p.count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                p.swapAt(i, j)
            }
        }
        if permutations.count > 4 { permutations.removeAll() }
        permutations[epoch] = p
        return p
    }

    deinit { pending?.group.wait() }
}
