// Per-step randomness derived from (seed, step, stream), so that a resumed run draws exactly what the
// uninterrupted run would have drawn at the same step, whatever happened before (no generator state
// has to survive a kill -9 beyond the seed and the step number).
import ImageCore

/// Independent random streams of the trainer.
public enum RandomStream: UInt64, Sendable {
    /// The local window and the holes of a step's batch.
    case holes = 1
    /// The window of the real image shown to the local discriminator.
    case realWindow = 2
    /// The order of the training images in an epoch.
    case epochOrder = 3
    /// The vertical crop offsets of a step's images.
    case crops = 4
    /// Network initialisation.
    case initialisation = 5
    /// The choice of the fixed monitoring batch.
    case monitoring = 6
    /// Whether each image of a step's batch is mirrored left–right (`--flip`).
    case flips = 7
}

/// A generator for one (seed, step, stream) triple.
public func stepGenerator(seed: UInt64, step: Int, stream: RandomStream) -> SplitMix64 {
    // Mix the three through SplitMix64 steps so that neighbouring steps give unrelated streams.
    var g = SplitMix64(seed: seed ^ 0x5851_F42D_4C95_7F2D)
    var s = SplitMix64(seed: g.next() &+ UInt64(bitPattern: Int64(step)) &* 0x9E37_79B9_7F4A_7C15)
    var t = SplitMix64(seed: s.next() ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03))
    return SplitMix64(seed: t.next())
}
