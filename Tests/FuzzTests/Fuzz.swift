// The mutation-fuzzing harness (docs/robustness.md). A default test run replays each reader's corpus
// (the committed files in Corpus/<reader>/ and the seeds the tests build) and a few hundred seeded
// mutants; a campaign sets FUZZ_ITERATIONS (and FUZZ_SEED) for more. Every mutant must be rejected with
// one of the reader's own errors or be accepted and pass the reader's sanity check; a crash, trap or
// abort ends the test process, and with FUZZ_SAVE_DIR set the input that did it is left there.

import Foundation
import XCTest

/// What one reader's campaign did.
struct FuzzTally: CustomStringConvertible {
    var executions = 0, accepted = 0, rejected = 0
    var slowestSeconds = 0.0
    var description: String {
        String(format: "%d executions, %d accepted, %d rejected, slowest %.3f s", executions, accepted, rejected, slowestSeconds)
    }
}

enum Fuzz {
    static let environment = ProcessInfo.processInfo.environment

    /// Mutants per reader: FUZZ_ITERATIONS (times `fraction`, for slow readers), else `defaultCount`.
    static func iterations(default defaultCount: Int, fraction: Double = 1) -> Int {
        environment["FUZZ_ITERATIONS"].flatMap(Double.init).map { max(1, Int($0 * fraction)) } ?? defaultCount
    }

    /// The campaign's seed: FUZZ_SEED, else 1.
    static var seed: UInt64 { environment["FUZZ_SEED"].flatMap(UInt64.init) ?? 1 }

    /// The committed corpus folder of `reader` (beside this source file).
    static func corpusFolder(_ reader: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").appendingPathComponent(reader)
    }

    /// The committed corpus files of `reader`, sorted by name.
    static func corpus(_ reader: String) -> [(name: String, bytes: [UInt8])] {
        let folder = corpusFolder(reader)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, [UInt8]($0)) }
        }
    }

    /// Runs `body` on the corpus, the seeds and `iterations` mutants of the seeds. `expected` tells whether
    /// an error is one of the reader's own; seeds must be accepted. With FUZZ_WRITE_CORPUS=1 the seeds are
    /// written into the corpus folder (how the committed corpus was made).
    @discardableResult
    static func run(
        _ reader: String, seeds: [[UInt8]], iterations: Int, file: StaticString = #filePath, line: UInt = #line,
        mutate: (inout Mutator, [UInt8]) -> [UInt8] = { $0.mutate($1) },
        expected: (Error) -> Bool, body: ([UInt8]) throws -> Void
    ) -> FuzzTally {
        var tally = FuzzTally()
        if environment["FUZZ_WRITE_CORPUS"] == "1" { writeCorpus(reader, seeds) }
        let saveDir = environment["FUZZ_SAVE_DIR"].map { URL(fileURLWithPath: $0) }
        func execute(_ input: [UInt8], label: String, mustAccept: Bool) {
            if let saveDir {
                try? Data(input).write(to: saveDir.appendingPathComponent("\(reader)-current.bin"))
            }
            let start = DispatchTime.now().uptimeNanoseconds
            defer {
                tally.executions += 1
                tally.slowestSeconds = max(tally.slowestSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            do {
                try body(input)
                tally.accepted += 1
            } catch {
                tally.rejected += 1
                if mustAccept { XCTFail("\(reader) \(label): a valid seed was rejected: \(error)", file: file, line: line) }
                if !expected(error) { XCTFail("\(reader) \(label): unexpected error \(type(of: error)): \(error)", file: file, line: line) }
            }
        }
        for (name, bytes) in corpus(reader) { execute(bytes, label: "corpus file \(name)", mustAccept: false) }
        for (k, s) in seeds.enumerated() { execute(s, label: "seed \(k)", mustAccept: true) }
        guard !seeds.isEmpty else { return tally }
        for i in 0..<iterations {
            var mutator = Mutator(seed: seed, iteration: i)
            execute(mutate(&mutator, seeds[i % seeds.count]), label: "FUZZ_SEED=\(seed) iteration \(i)", mustAccept: false)
        }
        if environment["FUZZ_ITERATIONS"] != nil { print("fuzz \(reader): \(tally)") }
        return tally
    }

    private static func writeCorpus(_ reader: String, _ seeds: [[UInt8]]) {
        let folder = corpusFolder(reader)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (k, s) in seeds.enumerated() {
            try? Data(s).write(to: folder.appendingPathComponent("seed-\(k).bin"), options: .atomic)
        }
    }

    /// Mutates the JSON header of a safetensors file (every other call) or the whole file, keeping the
    /// header's length field consistent with the mutated header.
    static func mutateSafeTensorsHeader(_ mutator: inout Mutator, _ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 8, mutator.rng.int(in: 0...1) == 0 else { return mutator.mutate(bytes) }
        let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard n <= bytes.count - 8 else { return mutator.mutate(bytes) }
        let header = mutator.mutate(Array(bytes[8..<(8 + n)]))
        return withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header + Array(bytes[(8 + n)...])
    }

    /// A fresh temporary folder.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("FuzzTests-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
