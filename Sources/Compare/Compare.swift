import ArgumentParser

@main
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a patch-based inpainter (Newson et al. 2017) with a deep completion network (Iizuka et al. 2017).",
        subcommands: [])

    func run() throws {
        print("compare: nothing to do yet")
    }
}
