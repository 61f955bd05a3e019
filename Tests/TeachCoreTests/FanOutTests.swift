import Testing
import TeachTestSupport
import TeachCore
@testable import TeachLessons

/// Adjoints accumulate over every edge: overwriting instead of adding is the classic bug.
@Suite struct FanOutTests {
    @Test func repeatedOperandInOneEquation() throws {
        // f = (x + x)·x = 2x², so df/dx = 4x: three references of x, three edges.
        let trace = try lesson("""
        title: fan-out
        parameters: {x: 1.5}
        equations: ['f = (x + x)*x']
        loss: f
        """).trace()
        #expect(trace.graph.edges.count == 3)
        #expect(close(trace.adjoint("x"), [4 * 1.5]))
        let step = try #require(trace.steps(.backward).last)
        #expect(step.terms.count == 1 && step.terms[0].edges.count == 3)
        // Per-edge contributions: x (first) gets ḡ·x, x (second) ḡ·x, x (third) ḡ·(x + x).
        #expect(trace.edgeContributions.map { $0!.scalar } == [1.5, 1.5, 3.0])
    }

    @Test func fanOutAcrossEquations() throws {
        // The same through separate nodes: s = x + x, f = s·x.
        let trace = try lesson("""
        title: fan-out
        parameters: {x: 1.5}
        equations: ['s = x + x', 'f = s*x']
        loss: f
        """).trace()
        #expect(close(trace.adjoint("x"), [6]))
        let step = try #require(trace.steps(.backward).last)
        #expect(step.terms.map { trace.graph.nodes[$0.consumer].name } == ["s", "f"])
        #expect(step.terms.map(\.contribution.scalar) == [2 * 1.5, 3.0])
    }

    @Test func l2RegularisedWeightHasTwoContributions() throws {
        let trace = try loadShippedLesson("l2reg").trace()
        let w = try #require(trace.steps(.backward).first { trace.graph.nodes[$0.node].name == "w" })
        #expect(w.terms.map { trace.graph.nodes[$0.consumer].name } == ["z", "R"])
        // ∂L_reg/∂z · x and ∂L_reg/∂R · w, from the reference numbers.
        #expect(agrees(w.terms[0].contribution.scalar, -0.0890999))
        #expect(agrees(w.terms[1].contribution.scalar, 0.08))
        #expect(agrees(w.result.scalar, -0.00909995))
    }
}
