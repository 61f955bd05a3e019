import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport

/// `steps:` on lecture 002's ξ-chain: the lesson writes the slide's compact equation and the
/// slide's own split, ξ₁ = −WX, …, ξ₅ = log ξ₄, L = −yξ₅ (X = 3, y = 1, W = 3).
@Suite struct NamedStepsTests {
    static func yaml(steps: String) -> String {
        """
        title: The ξ-chain, written as the slide writes it
        inputs: {X: 3, y: 1}
        parameters: {W: 3}
        equations:
          - equation: L = -y*log(1/(1 + exp(-W*X)))
            steps: \(steps)
        loss: L
        """
    }
    static let slideSteps = "[xi1 = -W*X, xi2 = exp(xi1), xi3 = 1 + xi2, xi4 = 1/xi3, xi5 = log(xi4)]"

    @Test func theSlidesSplitAndNames() throws {
        let source = try lesson(Self.yaml(steps: Self.slideSteps))
        let trace = try source.trace()
        #expect(trace.graph.equations.map(\.name) == ["xi1", "xi2", "xi3", "xi4", "xi5", "L"])
        #expect(source.typesetter(.text).render(trace.graph.node(named: "L")!.definition!) == "−y ξ₅")
        // Reference numbers: ξ₁ = −9, ξ₂ = e⁻⁹, ξ₄ = 1/(1 + e⁻⁹), L = log(1 + e⁻⁹), ∂L/∂W = −3e⁻⁹/(1 + e⁻⁹).
        let e9 = exp(-9.0)
        #expect(trace.value("xi1").scalar == -9)
        #expect(abs(trace.value("xi2").scalar - e9) < 1e-18)
        #expect(abs(trace.value("L").scalar - log(1 + e9)) < 1e-15)
        #expect(abs(trace.adjoint("W").scalar - (-3 * e9 / (1 + e9))) < 1e-15)
        #expect(abs(trace.adjoint("W").scalar - -3.70183728e-4) < 1e-12, "reference-numbers.md")
        #expect(trace.gradientChecks.allSatisfy { $0.passed })
    }

    /// The same graph as the shipped lesson that writes every step as its own equation.
    @Test func theSameNumbersAsTheStepsWrittenOut() throws {
        let split = try lesson(Self.yaml(steps: Self.slideSteps)).trace(), written = try loadShippedLesson("xi-chain").trace()
        for name in ["xi1", "xi2", "xi3", "xi4", "xi5", "L", "W"] {
            #expect(split.value(name) == written.value(name) && split.adjoint(name) == written.adjoint(name), "\(name)")
        }
    }

    /// A step the equation does not contain (here −(W X), where the equation has (−W) X) is
    /// refused at that step.
    @Test func aStepTheEquationDoesNotContainIsAnError() throws {
        do {
            _ = try lesson(Self.yaml(steps: "[xi1 = -(W*X), xi2 = exp(xi1)]"))
            Issue.record("accepted a step the equation does not contain")
        } catch {
            #expect("\(error)".contains("test.yaml:6:13: error: the step 'xi1' is not part of L's equation"), "\(error)")
        }
        #expect(throws: (any Error).self) { _ = try lesson(Self.yaml(steps: "[W = exp(X)]")) }
    }
}
