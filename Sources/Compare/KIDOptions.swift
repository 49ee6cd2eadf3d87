import ArgumentParser
import Metrics

/// How KID is estimated (docs/evaluation.md): shared by the driver's reports and `compare fid`.
struct KIDOptions: ParsableArguments {
    @Option(name: .long, help: "KID: number of subsets (clean-fid and torchmetrics: 100).")
    var kidSubsets = 100

    @Option(name: .long, help: "KID: largest subset size; smaller sets use all their images (clean-fid and torchmetrics: 1000).")
    var kidSubsetSize = 1000

    @Option(name: .long, help: "KID: seed of the subset draws.")
    var kidSeed: UInt64 = 0

    func validate() throws {
        if kidSubsets < 1 { throw ValidationError("--kid-subsets must be at least 1, got \(kidSubsets)") }
        if kidSubsetSize < 2 { throw ValidationError("--kid-subset-size must be at least 2, got \(kidSubsetSize)") }
    }

    var parameters: KernelInceptionDistance.Parameters {
        KernelInceptionDistance.Parameters(subsets: kidSubsets, subsetSize: kidSubsetSize, seed: kidSeed)
    }
}
