import ArgumentParser
@testable import Compare

/// `command`'s `--help` on one line: the help wraps long lines, and a test looks for whole phrases.
func helpOnOneLine(_ command: ParsableCommand.Type) -> String {
    CompareCommand.helpMessage(for: command).split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
