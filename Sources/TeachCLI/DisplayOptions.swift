import ArgumentParser
import TeachLessons

/// `--digits N` and `--by-hand`: how numbers are shown, for every command that shows a trace.
struct DisplayOptions: ParsableArguments {
    @Option(help: "Significant digits shown (overrides the lesson's display.digits).")
    var digits: Int?

    @Flag(help: "Round every intermediate to the shown digits, as a calculation by hand would.")
    var byHand = false

    /// These options as command-line arguments that parse back to them.
    var arguments: [String] { (digits.map { ["--digits", String($0)] } ?? []) + (byHand ? ["--by-hand"] : []) }

    func validate() throws {
        let range = LessonFormat.display.integerRange("digits")
        if let digits, !range.contains(digits) { throw ValidationError("--digits must be from \(range.lowerBound) to \(range.upperBound)") }
    }
}
