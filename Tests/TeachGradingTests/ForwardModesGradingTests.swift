import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachGrading
import TeachLessons

/// Blanks of forward mode by several variables (Baydin et al.'s y = ln x₁ + x₁x₂ − sin x₂ at
/// (2, 5)): each names its variable, and is graded against that pass's closed form.
@Suite struct ForwardModesGradingTests {
    static func yaml(_ blanks: String) -> String {
        """
        title: Forward mode by each input in turn
        parameters: {x1: 2, x2: 5}
        equations:
          - v1 = log(x1)
          - v2 = x1*x2
          - v3 = sin(x2)
          - v4 = v1 + v2
          - y = v4 - v3
        loss: y
        forward_mode: [x1, x2]
        exercises:
          tolerance: {rtol: 0.001}
          blanks: \(blanks)
        """
    }

    @Test func eachBlankNamesItsVariable() throws {
        let source = try lesson(Self.yaml("[tangent y wrt x1, tangent y wrt x2, column tangent wrt x2]"))
        #expect(source.exercises!.blanks.map(\.name) == ["tangent_y_wrt_x1", "tangent_y_wrt_x2",
                                                        "tangents_x2.v2", "tangents_x2.v3", "tangents_x2.v4", "tangents_x2.y"])
        let right = "tangent_y_wrt_x1: 5.5\ntangent_y_wrt_x2: \(2 - cos(5.0))\n"
            + "tangents_x2: {v2: 2, v3: \(cos(5.0)), v4: 2, y: \(2 - cos(5.0))}\n"
        #expect(try grade(source, right).allPassed)
        // The x₁ pass's number in the x₂ blank is wrong.
        let swapped = try grade(source, "tangent_y_wrt_x1: 5.5\ntangent_y_wrt_x2: 5.5\n")
        #expect(swapped.result("tangent_y_wrt_x1").status == .correct && swapped.result("tangent_y_wrt_x2").status != .correct)
    }

    @Test func withSeveralVariablesABlankMustSayWhich() throws {
        #expect(throws: (any Error).self) { _ = try lesson(Self.yaml("[tangent y]")) }
        do { _ = try lesson(Self.yaml("[tangent y wrt x3]")) } catch { #expect("\(error)".contains("'x3' is not a forward_mode variable")) }
        do { _ = try lesson(Self.yaml("[tangent y]")) } catch { #expect("\(error)".contains("say which: 'tangent y wrt x1'")) }
    }
}
