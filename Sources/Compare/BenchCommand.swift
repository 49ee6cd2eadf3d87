import ArgumentParser

/// `compare bench …`: speed measurements (never part of the test run).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the suite's parts.",
        subcommands: [
            BenchEngineCommand.self, BenchIizukaCommand.self, BenchFIDCommand.self, BenchPatchCommand.self, BenchTrainCommand.self
        ])
}
