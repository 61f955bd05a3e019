import Foundation
import Testing
@testable import TeachCLI

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The commands, run in-process: output and exit status.
@Suite struct CommandTests {
    func lesson(_ id: String) -> String { repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path }

    @Test func traceSucceeds() {
        let outcome = TeachCommand.execute(["trace", lesson("l2reg")])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.contains("∂L_reg/∂w"))
        #expect(outcome.standardError.isEmpty)
    }

    @Test func traceJSON() {
        let outcome = TeachCommand.execute(["trace", lesson("logistic"), "--format", "json"])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.hasPrefix("{\n  \"lesson\": \"logistic\""))
    }

    @Test func invalidLessonExits65WithCaret() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("teach-typo-\(getpid()).yaml")
        try "title: t\nparameters: {w: 1}\nequations:\n  - y = sigmod(w)\nloss: y\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = TeachCommand.execute(["trace", file.path])
        #expect(outcome.status == .invalidInput)
        #expect(outcome.standardError == "\(file.path):4:9: error: unknown function 'sigmod' (did you mean 'sigmoid'?)\n  - y = sigmod(w)\n        ^\n")
    }

    @Test func missingFileExits65() {
        let outcome = TeachCommand.execute(["trace", "/nonexistent/lesson.yaml"])
        #expect(outcome.status == .invalidInput)
        #expect(outcome.standardError.contains("cannot open the lesson file"))
    }

    @Test func usageErrorsExit64() {
        #expect(TeachCommand.execute(["trace"]).status == .usage)
        #expect(TeachCommand.execute(["frobnicate"]).status == .usage)
        #expect(TeachCommand.execute(["trace", lesson("l2reg"), "--digits", "0"]).status == .usage)
    }

    @Test func helpExitsZero() {
        let outcome = TeachCommand.execute(["--help"])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.contains("trace"))
    }

    @Test func byHandIsLabelled() {
        let outcome = TeachCommand.execute(["trace", lesson("l2reg"), "--by-hand", "--digits", "3"])
        #expect(outcome.standardOutput.contains("By hand: every intermediate rounded to 3 significant digits."))
    }
}
