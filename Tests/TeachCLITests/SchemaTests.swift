import Foundation
import Testing
import TeachCLI
import TeachCore
import TeachGrading
import TeachLessons
import TeachRender
import TeachTestSupport

/// `teach schema` checked as an editor uses it: every shipped lesson and every file of the two
/// corpora of broken files is read as YAML 1.2 and validated with a draft-07 validator from
/// PyPI (`SchemaValidation/validate.py`), and the verdicts are compared with teach's own.
///
/// The schema is never stricter than teach: a file it refuses, teach refuses. Where teach
/// refuses a file the schema lets through, the reason is one of what a schema cannot say,
/// listed here and in the README (the messages are teach's own).
@Suite struct SchemaTests {
    /// What only teach checks, by the words of its messages.
    static let beyondASchema: [(what: String, messages: [String])] = [
        ("expression syntax and names defined elsewhere in the file",
         ["expected", "unknown function", "expression is longer", "nests deeper", "undefined name", "is used before its equation",
          "cycle", "in terms of itself", "is defined twice", "the loss '", "out of range", "is given on the worksheet",
          "is not a blank of this lesson", "is not a parameter of this lesson", "is held fixed",
          "gets no adjoint", "is not part of"]),
        ("LaTeX in notation", ["LaTeX", "notation", "an argument", "two arguments", "superscript", "\\left", "\\right", "closes no",
                               "'&' aligns", "pdflatex", "the text of '\\text'"]),
        ("shapes, and values an equation cannot have", ["cannot evaluate", "cannot multiply", "equal shapes", "must be a scalar",
                                                        "row 2 of", "division by zero", "log of"]),
        ("numbers that are not finite (.inf, .nan, 1e400)", ["must be a number, not '-.inf'", "must be a number, not '.nan'",
                                                              "too large to be a finite number", "is not a finite number"]),
        ("limits of size and work", ["over the limit", "would hold"]),
        ("anchors and aliases", ["anchors and aliases"]),
        ("numbers in quotes", ["is in quotes"]),
        ("characters XML cannot hold, in any text", ["is not allowed (XML"]),
        ("lists of steps (numbers, ranges and phases)", ["is not a step number"]),
    ]

    static let validator = repositoryRoot.appendingPathComponent("Tests/TeachCLITests/SchemaValidation/validate.py").path

    /// `teach schema` prints exactly `JSONSchema`'s documents, and each is a valid draft-07 schema
    /// (`validate.py` checks that before validating anything).
    @Test func theCommandPrintsTheSchemas() {
        #expect(TeachCommand.execute(["schema"]).standardOutput == JSONSchema.lesson().serialized() + "\n")
        #expect(TeachCommand.execute(["schema", "answers"]).standardOutput == JSONSchema.answers().serialized() + "\n")
        #expect(TeachCommand.execute(["schema", "quiz"]).status == .usage)
    }

    /// The schemas committed beside the rendered lessons (which `# yaml-language-server:` lines
    /// point at) are the ones teach writes now.
    @Test func theCommittedSchemasAreCurrent() throws {
        for (file, schema) in [("lesson.schema.json", JSONSchema.lesson()), ("answers.schema.json", JSONSchema.answers())] {
            let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("output/" + file), encoding: .utf8)
            #expect(committed == schema.serialized() + "\n", "output/\(file) is stale: run bash .ci/setup")
        }
    }

    /// Every key the loader accepts at the top of a lesson is in the schema, and no other.
    @Test func theSchemaListsTheLoadersKeys() throws {
        guard case .object(let fields) = JSONSchema.lesson(),
              case .object(let properties)? = fields.first(where: { $0.0 == "properties" })?.1 else {
            Issue.record("the lesson schema has no properties")
            return
        }
        #expect(properties.map(\.0) == LessonFormat.lesson.keys)
        for key in LessonFormat.lesson.keys {
            let yaml = "title: t\nparameters: {w: 1}\nequations: [L = w]\nloss: L\n\(key)_typo: 1\n"
            #expect(throws: Diagnostic.self) { try LessonLoader().load(bytes: Array(yaml.utf8), file: "t.yaml", id: "t") }
        }
    }

    @Test(.enabled(if: PythonPackages.schemaCheck.isInstalled, PythonPackages.schemaCheck.missing))
    func lessonsAgreeWithTheLoader() throws {
        let corpus = repositoryRoot.appendingPathComponent("Tests/TeachLessonsTests/InvalidLessons")
        let broken = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { corpus.appendingPathComponent($0).path }
        let shipped = shippedLessonIDs.map(shippedLessonPath)
        let verdicts = try validate(JSONSchema.lesson(), shipped + broken)
        for path in shipped { #expect(verdicts[path] == "valid", "\(path): \(verdicts[path] ?? "no verdict")") }
        // What the schema must catch while the lesson is typed: unknown and missing keys, types, bounds, choices.
        for name in ["unknown-key", "missing-loss", "string-value", "title-over-the-length-limit", "digits-out-of-range",
                     "descent-without-learning-rate", "tolerance-of-two-kinds", "unknown-visibility", "empty-equations",
                     "yes-for-true", "collection-key"] {
            let path = corpus.appendingPathComponent(name + ".yaml").path
            #expect(verdicts[path]?.hasPrefix("invalid") == true, "\(name): the schema says \(verdicts[path] ?? "nothing")")
        }
        for path in broken {
            let message: String
            do {
                let lesson = try LessonLoader().load(path: path).lesson
                _ = try lesson.trace()
                Issue.record("\(path) is in the corpus of invalid lessons but loads and traces")
                continue
            } catch let diagnostic as Diagnostic {
                message = diagnostic.message
            } catch let error as TraceError {
                message = error.message
            } catch {
                message = "\(error)"
            }
            try agree(path: path, verdict: verdicts[path], teachSays: message)
        }
    }

    @Test(.enabled(if: PythonPackages.schemaCheck.isInstalled, PythonPackages.schemaCheck.missing))
    func answersAgreeWithTheReader() throws {
        let corpus = repositoryRoot.appendingPathComponent("Tests/TeachGradingTests/InvalidAnswers")
        let broken = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { corpus.appendingPathComponent($0).path }
        let lesson = try loadShippedLesson("l2reg")
        let grader = try Grader(lesson: lesson, trace: lesson.trace())
        let good = FileManager.default.temporaryDirectory.appendingPathComponent("schema-good-answers-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: good) }
        // The key, written as a student would: a minus sign from the worksheet, one blank left empty.
        var lines = grader.exercises.blanks.map { blank in "\(blank.name): \(Self.typed(grader.key(blank).scalars[0]))" }
        lines[lines.count - 1] = grader.exercises.blanks.last!.name + ":"
        try (lines.joined(separator: "\n") + "\n").write(to: good, atomically: true, encoding: .utf8)

        let verdicts = try validate(JSONSchema.answers(), [good.path] + broken)
        #expect(verdicts[good.path] == "valid", "\(verdicts[good.path] ?? "no verdict")")
        let read = Answers.read(path: good.path, blanks: grader.exercises.blanks)
        #expect(read.problems.isEmpty && !read.unreadable)
        for path in broken {
            let answers = Answers.read(path: path, blanks: grader.exercises.blanks)
            let unreadable = answers.entries.compactMap { entry -> Diagnostic? in
                if case .unreadable(let diagnostic) = entry.entry { return diagnostic }
                return nil
            }
            let problem = try #require((answers.problems + unreadable).first, "\(path) is in the corpus of invalid answers but reads")
            try agree(path: path, verdict: verdicts[path], teachSays: problem.message)
        }
    }

    /// A negative number with the worksheet's minus sign (U+2212), as a student copies it.
    static func typed(_ value: Double) -> String {
        value < 0 ? "\u{2212}" + NumberFormat(digits: 6).format(-value) : NumberFormat(digits: 6).format(value)
    }

    /// A file teach refuses: the schema refuses it too, or teach's reason is beyond a schema.
    private func agree(path: String, verdict: String?, teachSays message: String) throws {
        let verdict = try #require(verdict, "\(path): no verdict from the validator")
        if verdict == "aliased" {
            #expect(message.contains("anchors and aliases"), "\(path): has anchors or aliases, but teach says \(message)")
            return
        }
        guard verdict == "valid" else { return }
        let reasons = Self.beyondASchema.filter { $0.messages.contains { message.contains($0) } }
        #expect(!reasons.isEmpty, "\(path): the schema accepts it, but teach refuses it for a reason a schema can say: \(message)")
    }

    /// The validator's verdict per file: `valid`, or `invalid`/`unreadable` with its reason.
    private func validate(_ schema: JSONValue, _ files: [String]) throws -> [String: String] {
        let schemaFile = FileManager.default.temporaryDirectory.appendingPathComponent("teach-schema-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: schemaFile) }
        try schema.serialized().write(to: schemaFile, atomically: true, encoding: .utf8)
        let result = try PythonPackages.schemaCheck.run([Self.validator, schemaFile.path] + files)
        #expect(result.status == 0, "validate.py failed")
        var verdicts: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if parts.count == 2 { verdicts[parts[0]] = parts[1] }
        }
        #expect(verdicts.count == files.count, "validate.py judged \(verdicts.count) of \(files.count) files")
        return verdicts
    }
}
