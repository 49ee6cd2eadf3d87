import ArgumentParser

@main
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a patch-based inpainter (Newson et al. 2017) with a deep completion network (Iizuka et al. 2017).",
        discussion: """
        With no subcommand, `compare` runs the comparison (`compare run`): with no arguments at all it runs on
        samples/ with the default masks and methods, so `compare --methods patch,iizuka --data DIR` works too.
        """,
        subcommands: [RunCommand.self, MasksCommand.self, MergeCommand.self],
        defaultSubcommand: RunCommand.self)
}
