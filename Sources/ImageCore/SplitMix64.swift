// SplitMix64 (Steele, Lea, Flood 2014): the suite's only source of randomness, seeded from `--seed`,
// so every run is reproducible bit for bit.

/// A small, fast, seedable random number generator.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    /// The generator's whole state.
    public var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in the closed range (inclusive at both ends).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// A uniform Float in [0, 1).
    public mutating func unitFloat() -> Float { Float(next() >> 40) * (1.0 / Float(1 << 24)) }
}
