// `--shard i/n`: one of n contiguous parts of the image list, so a cluster array can run a big evaluation
// in pieces that `compare merge` joins again. Parts are contiguous and balanced (sizes differ by at most 1).

/// The i-th (1-based) of n parts of a list.
public struct Shard: Equatable, Codable, Sendable, CustomStringConvertible {
    /// 1-based index of this part.
    public let index: Int
    /// Number of parts.
    public let count: Int

    /// The whole list as one part.
    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "Shard: \(index)/\(count) is not 1 ≤ i ≤ n")
        self.index = index
        self.count = count
    }

    /// Parses "i/n".
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ComparisonError.badShard(text)
        }
        self.init(index: i, count: n)
    }

    /// The range of positions this part covers in a list of `total` elements.
    public func range(total: Int) -> Range<Int> {
        let start = (index - 1) * total / count
        let end = index * total / count
        return start..<end
    }

    /// This part of `elements`.
    public func select<T>(_ elements: [T]) -> [T] { Array(elements[range(total: elements.count)]) }

    public var description: String { "\(index)/\(count)" }
}
