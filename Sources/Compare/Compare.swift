import ArgumentParser
import NeuralEngine

@main
struct CompareCommand: ParsableCommand {
    /// Sets the OpenMP wait policy (re-executing once) and the process's malloc tuning for the neural engine
    /// (`EngineMemory.keepFreedMemory`: glibc keeps freed activations for reuse; the engine leaves that
    /// decision to its host), then parses and runs the command.
    static func main() {
        LaunchEnvironment.applyOrReexecute()
        EngineMemory.keepFreedMemory()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a patch-based inpainter (Newson et al. 2017) with a deep completion network (Iizuka et al. 2017).",
        discussion: """
            With no subcommand, `compare` runs the comparison (`compare run`, see `compare help run`). With no \
            arguments at all it runs on samples/ with the default masks and methods; `compare --data DIR \
            --methods patch,iizuka` works too.
            """,
        subcommands: [
            RunCommand.self, MasksCommand.self, MergeCommand.self, PatchCommand.self, TeleaCommand.self, IizukaCommand.self,
            ConvertCommand.self, FIDCommand.self, TrainCommand.self, BenchCommand.self
        ],
        defaultSubcommand: RunCommand.self)
}
