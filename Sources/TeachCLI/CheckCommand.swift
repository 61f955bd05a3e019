import ArgumentParser
import Foundation
import TeachGrading
import TeachLessons
import TeachRender

/// `teach check LESSON ANSWERS`: grade a student's hand-computed numbers.
struct CheckCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Grade a student's answers to a lesson's exercises.",
        discussion: """
        ANSWERS is a YAML file of 'blank_name: number' lines (teach sheet writes a template). \
        Each blank is graded with its tolerance; a number computed correctly from the student's \
        own earlier wrong answer earns the lesson's carried_forward share, and a wrong number \
        that matches a classic mistake (a missed path at a fan-out, σ for σ′, a dropped ½, \
        stale weights, a flipped sign, a transposed matrix) is named, except on hidden blanks. \
        Text output ends with 'N passed, N failed' and 'Points X/Y'.

        Examples:
          teach check lessons/l2reg.yaml answers.yaml
          teach check lessons/l2reg.yaml answers.yaml \\
              --student ada@uni.edu --secret-file course.secret
          teach check lessons/l2reg.yaml answers.yaml \\
              --format gradescope --output results.json

        Exit status: 0 every blank passed, 1 some did not, 64 usage, 65 invalid lesson or \
        unreadable answers file.
        """
    )

    @Argument(help: "The lesson file (YAML) with an exercises: section.")
    var lesson: String

    @Argument(help: "The student's answers (YAML).")
    var answers: String

    @Option(help: "Report format: text, json, gradescope (results.json) or junit.")
    var format: GradeFormat = .text

    @Option(help: "Write the report to this file (always written, even when grading fails) instead of standard output.")
    var output: String?

    @Option(help: "Gradescope's submission_metadata.json: the student is users[0].email (or id).")
    var metadata: String?

    @OptionGroup var who: StudentOptions

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let secret: [UInt8]?
        do { secret = try who.secret() } catch {
            outcome.warn("error: \(error.message)")
            outcome.status = .usage
            return deliver(nil, failure: error.message, outcome)
        }
        var student = who.student
        if student == nil, let metadata {
            student = Self.student(fromMetadata: metadata)
            if student == nil { outcome.warn("\(metadata): warning: no users[0].email or id; grading the lesson's own numbers") }
        }
        guard let run = LessonRun.withExercises(lesson, secret: secret, student: student, into: &outcome) else {
            return deliver(nil, failure: outcome.standardError, outcome)
        }
        let grader: Grader
        do { grader = try Grader(lesson: run.lesson, trace: run.trace) } catch {
            outcome.fail(Diagnostic(file: lesson, error), source: run.source)
            return deliver(nil, failure: error.message, outcome)
        }
        let submitted = Answers.read(path: answers, blanks: grader.exercises.blanks)
        let report = grader.grade(submitted, student: student.map(Variant.normalized))
        // Each problem in the answers file also goes to standard error with its line and a caret.
        for entry in submitted.entries { if case .unreadable(let diagnostic) = entry.entry { outcome.warn(diagnostic.rendered(source: submitted.source)) } }
        for problem in submitted.problems { outcome.warn(problem.rendered(source: submitted.source)) }
        outcome.status = submitted.unreadable ? .invalidInput : (report.allPassed ? .ok : .checkFailed)
        return deliver(report, failure: nil, outcome)
    }

    /// Writes the report (or, when grading could not start, a zero score that says why) to
    /// `--output` or standard output.
    private func deliver(_ report: GradeReport?, failure: String?, _ outcome: Outcome) -> Outcome {
        var outcome = outcome
        let text: String
        if let report { text = format.write(report) } else if format == .gradescope {
            text = GradeFormat.gradescopeFailure(failure ?? "")
        } else { return outcome }
        guard let output else {
            outcome.say(text)
            return outcome
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            outcome.warn("\(output): error: cannot write the report: \(error.localizedDescription)")
            outcome.status = .internalError
        }
        return outcome
    }

    /// `users[0].email`, else `users[0].id`, from Gradescope's submission metadata.
    static func student(fromMetadata path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20,
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let users = root["users"] as? [[String: Any]], let user = users.first else { return nil }
        if let email = user["email"] as? String, !email.isEmpty { return email }
        if let id = user["id"] { return "\(id)" }
        return nil
    }
}

extension GradeFormat: ExpressibleByArgument {}
