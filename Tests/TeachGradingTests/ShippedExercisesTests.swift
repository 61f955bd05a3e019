import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachGrading
@testable import TeachLessons

/// Every shipped lesson sets exercises; its own key passes and a wrong number fails. The keys'
/// numbers are checked against closed forms and reference numbers in TeachLessonsTests.
@Suite struct ShippedExercisesTests {
    static let ids = shippedLessonIDs

    static func yaml(_ value: Tensor) -> String {
        switch value.shape.rank {
        case 0: return "\(value.scalar)"
        case 1: return "[" + value.scalars.map { "\($0)" }.joined(separator: ", ") + "]"
        default: return "[" + value.rows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
    }

    @Test(arguments: ids) func theKeyPassesAndAWrongNumberFails(_ id: String) throws {
        let lesson = try shippedLesson(id)
        let exercises = try #require(lesson.exercises, "\(id) has no exercises")
        #expect(exercises.blanks.count >= 3)
        let grader = try Grader(lesson: lesson, trace: lesson.trace())
        let key = exercises.blanks.map { "\($0.name): \(Self.yaml(grader.key($0)))" }.joined(separator: "\n")
        let right = grader.grade(Answers.read(bytes: Array(key.utf8), file: "a.yaml", blanks: exercises.blanks))
        #expect(right.allPassed && right.score == exercises.totalPoints, "\(id)")
        let off = exercises.blanks.map { "\($0.name): \(Self.yaml(grader.key($0).map { $0 * 1.37 + 0.01 }))" }.joined(separator: "\n")
        let wrong = grader.grade(Answers.read(bytes: Array(off.utf8), file: "a.yaml", blanks: exercises.blanks))
        #expect(wrong.results.allSatisfy { $0.status != .correct }, "\(id)")
    }

    @Test func l2regKeyIsTheLecturesClosedForm() throws {
        let lesson = try shippedLesson("l2reg")
        let grader = try Grader(lesson: lesson, trace: lesson.trace())
        func key(_ name: String) -> Double { grader.key(lesson.exercises!.blanks.first { $0.name == name }!).scalar }
        #expect(abs(key("dLreg_dz") - L2.dz) < 1e-15)
        #expect(abs(key("dLreg_dw_via_z") - L2.viaZ) < 1e-15)
        #expect(abs(key("dLreg_dw_via_R") - L2.viaR) < 1e-15)
        #expect(abs(key("dLreg_dw") - L2.dw) < 1e-15)
        #expect(abs(key("w_new") - (L2.w - L2.rate * L2.dw)) < 1e-15)
    }
}
