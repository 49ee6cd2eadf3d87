// Channel ablation of the completion network (the seed review's experiment): chosen output channels of
// chosen blocks are set to zero after the block's BatchNorm, so that their contribution to every later
// layer disappears. In the fused inference path this is a zero scale and shift in the block's epilogue.

import Foundation

/// A set of (block, channel) pairs whose outputs are forced to zero.
public struct ChannelAblation: Equatable, Sendable {
    /// Zeroed channels per block number (1…17, docs/network-and-training.md §1.2).
    public private(set) var channels: [Int: Set<Int>] = [:]

    /// No ablation.
    public init() {}

    /// Parses `conv1:44,conv14:44` (block names as in the state_dict: conv1…conv12, deconv13, conv14,
    /// deconv15, conv16, conv17; `conv13`/`conv15` and `blockK` are accepted too).
    /// - Parameter outputChannels: the output channel count of each block 1…17 (index 0 = block 1).
    public init(parsing text: String, outputChannels: [Int]) throws {
        for raw in text.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw DeepInpaintError.badAblation(item: item, reason: "not of the form LAYER:CHANNEL") }
            guard let block = Self.blockNumber(String(parts[0])), block >= 1, block <= outputChannels.count else {
                throw DeepInpaintError.badAblation(
                    item: item,
                    reason:
                        "unknown layer '\(parts[0])' (the completion network has conv1…conv12, deconv13, conv14, deconv15, conv16, conv17)")
            }
            let count = outputChannels[block - 1]
            guard let channel = Int(parts[1]), channel >= 0, channel < count else {
                throw DeepInpaintError.badAblation(item: item, reason: "channel '\(parts[1])' out of range 0..<\(count) for block \(block)")
            }
            channels[block, default: []].insert(channel)
        }
    }

    /// Whether nothing is ablated.
    public var isEmpty: Bool { channels.isEmpty }

    /// Adds channel `channel` of block `block`.
    public mutating func insert(block: Int, channel: Int) {
        channels[block, default: []].insert(channel)
    }

    /// The zeroed channels of `block`, sorted.
    public func channels(ofBlock block: Int) -> [Int] { (channels[block] ?? []).sorted() }

    private static func blockNumber(_ name: String) -> Int? {
        for prefix in ["deconv", "conv", "block"] where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            guard let k = Int(digits), String(k) == digits else { return nil }
            if prefix == "deconv" { return k == 13 || k == 15 ? k : nil }
            return k
        }
        return nil
    }
}
