import Foundation
import Testing
import TeachTestSupport
import TeachGrading
@testable import TeachLessons

/// The corpus of broken answers files: each file's first line says what teach must report,
/// `# expect: LINE:COL: error: MESSAGE` (the whole message), checked against the first
/// problem of the file or of its first unreadable answer. None of them crashes, and each
/// costs only the blanks it touches.
@Suite struct InvalidAnswersTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/TeachGradingTests/InvalidAnswers")
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    @Test func theCorpusIsThere() { #expect(Self.files.count >= 14) }

    @Test(arguments: files) func reportsTheExpectedError(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
        let expected = try #require(firstLine.components(separatedBy: "# expect: ").last)
        let lesson = try shippedLesson("l2reg")
        let grader = try Grader(lesson: lesson, trace: lesson.trace())
        let answers = Answers.read(bytes: bytes, file: name, blanks: grader.exercises.blanks)
        let unreadable = answers.entries.compactMap { entry -> Diagnostic? in
            if case .unreadable(let diagnostic) = entry.entry { return diagnostic }
            return nil
        }
        let diagnostic = try #require((answers.problems + unreadable).first, "\(name): no problem reported")
        let reported = diagnostic.description.replacingOccurrences(of: "\(name):", with: "").trimmingCharacters(in: .whitespaces)
        #expect(reported == expected, "\(name): \(reported)")
        let report = grader.grade(answers)
        #expect(report.score == 0)
    }
}

/// A correct answers file saved by a Windows editor, with a byte-order mark, scores full marks.
@Suite struct AnswersByteOrderMarkTests {
    @Test func aByteOrderMarkIsSkipped() throws {
        let lesson = try shippedLesson("relu-neuron")
        let grader = try Grader(lesson: lesson, trace: lesson.trace())
        let lines = grader.exercises.blanks.map { blank -> String in
            let key = grader.key(blank)
            return "\(blank.name): " + (key.isScalar ? "\(key.scalar)" : "[" + key.scalars.map { "\($0)" }.joined(separator: ", ") + "]")
        }
        let report = grader.grade(Answers.read(bytes: [0xEF, 0xBB, 0xBF] + Array(lines.joined(separator: "\r\n").utf8), file: "a.yaml",
                                               blanks: grader.exercises.blanks))
        #expect(report.allPassed && report.score == grader.exercises.totalPoints)
    }
}
