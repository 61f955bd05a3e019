import Foundation
import Testing
@testable import TeachCore
import TeachLessons

/// The gradient check holds at every scale: L = Σᵢ (xᵢ + b)² + (w − 0.4)² over 5,000 inputs
/// between 100 and 1,000 is about 1.8·10⁹, so each loss a step h = 10⁻⁶ away is rounded by
/// about ε·L ≈ 4·10⁻⁷ and the central difference for w (whose derivative is 2(w − 0.4) = 0.2)
/// is off by up to 0.4: the fixed floor 10⁻⁶ failed this correct lesson.
@Suite struct GradientCheckScaleTests {
    static func lesson(w: String = "w") -> Lesson {
        let xs = (0..<5_000).map { String(100 + Double(($0 * 37) % 900) + 0.125) }.joined(separator: ", ")
        let yaml = "title: a large loss\ninputs:\n  x: [\(xs)]\nparameters: {w: 0.5, b: 0.2}\nequations:\n  - L = sum((x + b)^2) + (\(w) - 0.4)^2\nloss: L\n"
        return try! LessonLoader().load(bytes: Array(yaml.utf8), file: "large.yaml", id: "large").lesson
    }

    @Test func aCorrectLessonWithALargeLossPasses() throws {
        let trace = try Self.lesson().trace()
        let loss = trace.values[trace.graph.loss].scalar
        #expect(loss > 1e9)
        let w = try #require(trace.gradientChecks.first { trace.graph.nodes[$0.parameter].name == "w" })
        #expect(abs(w.adjoint.scalar - 0.2) < 1e-9, "the closed form 2(w − 0.4)")
        #expect(trace.gradientChecks.allSatisfy { $0.passed }, "\(trace.gradientChecks.map { ($0.adjoint.scalars, $0.finiteDifference.scalars) })")
    }

    /// At a lecture's scale the allowance for rounding is about 10⁻⁸: with ∂ℒ/∂w = 0.2 an
    /// estimate off by 10⁻⁵ still fails (the floor 10⁻⁶ + 10⁻⁵·0.2 is unchanged), where at a
    /// loss of 10⁹ an error ten times larger is rounding and passes.
    @Test func theAllowanceIsSmallAtALecturesScale() throws {
        let trace = try loadLesson("title: t\nparameters: {w: 0.5}\nequations:\n  - L = (w - 0.4)^2\nloss: L\n").trace()
        let tracer = Tracer(graph: trace.graph, options: Tracer.Options())
        let wrong = tracer.passes(0.2 + 1e-5, 0.2, losses: (0.0101, 0.0099), h: 1e-6)
        let close = tracer.passes(0.2 + 1e-6, 0.2, losses: (0.0101, 0.0099), h: 1e-6)
        let rounded = tracer.passes(0.2 + 1e-4, 0.2, losses: (1e9, 1e9), h: 1e-6)
        #expect(!wrong && close && rounded)
    }

    func loadLesson(_ yaml: String) throws -> Lesson {
        try LessonLoader().load(bytes: Array(yaml.utf8), file: "t.yaml", id: "t").lesson
    }
}
