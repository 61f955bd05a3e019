import Foundation
import Testing
import TeachTestSupport
@testable import TeachCLI

/// `teach check` end to end: exit codes, the closing lines, and a results.json that is
/// written whatever goes wrong.
@Suite struct CheckCommandTests {
    func lesson(_ id: String) -> String { repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path }

    func file(_ text: String, _ name: String = "answers.yaml") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-check-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
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
        #expect(json["score"] as? Double == 0)
        let tests = try #require(json["tests"] as? [[String: Any]])
        #expect(tests.count == 7)
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
    }

    @Test func answerProblemsGoToStandardErrorWithACaret() throws {
        let answers = try file("y: \"0.5\"\n")
        let outcome = TeachCommand.execute(["check", lesson("logistic"), answers.path])
        #expect(outcome.status == .checkFailed)
        #expect(outcome.standardError == "\(answers.path):1:4: error: the number 0.5 is in quotes, so it is text; write it without quotes\ny: \"0.5\"\n   ^\n")
    }

    @Test func junitCarriesTheScore() throws {
        let outcome = TeachCommand.execute(["check", lesson("logistic"), try file(Self.logisticAnswers).path, "--format", "junit"])
        #expect(outcome.standardOutput.contains("<property name=\"score\" value=\"9\"/><property name=\"max_score\" value=\"9\"/>"))
        #expect(!outcome.standardOutput.contains("<failure"))
    }
}
