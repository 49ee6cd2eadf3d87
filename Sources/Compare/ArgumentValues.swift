import ArgumentParser
import ComparisonKit
import DeepInpaint

// The typed values of the command-line options. A choice is an enum that is `ExpressibleByArgument` and
// `CaseIterable`: ArgumentParser then rejects any other spelling itself ("Please provide one of …") and `--help`
// lists the values. A value with a small syntax of its own (`--shard 2/8`, `--mpv R,G,B`, `--methods LIST`) is
// parsed once, by the option's `transform`, so that a bad one fails while the command line is read, with the
// parser's reason, and the command only ever sees the parsed value.

// `--split train|val|test` (compare run, compare masks).
extension Split: ExpressibleByArgument {}

// `--protocol NAME` (compare run, compare masks): `--help` lists each protocol with its one-line summary.
extension MaskProtocol: ExpressibleByArgument {
    public static var allValueDescriptions: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.summary) })
    }
}

// `--blend none|poisson` (compare iizuka), `--iizuka-blend none|poisson` (compare run).
extension Inpainter.Blend: ExpressibleByArgument {}

// `--discriminators both|global|local` (compare train, compare bench train).
extension DiscriminatorChoice: ExpressibleByArgument {}

/// `--regions auto|face|none` (compare run): whether the reports group the holes by face region.
enum RegionGrouping: String, CaseIterable, ExpressibleByArgument {
    /// Face regions when the images look like aligned CelebA (a partition file, or a first image of 178×218).
    case auto
    /// Always group by face region.
    case face
    /// Never.
    case none
}

/// `--levels auto|N` (compare patch, compare bench patch): the depth of the patch method's pyramid.
enum PatchLevels: Equatable, ExpressibleByArgument {
    /// From the hole's depth.
    case auto
    /// This many levels (at least 1).
    case count(Int)

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let n = Int(argument), n >= 1 {
            self = .count(n)
        } else {
            return nil
        }
    }

    /// The number of levels asked for; nil for auto.
    var requested: Int? {
        switch self {
        case .auto: return nil
        case let .count(n): return n
        }
    }

    var defaultValueDescription: String { requested.map(String.init) ?? "auto" }
}

/// The parsers of the options whose values have a syntax of their own, for `@Option(transform:)`.
enum ArgumentValue {
    /// `--shard i/n`.
    @Sendable static func shard(_ text: String) throws -> Shard { try Shard(parsing: text) }

    /// `--mpv R,G,B`, `--iizuka-mpv R,G,B`: three numbers in [0, 1].
    @Sendable static func meanPixelValue(_ text: String) throws -> MeanPixelValue { try MeanPixelValue(parsing: text) }

    /// `--methods LIST` (MethodSpec's syntax).
    @Sendable static func methods(_ text: String) throws -> [MethodSpec] { try MethodSpec.parse(text) }

    /// A comma-separated list of whole numbers (the parser's message names the option and the value).
    static func integers(_ text: String, example: String) throws -> [Int] {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("give whole numbers separated by commas, e.g. \(example)")
        }
        return values.map { $0! }
    }
}
