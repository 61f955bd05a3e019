import ArgumentParser

/// `--digits N` and `--by-hand`: how numbers are shown, for every command that shows a trace.
struct DisplayOptions: ParsableArguments {
    @Option(help: "Significant digits shown (overrides the lesson's display.digits).")
    var digits: Int?

    @Flag(help: "Round every intermediate to the shown digits, as a calculation by hand would.")
    var byHand = false

    func validate() throws {
        if let digits, !(1...15).contains(digits) { throw ValidationError("--digits must be from 1 to 15") }
    }
}
