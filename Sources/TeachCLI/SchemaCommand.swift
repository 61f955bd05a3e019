import ArgumentParser
import TeachRender

/// `teach schema`: the lesson format (or the answers format) as a JSON Schema for editors.
struct SchemaCommand: ParsableCommand, OutcomeCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case lesson, answers }

    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of lesson files (or answers files), for editors that check YAML.",
        discussion: """
        Made from the definitions teach's loader reads. Expression syntax, names defined elsewhere \
        in the file, shapes and size limits are checked by teach only.

        Examples:
          teach schema > lesson.schema.json
          teach schema answers > answers.schema.json

        Then start a lesson with the line
          # yaml-language-server: $schema=lesson.schema.json
        """
    )

    @Argument(help: "lesson or answers.") var format: Format = .lesson

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        outcome.say((format == .lesson ? JSONSchema.lesson() : JSONSchema.answers()).serialized())
        return outcome
    }
}
