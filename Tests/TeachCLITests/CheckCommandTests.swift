import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TeachTestSupport
@testable import TeachCLI

/// `teach check` end to end: exit codes, the closing lines, and a results.json that is
/// written whatever goes wrong.
@Suite struct CheckCommandTests {
    func lesson(_ id: String) -> String { repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path }

    func file(_ text: String, _ name: String = "answers.yaml") throws -> URL {
        let url = try scratchFolder("check").appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// ∂L/∂z, ∂L/∂w and the updates of the logistic lesson, from lecture 000's closed forms.
    static var logisticAnswers: String {
        let y = 1 / (1 + exp(-0.9)), dz = (y - 1) * y * (1 - y)
        return "y: \(y)\ndL_dy: \(y - 1)\ndL_dz: \(dz)\ndL_dw: \(dz * 1.5)\ndL_db: \(dz)\nw_new: \(0.8 - 0.5 * dz * 1.5)\nb_new: \(-0.3 - 0.5 * dz)\n"
    }

    @Test func rightAnswersExitZeroWithTheClosingLines() throws {
        let outcome = TeachCommand.execute(["check", lesson("logistic"), try file(Self.logisticAnswers).path])
        #expect(outcome.status == .ok)
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.suffix(2) == ["7 passed, 0 failed", "Points 9/9"])
    }

    /// JSON is read as well as YAML, and a submission folder is searched for the answers file.
    @Test func jsonAnswersAndSubmissionFoldersAreRead() throws {
        let pairs = Self.logisticAnswers.split(separator: "\n").map { line -> String in
            let parts = line.split(separator: ":", maxSplits: 1)
            return "\"\(parts[0])\": \(parts[1].trimmingCharacters(in: .whitespaces))"
        }
        let json = try file("{" + pairs.joined(separator: ", ") + "}\n", "answers.json")
        let outcome = TeachCommand.execute(["check", lesson("logistic"), json.deletingLastPathComponent().path])
        #expect(outcome.status == .ok && outcome.standardOutput.hasSuffix("7 passed, 0 failed\nPoints 9/9\n"), "\(outcome.standardOutput)")
    }

    @Test func aWrongAnswerExitsOne() throws {
        let answers = Self.logisticAnswers.replacingOccurrences(of: "dL_dy: ", with: "dL_dy: 1")
        let outcome = TeachCommand.execute(["check", lesson("logistic"), try file(answers).path])
        #expect(outcome.status == .checkFailed)
        #expect(outcome.standardOutput.hasSuffix("6 passed, 1 failed\nPoints 8/9\n"))
    }

    @Test func garbageStillWritesAValidResultsJSON() throws {
        let answers = try file("{{{ not yaml")
        let results = answers.deletingLastPathComponent().appendingPathComponent("results.json")
        let outcome = TeachCommand.execute(["check", lesson("logistic"), answers.path, "--format", "gradescope", "--output", results.path])
        #expect(outcome.status == .invalidInput)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        let tests = try #require(json["tests"] as? [[String: Any]])
        #expect(tests.count == 7 && tests.compactMap { $0["score"] as? Double }.reduce(0, +) == 0)
        #expect(tests.allSatisfy { $0["status"] as? String == "failed" && $0["max_score"] != nil && $0["visibility"] != nil })
    }

    @Test func anInvalidLessonStillWritesResultsJSON() throws {
        let broken = try file("title: t\nequations: [y = sigmod(w)]\nloss: y\n", "broken.yaml")
        let results = broken.deletingLastPathComponent().appendingPathComponent("results.json")
        let outcome = TeachCommand.execute(["check", broken.path, broken.path, "--format", "gradescope", "--output", results.path])
        #expect(outcome.status == .invalidInput)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        #expect(json["score"] as? Double == 0)
        #expect((json["output"] as? String)?.contains("could not grade") == true)
    }

    @Test func theStudentComesFromGradescopesMetadata() throws {
        let secret = try file("s3cret\n", "secret")
        let metadata = try file(#"{"users": [{"email": "ada@uni.edu", "id": 7, "name": "Ada"}]}"#, "submission_metadata.json")
        let answers = try file("dLreg_dz: 0\n")
        let viaMetadata = TeachCommand.execute(["check", lesson("l2reg"), answers.path, "--secret-file", secret.path,
                                                "--metadata", metadata.path, "--format", "json"])
        let direct = TeachCommand.execute(["check", lesson("l2reg"), answers.path, "--secret-file", secret.path,
                                           "--student", "ada@uni.edu", "--format", "json"])
        #expect(viaMetadata.standardOutput == direct.standardOutput)
        #expect(direct.standardOutput.contains("\"student\": \"ada@uni.edu\""))
    }

    @Test func usageErrorsExit64() throws {
        #expect(TeachCommand.execute(["check", lesson("l2reg"), "a.yaml", "--student", "ada"]).status == .usage)
        #expect(TeachCommand.execute(["check", lesson("l2reg"), "a.yaml", "--format", "xml"]).status == .usage)
        #expect(TeachCommand.execute(["check", lesson("l2reg"), "a.yaml", "--student", "ada", "--secret-file", "/nonexistent"]).status == .usage)
        // --output naming a folder says so (it used to fail writing, exit 70, "NSCocoaErrorDomain error 512").
        let folder = try scratchFolder("output-folder")
        let named = TeachCommand.execute(["check", lesson("l2reg"), "a.yaml", "--output", folder.path])
        #expect(named.status == .usage && named.standardError.contains("--output \(folder.path) is a folder; name the file to write"), "\(named.standardError)")
    }

    @Test func answerProblemsGoToStandardErrorWithACaret() throws {
        let answers = try file("y: \"0.5\"\n")
        let outcome = TeachCommand.execute(["check", lesson("logistic"), answers.path])
        #expect(outcome.status == .checkFailed)
        #expect(outcome.standardError == "\(lesson("logistic")): warning: the lesson varies x and w per student, but no --student (or --metadata) "
                + "was given; grading against the lesson's own numbers\n"
                + "\(answers.path):1:4: error: the number 0.5 is in quotes, so it is text; write it without quotes\ny: \"0.5\"\n   ^\n")
    }

    /// Right, wrong, unreadable and missing answers give JUnit that keeps every rule of the
    /// junit-10 schema CI servers enforce, with the points at suite level and in each case.
    @Test func junitKeepsTheRulesCIServersEnforce() throws {
        let right = TeachCommand.execute(["check", lesson("logistic"), try file(Self.logisticAnswers).path, "--format", "junit"])
        #expect(right.standardOutput.contains("<property name=\"score\" value=\"9\"/><property name=\"max_score\" value=\"9\"/>"))
        #expect(!right.standardOutput.contains("<failure"))
        #expect(junitViolations(right.standardOutput).isEmpty, "\(junitViolations(right.standardOutput))")
        var lines = Self.logisticAnswers.split(separator: "\n").map(String.init)
        lines[1] = "dL_dy: 7"          // wrong: a failure
        lines[2] = "dL_dz: \"x\""      // text: an error
        lines.removeLast()             // b_new missing: a failure
        let mixed = lines.joined(separator: "\n") + "\n"
        let wrong = TeachCommand.execute(["check", lesson("logistic"), try file(mixed).path, "--format", "junit"]).standardOutput
        #expect(junitViolations(wrong).isEmpty, "\(junitViolations(wrong))")
        #expect(wrong.contains("<testsuite name=\"logistic\" tests=\"7\" failures=\"2\" errors=\"1\" time=\"0\" skipped=\"0\">"))
        #expect(wrong.contains("<testcase name=\"dL_dy (0/1 points)\""))
        // The checker itself rejects what the old writer wrote.
        #expect(!junitViolations("<testsuites><testsuite name=\"a\" tests=\"1\" failures=\"0\"><testcase name=\"b\"><properties/></testcase></testsuite></testsuites>").isEmpty)
    }

    /// Characters XML 1.0 forbids, sent by a student (in an answer's key and text) or in
    /// Gradescope's metadata (the email), are shown visibly: the JUnit report stays well-formed
    /// and results.json is written.
    @Test func charactersXMLForbidsAreShownVisibly() throws {
        let answers = try file("dL_dy\u{FFFE}: 1\ndL_dz: \"x\u{FFFF}\"\n")
        let junit = TeachCommand.execute(["check", lesson("logistic"), answers.path, "--format", "junit"]).standardOutput
        #expect(junitViolations(junit).isEmpty, "\(junitViolations(junit))")
        #expect(!junit.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF })
        let parser = XMLParser(data: Data(junit.utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        let secret = try file("s3cret\n", "secret")
        let metadata = try file("{\"users\": [{\"email\": \"ada\u{FFFF}@uni.edu\", \"id\": 7}]}", "submission_metadata.json")
        let results = answers.deletingLastPathComponent().appendingPathComponent("results.json")
        for format in ["gradescope", "junit"] {
            let out = answers.deletingLastPathComponent().appendingPathComponent("out-\(format)")
            _ = TeachCommand.execute(["check", lesson("logistic"), answers.path, "--secret-file", secret.path, "--metadata", metadata.path,
                                      "--format", format, "--output", (format == "gradescope" ? results : out).path])
        }
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) is [String: Any], "results.json is written")
        let reported = try String(contentsOf: answers.deletingLastPathComponent().appendingPathComponent("out-junit"), encoding: .utf8)
        #expect(XMLParser(data: Data(reported.utf8)).parse() && reported.contains("&lt;U+FFFF&gt;"), "\(reported.prefix(400))")
    }

    /// A hidden blank shows in no number the student sees: the summary counts visible blanks,
    /// and there is no top-level score (Gradescope sums the tests and hides hidden ones).
    @Test(arguments: ["hidden", "after_due_date", "after_published"])
    func hiddenBlanksLeakNothingIntoTheSummary(_ visibility: String) throws {
        let yaml = try String(contentsOfFile: lesson("logistic"), encoding: .utf8)
            .replacingOccurrences(of: "    - {ask: update b, name: b_new", with: "    - {ask: update b, name: b_new, visibility: \(visibility)")
        let hidden = try file(yaml, "logistic.yaml")
        #expect(yaml.contains("visibility: \(visibility)"))
        func results(_ answers: String) throws -> [String: Any] {
            let out = hidden.deletingLastPathComponent().appendingPathComponent("results.json")
            _ = TeachCommand.execute(["check", hidden.path, try file(answers).path, "--format", "gradescope", "--output", out.path])
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        }
        let right = try results(Self.logisticAnswers)
        let wrong = try results(Self.logisticAnswers.replacingOccurrences(of: "b_new: ", with: "b_new: 7"))
        #expect(right["score"] == nil && wrong["score"] == nil)
        #expect(right["output"] as? String == wrong["output"] as? String)
        #expect((right["output"] as? String)?.contains("6 passed, 0 failed (more blanks are shown once grades are released)") == true)
        #expect(right["output_format"] as? String == "md" && right["test_output_format"] as? String == "md")
    }
}
