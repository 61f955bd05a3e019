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
          teach check lessons/l2reg.yaml --submissions submissions \\
              --secret-file course.secret --output gradebook.csv

        Exit status: 0 every blank passed, 1 some did not, 64 usage, 65 invalid lesson or \
        unreadable answers file.
        """
    )

    @Argument(help: "The lesson file (YAML) with an exercises: section.")
    var lesson: String

    @Argument(help: "The student's answers (YAML or JSON), or the folder of a submission holding answers.yaml, answers.yml or answers.json.")
    var answers: String?

    @Option(help: ArgumentHelp("A folder of the class's submissions, each named by the student's email or id: a file (ada@uni.edu.yaml) or a folder holding answers.yaml.",
                               discussion: "Writes a gradebook CSV (student, points per blank, total) to --output or standard output, and the most common mistakes."))
    var submissions: String?

    @Option(help: "Report format: text, json, gradescope (results.json) or junit.")
    var format: GradeFormat = .text

    @Option(help: "Write the report to this file (always written, even when grading fails) instead of standard output.")
    var output: String?

    @Option(help: "Gradescope's submission_metadata.json: the student is users[0].email (or id).")
    var metadata: String?

    @OptionGroup var who: StudentOptions

    func validate() throws {
        guard (answers == nil) != (submissions == nil) else { throw ValidationError("give either ANSWERS or --submissions DIR") }
        var isFolder: ObjCBool = false
        if let output, FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("--output \(output) is a folder; name the file to write, e.g. \(output)/\(submissions == nil ? "results.json" : "gradebook.csv")")
        }
        if submissions != nil, who.student != nil || metadata != nil {
            throw ValidationError("--submissions names each student by its file; it takes no --student or --metadata")
        }
    }

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let secret: [UInt8]?
        do { secret = try who.secret() } catch {
            outcome.warn("error: \(error.message)")
            outcome.status = .usage
            return deliver(nil, failure: error.message, outcome)
        }
        if let submissions { return ClassGrading(lesson: lesson, folder: submissions, secret: secret, output: output).outcome(outcome) }
        // Stopped at the time limit (a file that makes teach work too long), the platform still
        // gets its results.json.
        if format == .gradescope, let output {
            Interruption.onStop { reason in
                try? Data(GradeFormat.gradescopeFailure(reason).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            }
        }
        var student = who.student
        if student == nil, let metadata {
            // Without the student, the grade would be against other numbers than the sheet's.
            guard let found = Self.student(fromMetadata: metadata) else {
                let message = "\(metadata): error: cannot read the student from the submission metadata (users[0].email or id)"
                outcome.warn(message)
                outcome.status = .invalidInput
                return deliver(nil, failure: message, outcome)
            }
            student = found
        }
        guard let run = LessonRun.withExercises(lesson, secret: secret, student: student, into: &outcome) else {
            return deliver(nil, failure: outcome.standardError, outcome)
        }
        if student == nil, let varied = run.lesson.exercises?.variations, !varied.isEmpty {
            let listed = varied.map { run.lesson.graph.nodes[$0.node].name }
            let names = listed.count == 1 ? listed[0] : listed.dropLast().joined(separator: ", ") + " and " + listed.last!
            outcome.warn("\(lesson): warning: the lesson varies \(names) per student, but no --student (or --metadata) was given; "
                         + "grading against the lesson's own numbers")
        }
        let answers: String
        switch Self.answersFile(self.answers ?? "") {
        case .success(let path): answers = path
        case .failure(let problem):
            outcome.warn(problem.description)
            outcome.status = .invalidInput
            return deliver(nil, failure: problem.message, outcome)
        }
        let grader: Grader
        do { grader = try Grader(lesson: run.lesson, trace: run.trace) } catch {
            outcome.fail(Diagnostic(file: lesson, error), source: run.source)
            return deliver(nil, failure: error.message, outcome)
        }
        let submitted = Answers.read(path: answers, blanks: grader.exercises.blanks)
        if let stamp = submitted.source.flatMap(SheetStamp.init(source:)) {
            guard stamp.lesson == run.lesson.id else {
                let message = "\(answers): error: these answers were written on the worksheet of lesson '\(stamp.lesson)', "
                    + "but this grades lesson '\(run.lesson.id)'"
                outcome.warn(message)
                outcome.status = .invalidInput
                return deliver(nil, failure: message, outcome)
            }
            if stamp.digest != run.lesson.digest {
                outcome.warn("\(answers): warning: the worksheet was made from another version of \(run.lesson.id)'s lesson file "
                             + "(\(stamp.digest), graded with \(run.lesson.digest)); if its numbers changed, the grade is against the new ones")
            }
            if let written = stamp.student, let student, Variant.normalized(student) != written {
                outcome.warn("\(answers): warning: the answers file was made for \(written)'s worksheet, but is graded as \(Variant.normalized(student))'s")
            }
        }
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
            outcome.warn("\(output): error: cannot write the report: \(OutputError.reason(error))")
            outcome.status = .internalError
        }
        return outcome
    }

    static let answerNames = ["answers.yaml", "answers.yml", "answers.json"]

    /// The answers file: `path` itself, or in a submission folder the first of
    /// `answerNames` there; a folder without one names the files it holds.
    static func answersFile(_ path: String) -> Result<String, Diagnostic> {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return .success(path) }
        let folder = URL(fileURLWithPath: path)
        for name in answerNames where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            return .success(folder.appendingPathComponent(name).path)
        }
        let found = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let listing = found.isEmpty ? "it is empty" : "it holds " + found.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            + (found.count > 10 ? " and \(found.count - 10) more" : "")
        return .failure(Diagnostic(file: path, location: nil,
                                   message: "no answers.yaml in the submission (\(listing)); submit your answers as answers.yaml"))
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
