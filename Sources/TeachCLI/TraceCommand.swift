import ArgumentParser
import TeachRender

/// `teach trace LESSON`: print every forward, backward, tangent and update step.
struct TraceCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Evaluate a lesson and print every forward and backward step.",
        discussion: """
        Examples:
          teach trace lessons/l2reg.yaml
          teach trace lessons/l2reg.yaml --digits 6
          teach trace lessons/xi-chain.yaml --format json > trace.json

        Exit status: 0 ok, 1 gradient check failed, 64 usage, 65 invalid lesson.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The lesson file (YAML).")
    var lesson: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var display: DisplayOptions

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        guard let run = LessonRun.load(lesson, digits: display.digits, byHand: display.byHand, into: &outcome) else { return outcome }
        let report = TraceReport(lesson: run.lesson, trace: run.trace)
        outcome.say(format == .json ? report.json().serialized() : report.text())
        outcome.hold(run)
        return outcome
    }
}
