import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport

/// `by_hand: true` on the textbook's worked example of backpropagation (a 3-2-1 sigmoid
/// network, x = (1, 0, 1), target 1, learning rate 0.9, three significant digits), as Han and
/// Kamber print it: O₄ = 0.332, O₅ = 0.525, O₆ = 0.474 and the updated weights below. Every number
/// shown must be the number used next: the test redoes the calculation on paper, rounding each
/// value, local partial, contribution (shown adjoint × shown partial), adjoint and update.
@Suite struct ByHandTests {
    static let yaml = """
        title: Backpropagation by hand (Han and Kamber's worked example)
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
        display: {digits: 3, by_hand: true}
        descent: {learning_rate: 0.9, steps: 1}
        """

    /// Three significant digits, as on paper.
    static func r(_ x: Double) -> Double { Double(String(format: "%.2e", x))! }
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// The forward pass on paper: each node's value rounded before the next uses it.
    static func forward(_ p: [String: Double]) -> (o4: Double, o5: Double, o6: Double, e: Double) {
        let o4 = r(sigmoid(r(p["w14"]! * 1 + p["w24"]! * 0 + p["w34"]! * 1 + p["theta4"]!)))
        let o5 = r(sigmoid(r(p["w15"]! * 1 + p["w25"]! * 0 + p["w35"]! * 1 + p["theta5"]!)))
        let o6 = r(sigmoid(r(p["w46"]! * o4 + p["w56"]! * o5 + p["theta6"]!)))
        return (o4, o5, o6, r(0.5 * (1 - o6) * (1 - o6)))
    }

    static let given = ["w14": 0.2, "w15": -0.3, "w24": 0.4, "w25": 0.1, "w34": -0.5, "w35": 0.2, "w46": -0.3, "w56": -0.2,
                        "theta4": -0.4, "theta5": 0.2, "theta6": 0.1]

    @Test func everyShownNumberIsTheNumberUsedNext() throws {
        let trace = try lesson(Self.yaml).trace()
        let r = Self.r
        let (o4, o5, o6, e) = Self.forward(Self.given)
        #expect([o4, o5, o6, e] == [0.332, 0.525, 0.474, 0.138], "the book's outputs")
        // Backward on paper: the shown adjoint times the shown local partial, rounded.
        let dO6 = r(1 * r(o6 - 1))
        let dI6 = r(dO6 * r(o6 * (1 - o6)))
        let dO4 = r(dI6 * -0.3), dO5 = r(dI6 * -0.2)
        let dI4 = r(dO4 * r(o4 * (1 - o4))), dI5 = r(dO5 * r(o5 * (1 - o5)))
        let gradients = ["w46": r(dI6 * o4), "w56": r(dI6 * o5), "theta6": dI6, "w14": r(dI4 * 1), "w24": r(dI4 * 0), "w34": r(dI4 * 1),
                         "theta4": dI4, "w15": r(dI5 * 1), "w25": r(dI5 * 0), "w35": r(dI5 * 1), "theta5": dI5]
        for (name, expected) in [("O6", dO6), ("I6", dI6), ("O4", dO4), ("O5", dO5), ("I4", dI4), ("I5", dI5)] + gradients.sorted(by: { $0.key < $1.key }) {
            #expect(trace.adjoint(name).scalar == expected, "∂E/∂\(name)")
        }
        // The update uses the adjoint the table shows, and is rounded as shown.
        let updated = Self.given.merging(gradients.map { ($0.key, r(Self.given[$0.key]! - 0.9 * $0.value)) }) { $1 }
        let published = ["w46": -0.261, "w56": -0.138, "w14": 0.192, "w15": -0.306, "w24": 0.4, "w25": 0.1, "w34": -0.508, "w35": 0.194,
                         "theta6": 0.218, "theta5": 0.194, "theta4": -0.408]
        #expect(updated == published, "the book's updated weights")
        let graph = trace.graph
        for step in trace.steps(.update) {
            let name = graph.nodes[step.node].name
            #expect(step.result.scalar == published[name], "\(name) ← \(step.result.scalar)")
            #expect(step.update!.gradient == trace.adjoint(name), "\(name)'s update uses the shown ∂E/∂\(name)")
        }
        // The descent's rows: the loss before and after the step, each from a rounded pass.
        #expect(trace.descent.map(\.loss) == [e, Self.forward(updated).e])
        #expect(zip(graph.parameters, trace.descent[1].parameters).allSatisfy { $1.scalar == published[$0.name] })
        // The gradient check works in full precision and passes.
        #expect(trace.gradientChecks.allSatisfy { $0.passed })
    }

    /// The book's own precisions: outputs and updates to three decimal places, errors (and the
    /// partials inside them) to four. Every number it prints comes out, its errors Err_j being
    /// −∂E/∂I_j: Err₆ = 0.1311, Err₅ = −0.0065, Err₄ = −0.0087, and the eleven updates.
    @Test func theBooksPrecisionPerQuantity() throws {
        let display = "{decimals: 3, partials: {decimals: 4}, adjoints: {decimals: 4}, by_hand: true}"
        let trace = try lesson(Self.yaml.replacingOccurrences(of: "{digits: 3, by_hand: true}", with: display)).trace()
        func d3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        func d4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
        // On paper, at the book's precisions.
        let o4 = d3(Self.sigmoid(d3(0.2 - 0.5 - 0.4))), o5 = d3(Self.sigmoid(d3(-0.3 + 0.2 + 0.2)))
        let o6 = d3(Self.sigmoid(d3(-0.3 * o4 - 0.2 * o5 + 0.1)))
        let dI6 = d4(d4(o6 - 1) * d4(o6 * (1 - o6)))
        let dI4 = d4(d4(dI6 * -0.3) * d4(o4 * (1 - o4))), dI5 = d4(d4(dI6 * -0.2) * d4(o5 * (1 - o5)))
        #expect([o4, o5, o6] == [0.332, 0.525, 0.474] && [-dI6, -dI5, -dI4] == [0.1311, -0.0065, -0.0087], "the book's Err")
        let graph = trace.graph
        for (name, value) in [("O4", o4), ("O5", o5), ("O6", o6)] { #expect(trace.values[graph.node(named: name)!.id].scalar == value, "\(name)") }
        for (name, adjoint) in [("I6", dI6), ("I5", dI5), ("I4", dI4)] { #expect(trace.adjoint(name).scalar == adjoint, "∂E/∂\(name)") }
        let published = ["w46": -0.261, "w56": -0.138, "w14": 0.192, "w15": -0.306, "w24": 0.4, "w25": 0.1, "w34": -0.508, "w35": 0.194,
                         "theta6": 0.218, "theta5": 0.194, "theta4": -0.408]
        let updates = Dictionary(uniqueKeysWithValues: trace.steps(.update).map { (graph.nodes[$0.node].name, $0.result.scalar) })
        #expect(updates == published)
    }

    /// The same example with `display: {decimals: 3}`, as the book prints its outputs: every
    /// shown number rounded to three decimal places on paper. (The book prints its errors to
    /// four places, so its Err and some updates differ in the last place from this policy.)
    @Test func decimalPlacesByHand() throws {
        let source = try lesson(Self.yaml.replacingOccurrences(of: "{digits: 3, by_hand: true}", with: "{decimals: 3, by_hand: true}"))
        let trace = try source.trace()
        func d(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        let o4 = d(Self.sigmoid(d(0.2 - 0.5 - 0.4))), o5 = d(Self.sigmoid(d(-0.3 + 0.2 + 0.2)))
        let o6 = d(Self.sigmoid(d(-0.3 * o4 - 0.2 * o5 + 0.1)))
        #expect([o4, o5, o6] == [0.332, 0.525, 0.474])
        let dO6 = d(o6 - 1), dI6 = d(dO6 * d(o6 * (1 - o6)))
        let dI4 = d(d(dI6 * -0.3) * d(o4 * (1 - o4))), dI5 = d(d(dI6 * -0.2) * d(o5 * (1 - o5)))
        for (name, expected) in [("O6", dO6), ("I6", dI6), ("I4", dI4), ("I5", dI5), ("w46", d(dI6 * o4)), ("w15", d(dI5 * 1))] {
            #expect(trace.adjoint(name).scalar == expected, "∂E/∂\(name)")
        }
        let w15 = try #require(trace.steps(.update).first { trace.graph.nodes[$0.node].name == "w15" })
        #expect(w15.result.scalar == d(-0.3 - 0.9 * d(dI5 * 1)))
    }
}
