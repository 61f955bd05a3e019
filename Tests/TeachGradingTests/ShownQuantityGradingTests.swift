import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachGrading
import TeachLessons

/// Grading a `show:` quantity: a student answers the textbook's Err₆ = −∂E/∂I₆ with the book's
/// sign. The numbers are the closed forms of a one-unit network, computed here.
@Suite struct ShownQuantityGradingTests {
    static let yaml = """
        title: One sigmoid unit, the textbook's error
        inputs: {x: 1, T: 1}
        parameters: {w: 0.5, theta: -0.2}
        equations:
          - I = w*x + theta
          - O = sigmoid(I)
          - E = 1/2*(T - O)^2
        loss: E
        show: {Err: -adjoint(I)}
        exercises:
          tolerance: {rtol: 0.001}
          carried_forward: 0.5
          blanks: [adjoint I, value Err]
        """

    /// Err = O(1 − O)(T − O), the book's formula.
    static let o = 1 / (1 + exp(-(0.5 * 1 - 0.2))), err = o * (1 - o) * (1 - o)

    @Test func theBooksSignIsRight() throws {
        let report = try grade(try lesson(Self.yaml), "adjoint_I: \(-Self.err)\nvalue_Err: \(Self.err)\n")
        #expect(report.allPassed)
        #expect(report.result("value_Err").status == .correct)
    }

    @Test func theAdjointsSignIsWrongForErr() throws {
        let report = try grade(try lesson(Self.yaml), "adjoint_I: \(-Self.err)\nvalue_Err: \(-Self.err)\n")
        #expect(report.result("value_Err").status == .incorrect)
        #expect(report.result("value_Err").feedback.joined().contains("Err = −∂E/∂I"))
    }

    /// A wrong ∂E/∂I carried into Err = −∂E/∂I earns the lesson's share.
    @Test func aWrongAdjointCarriesForward() throws {
        let report = try grade(try lesson(Self.yaml), "adjoint_I: -0.2\nvalue_Err: 0.2\n")
        #expect(report.result("adjoint_I").status == .incorrect)
        #expect(report.result("value_Err").status == .carriedForward)
    }
}
