import ArgumentParser
import Foundation
import TeachRender

/// `teach bundle gradescope LESSON`: an autograder for Gradescope.
struct BundleCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write an autograder bundle for a grading platform.",
        discussion: """
        Writes DIR/ with setup.sh, run_autograder, lesson.yaml, course.secret, the teach \
        executable and a README; zip its contents and upload them to Gradescope.

        Examples:
          teach bundle gradescope lessons/l2reg.yaml --secret-file course.secret \\
              --out l2reg-autograder

        Exit status: 0 ok, 64 usage, 65 invalid lesson, 70 internal error.
        """
    )

    enum Platform: String, ExpressibleByArgument, CaseIterable { case gradescope }

    @Argument(help: "The platform: gradescope.")
    var platform: Platform

    @Argument(help: "The lesson file (YAML) with an exercises: section.")
    var lesson: String

    @Option(help: "The course secret that per-student variants are derived from.")
    var secretFile: String

    @Option(help: "The bundle's folder (its name: letters, digits, '-' or '_').")
    var out: String

    @Option(help: "The teach executable to ship (default: this one).")
    var teach: String?

    func validate() throws {
        guard OutputFolder.isValidName(URL(fileURLWithPath: out).lastPathComponent) else {
            throw ValidationError("--out must end in a folder name of letters, digits, '-' or '_'")
        }
    }

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let secret: [UInt8]
        do { secret = try StudentOptions(secretFile: secretFile).secret() ?? [] } catch {
            outcome.warn("error: \(error.message)")
            outcome.status = .usage
            return outcome
        }
        guard let run = LessonRun.withExercises(lesson, secret: nil, student: nil, into: &outcome) else { return outcome }
        let executable = teach ?? "/proc/self/exe"
        guard let program = FileManager.default.contents(atPath: executable) else {
            outcome.warn("error: cannot read the teach executable at \(executable)")
            outcome.status = .internalError
            return outcome
        }
        let bundle = GradescopeBundle(lessonID: run.lesson.id, lesson: Array(run.source.utf8), secret: secret, teach: [UInt8](program))
        let destination = URL(fileURLWithPath: out)
        do {
            try OutputFolder(root: destination.deletingLastPathComponent()).replace(destination.lastPathComponent, with: bundle.files())
            outcome.say("\(lesson): wrote \(out)/ (zip its contents for Gradescope)")
        } catch {
            outcome.warn("\(out): error: \(error)")
            outcome.status = .internalError
        }
        return outcome
    }
}
