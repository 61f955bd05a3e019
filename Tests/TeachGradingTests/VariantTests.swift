import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachGrading
@testable import TeachLessons

/// Per-student numbers: HMAC-SHA256 of the course secret seeds SplitMix64.
@Suite struct VariantTests {
    static let yaml = l2regYAML.replacingOccurrences(of: "  carried_forward: 0.5\n", with: """
          carried_forward: 0.5
          vary:
            x: {from: 0.5, to: 2.5, decimals: 1}
            w: {from: -1, to: 1, decimals: 2}

        """)
    static let secret = Array("course secret 2026".utf8)

    func given(_ lesson: Lesson, _ name: String) -> Double { lesson.graph.node(named: name)!.given!.scalar }

    @Test func theSameStudentAlwaysGetsTheSameNumbers() throws {
        let lesson = try lesson(Self.yaml, id: "l2reg")
        let a = lesson.variant(secret: Self.secret, student: "ada@uni.edu")
        let again = lesson.variant(secret: Self.secret, student: "  Ada@Uni.EDU\n")
        #expect(given(a, "x") == given(again, "x") && given(a, "w") == given(again, "w"))
        // The seed is the HMAC's first eight bytes, big-endian: 4c38c3bd907bf8e7 from Python's
        // hmac.new(b"course secret 2026", b"teach-variant\nl2reg\nada@uni.edu", hashlib.sha256).
        #expect(Variant.seed(secret: Self.secret, lesson: "l2reg", student: "ada@uni.edu") == 0x4c38c3bd907bf8e7)
    }

    @Test func studentsGetDifferentRoundedNumbersInRange() throws {
        let lesson = try lesson(Self.yaml, id: "l2reg")
        let students = (1...40).map { lesson.variant(secret: Self.secret, student: "student\($0)") }
        let pairs = Set(students.map { "\(given($0, "x")),\(given($0, "w"))" })
        #expect(pairs.count >= 35)
        for student in students {
            let x = given(student, "x"), w = given(student, "w")
            #expect((0.5...2.5).contains(x) && (-1...1).contains(w))
            #expect(x == Double(String(format: "%.1f", x))! && w == Double(String(format: "%.2f", w))!)
            #expect(given(student, "b") == -0.3)
        }
        // Another secret, other numbers; no secret, the lesson's own.
        let other = lesson.variant(secret: Array("another".utf8), student: "student1")
        #expect(given(other, "x") != given(students[0], "x") || given(other, "w") != given(students[0], "w"))
    }

    @Test func theKeyIsComputedFromTheNumbersShown() throws {
        let base = try lesson(Self.yaml, id: "l2reg")
        let variant = base.variant(secret: Self.secret, student: "ada@uni.edu")
        let x = given(variant, "x"), w = given(variant, "w"), b = -0.3
        let y = sigmoid(w * x + b), dz = (y - 1) * y * (1 - y)
        let answers = "adjoint_z: \(dz)\nadjoint_w: \(dz * x + 0.1 * w)\nupdate_w: \(w - 0.5 * (dz * x + 0.1 * w))"
        let report = try grade(variant, answers)
        for name in ["adjoint_z", "adjoint_w", "update_w"] { #expect(report.result(name).status == .correct, "\(name)") }
        // The lesson's own numbers are graded wrong for this student.
        let own = try grade(base, answers)
        #expect(own.result("adjoint_w").status != .correct)
    }
}
