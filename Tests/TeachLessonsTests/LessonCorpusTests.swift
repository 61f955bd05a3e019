import Foundation
import Testing
import TeachTestSupport
import TeachCore
@testable import TeachLessons

/// Every shipped lesson loads, traces, and passes its gradient check.
@Suite struct LessonCorpusTests {
    static let ids = shippedLessonIDs

    @Test func lessonsAreShipped() {
        #expect(Self.ids.count >= 11)
    }

    @Test(arguments: ids)
    func lessonPassesGradientCheck(_ id: String) throws {
        let (lesson, trace) = try shippedLesson(id)
        #expect(!trace.gradientChecks.isEmpty)
        for check in trace.gradientChecks {
            #expect(check.passed, "\(id): \(lesson.graph.nodes[check.parameter].name) differs by \(check.maximumError)")
        }
        // Symbolic partials, evaluated, send the same contribution as the numeric VJP.
        for step in trace.steps(.backward) {
            for term in step.terms {
                guard let p = term.partialValue, let a = trace.adjoints[term.consumer] else { continue }
                let product = Tensor.zip(a, p, *)!.unbroadcast(to: term.contribution.shape)
                #expect(close(product, term.contribution.scalars, 1e-12), "\(id): term at \(trace.graph.nodes[step.node].name)")
            }
        }
    }

    @Test func expandedFormHasTheSameNumbers() throws {
        let yaml = """
        title: expanded
        inputs: {x: 1.5, t: 1}
        parameters: {w: 0.8, b: -0.3}
        equations: ['z = w*x + b', 'y = sigmoid(z)', 'L = 1/2*(y - t)^2']
        loss: L
        """
        let compact = try lesson(yaml).trace()
        let expanded = try lesson(yaml + "\nexpand: true\n").trace()
        #expect(expanded.graph.equations.map(\.name) == ["xi1", "z", "y", "xi2", "xi3", "L"])
        #expect(expanded.adjoint("w") == compact.adjoint("w"))
        #expect(expanded.adjoint("b") == compact.adjoint("b"))
    }

    @Test func byHandRoundsIntermediates() throws {
        let (lesson, _) = try shippedLesson("l2reg")
        let trace = try lesson.withDisplay(digits: 2, byHand: true).trace()
        #expect(trace.byHand)
        #expect(trace.value("y").scalar == 0.71)
        #expect(trace.value("L").scalar == 0.042) // ½(0.71 − 1)² = 0.04205 → 0.042
    }

    @Test func evaluationProblemsNameTheStep() throws {
        let bad = try lesson("""
        title: bad
        parameters: {w: 0}
        equations: ['z = log(w)', 'L = z']
        loss: L
        """)
        #expect(throws: TraceError.self) { try bad.trace() }
        do { _ = try bad.trace() } catch {
            #expect(error.node == "z" && error.message == "log of zero")
            #expect(error.location == SourceLocation(line: 3, column: 18))
        }
    }
}
