import ArgumentParser
import TeachLessons
import TeachRender

/// `teach`: turns the backpropagation examples of a lecture into traces, frames and tables.
public struct TeachCommand: ParsableCommand, OutcomeCommand {
    public static let configuration = CommandConfiguration(
        commandName: "teach",
        abstract: "Turn a lecture's backpropagation example into step-by-step traces, frames and tables.",
        discussion: """
        A lesson file (YAML) states the example as the slides do: inputs, parameters and equations.

        Examples:
          teach render lessons/l2reg.yaml
          teach trace lessons/l2reg.yaml
          teach trace lessons/softmax.yaml --format json
        """,
        subcommands: [RenderCommand.self, TraceCommand.self, SheetCommand.self, CheckCommand.self, BundleCommand.self, GenerateCommand.self, SchemaCommand.self, WatchCommand.self]
    )

    @Flag(help: "Print teach's version and the Graphviz version it is linked with.") var version = false

    public init() {}

    /// `teach --version`; `teach` alone prints the help.
    func outcome() -> Outcome {
        var outcome = Outcome()
        outcome.say(version ? Self.versionLine : Self.helpMessage())
        return outcome
    }

    /// `teach 0.11.0 (Graphviz 2.43.0)`.
    static var versionLine: String { "teach \(TeachVersion.current) (Graphviz \(Graphviz.shared.version))" }

    /// Runs `arguments` in-process and returns what the command produced.
    public static func execute(_ arguments: [String]) -> Outcome {
        do {
            var command = try parseAsRoot(arguments)
            guard let runnable = command as? OutcomeCommand else {
                try command.run()
                return Outcome()
            }
            return runnable.outcome()
        } catch {
            var outcome = Outcome()
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if code == .success {
                outcome.say(message)
            } else {
                outcome.warn(message)
                outcome.status = .usage
            }
            return outcome
        }
    }

    /// The process entry point: parse, run, print, exit with the outcome's status.
    public static func entry() -> Never {
        Interruption.install()
        return execute(Array(CommandLine.arguments.dropFirst())).finish()
    }
}

/// A subcommand that reports through an `Outcome` instead of printing directly.
protocol OutcomeCommand {
    func outcome() -> Outcome
}
