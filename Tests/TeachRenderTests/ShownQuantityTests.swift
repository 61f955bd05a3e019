import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// `show:` on Han and Kamber's worked example, whose errors are Err_j = O_j(1 − O_j)(T − O_j)
/// for the output and Err_j = O_j(1 − O_j) Σ_k Err_k w_jk for a hidden unit, which is
/// −∂E/∂I_j: the book prints Err₆ = 0.1311, Err₅ = −0.0065, Err₄ = −0.0087 at four decimals.
@Suite struct ShownQuantityTests {
    static let yaml = """
        title: Han and Kamber's errors
        inputs: {x1: 1, x2: 0, x3: 1, T: 1}
        parameters: {w14: 0.2, w15: -0.3, w24: 0.4, w25: 0.1, w34: -0.5, w35: 0.2, w46: -0.3, w56: -0.2, theta4: -0.4, theta5: 0.2, theta6: 0.1}
        equations:
          - I4 = w14*x1 + w24*x2 + w34*x3 + theta4
          - O4 = sigmoid(I4)
          - I5 = w15*x1 + w25*x2 + w35*x3 + theta5
          - O5 = sigmoid(I5)
          - I6 = w46*O4 + w56*O5 + theta6
          - O6 = sigmoid(I6)
          - E = 1/2*(T - O6)^2
        loss: E
        display: {decimals: 3, partials: {decimals: 4}, adjoints: {decimals: 4}, by_hand: true}
        show: {Err6: -adjoint(I6), Err5: -adjoint(I5), Err4: -adjoint(I4), Delta6: T - O6}
        """

    /// The book's errors by its own formulas, at its precisions (three places for outputs, four for errors).
    static var published: (err6: Double, err5: Double, err4: Double, delta6: Double) {
        func d3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        func d4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
        func σ(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        let o4 = d3(σ(d3(0.2 - 0.5 - 0.4))), o5 = d3(σ(d3(-0.3 + 0.2 + 0.2))), o6 = d3(σ(d3(-0.3 * o4 - 0.2 * o5 + 0.1)))
        let err6 = d4(d4(o6 * (1 - o6)) * d4(1 - o6))
        return (err6, d4(d4(o5 * (1 - o5)) * d4(err6 * -0.2)), d4(d4(o4 * (1 - o4)) * d4(err6 * -0.3)), d3(1 - o6))
    }

    @Test func theBooksErrorsWithTheBooksSigns() throws {
        let source = try lesson(Self.yaml)
        let trace = try source.trace()
        let book = Self.published
        #expect([book.err6, book.err5, book.err4] == [0.1311, -0.0065, -0.0087], "as printed")
        #expect(trace.derived.map(\.quantity.name) == ["Err6", "Err5", "Err4", "Delta6"])
        #expect(trace.derived.map(\.value.scalar) == [book.err6, book.err5, book.err4, book.delta6])
        // The sign convention is the lesson's: each is minus the adjoint the backward table shows.
        for (name, node) in [("Err6", "I6"), ("Err5", "I5"), ("Err4", "I4")] {
            #expect(trace.derived.first { $0.quantity.name == name }!.value.scalar == -trace.adjoint(node).scalar)
        }
        let text = TraceReport(lesson: source, trace: trace).text()
        #expect(text.contains("  Err₆ = −∂E/∂I₆ = 0.1311\n"))
        #expect(text.contains("  Δ₆ = T − O₆ = 0.526\n"))
        let tables = MarkdownTables(lesson: source, trace: trace).document()
        #expect(tables.contains("| $\\mathit{Err}_{6} = -\\frac{\\partial E}{\\partial I_{6}} = 0.1311$ |"))
        let json = TraceReport(lesson: source, trace: trace).json().serialized()
        #expect(json.contains("\"name\": \"Err5\""), "trace.json lists the shown quantities")
        #expect(json.contains("\"definition\": \"−∂E/∂I₅\""))
    }

    /// In the frames each stands at the node it reads last, from the step that computes it on.
    @Test func framesShowEachFromItsStep() throws {
        let source = try lesson(Self.yaml)
        let trace = try source.trace()
        let storyboard = Storyboard(trace: trace, typesetter: source.typesetter(.text))
        let i6 = trace.graph.node(named: "I6")!.id, o6 = trace.graph.node(named: "O6")!.id
        let backward = trace.steps(.backward).first { $0.node == i6 }!.index
        func derivedRow(_ node: Int, _ step: Int) -> Storyboard.Row? { storyboard.rows(node, at: step).first { $0.kind == .derived } }
        #expect(derivedRow(i6, backward - 1)?.known == false)
        #expect(derivedRow(i6, backward)?.lines == ["Err₆ = 0.1311"])
        #expect(derivedRow(o6, trace.steps.count - 1)?.lines == ["Δ₆ = 0.526"], "a value's quantity stands at that node")
    }

    @Test func aNameOrAReferenceThatDoesNotFitIsAnError() throws {
        func error(_ show: String) -> String {
            do { _ = try lesson(Self.yaml.replacingOccurrences(of: "show: {Err6: -adjoint(I6), Err5: -adjoint(I5), Err4: -adjoint(I4), Delta6: T - O6}", with: show)); return "" }
            catch { return "\(error)" }
        }
        #expect(error("show: {I6: -adjoint(I6)}").contains("'I6' is already a name in this lesson"))
        #expect(error("show: {Err: -adjoint(x1)}").contains("'x1' gets no adjoint"))
        #expect(error("show: {Err: -adjoint(I7)}").contains("'I7' is not a name in this lesson"))
        #expect(error("show: {Err: -adjoint(I6}").contains("expected ')' after 'adjoint(I6'"))
        #expect(error("show: {Half: 1/2}").contains("'Half' reads no value and no adjoint"))
    }
}
