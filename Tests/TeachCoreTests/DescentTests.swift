import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport

/// `descent: {parameters: [...]}` holds the other parameters fixed, as a tutorial that trains
/// the weights and keeps its biases does: checked against the closed form of two steps on
/// L = ½(wx + b − t)², where only w moves: r = wx + b − t, w ← w − η r x.
@Suite struct DescentTests {
    static let yaml = """
        title: Only the weight descends
        inputs: {x: 1.5, t: 1}
        parameters: {w: 0.8, b: -0.3}
        equations:
          - z = w*x + b
          - L = 1/2*(z - t)^2
        loss: L
        descent: {learning_rate: 0.5, steps: 2, parameters: [w]}
        """

    @Test func heldParametersKeepTheirValues() throws {
        let trace = try lesson(Self.yaml).trace()
        let (x, t, eta, b) = (1.5, 1.0, 0.5, -0.3)
        var w = 0.8
        var losses: [Double] = []
        var weights: [Double] = [w]
        for _ in 0..<2 {
            let r = w * x + b - t
            losses.append(r * r / 2)
            w -= eta * r * x
            weights.append(w)
        }
        let r = w * x + b - t
        losses.append(r * r / 2)
        #expect(trace.descent.count == 3)
        let graph = trace.graph
        let wID = graph.node(named: "w")!.id, bID = graph.node(named: "b")!.id
        for (row, (loss, weight)) in zip(trace.descent, zip(losses, weights)) {
            #expect(abs(row.loss - loss) < 1e-12)
            #expect(abs(row.parameters[graph.parameters.firstIndex { $0.id == wID }!].scalar - weight) < 1e-12)
            #expect(row.parameters[graph.parameters.firstIndex { $0.id == bID }!].scalar == b)
        }
        let updated = trace.steps.filter { $0.phase == .update }.map(\.node)
        #expect(updated == [wID, wID])
        // b is still differentiated and checked: ∂L/∂b = r at the given values.
        #expect(abs(trace.adjoint("b").scalar - (0.8 * x + b - t)) < 1e-12)
    }

    /// `learning_rates: {b: 0.1}`: b steps at its own rate, w at the lesson's; two steps against
    /// the closed form r = wx + b − t, w ← w − η_w r x, b ← b − η_b r.
    @Test func aParameterMayHaveItsOwnLearningRate() throws {
        let yaml = Self.yaml.replacingOccurrences(of: ", parameters: [w]", with: ", learning_rates: {b: 0.1}")
        let trace = try lesson(yaml).trace()
        let (x, t) = (1.5, 1.0)
        var (w, b) = (0.8, -0.3)
        var rows: [(Double, Double, Double)] = []
        for _ in 0..<2 {
            let r = w * x + b - t
            rows.append((r * r / 2, w, b))
            (w, b) = (w - 0.5 * r * x, b - 0.1 * r)
        }
        rows.append(((w * x + b - t) * (w * x + b - t) / 2, w, b))
        let graph = trace.graph
        let wAt = graph.parameters.firstIndex { $0.name == "w" }!, bAt = graph.parameters.firstIndex { $0.name == "b" }!
        for (row, expected) in zip(trace.descent, rows) {
            #expect(abs(row.loss - expected.0) < 1e-12 && abs(row.parameters[wAt].scalar - expected.1) < 1e-12
                    && abs(row.parameters[bAt].scalar - expected.2) < 1e-12, "iteration \(row.iteration)")
        }
        let rates = trace.steps(.update).map { (graph.nodes[$0.node].name, $0.update!.learningRate) }
        #expect(rates.map(\.0) == ["w", "b", "w", "b"] && rates.map(\.1) == [0.5, 0.1, 0.5, 0.1])
        #expect(trace.learningRates.map(\.rate) == [0.1])
    }

    @Test func withoutTheKeyEveryParameterDescends() throws {
        let trace = try lesson(Self.yaml.replacingOccurrences(of: ", parameters: [w]", with: "")).trace()
        let graph = trace.graph
        #expect(Set(trace.steps.filter { $0.phase == .update }.map(\.node)) == Set(graph.parameters.map(\.id)))
    }

    /// Each iteration's pass (`Trace.passes`), which its update frames show, is the pass at
    /// that iteration's parameters: three iterations of the logistic lesson against the closed
    /// form z = wx + b, y = σ(z), ∂L/∂y = y − t, ∂L/∂z = (y − t) y (1 − y), ∂L/∂w = x ∂L/∂z,
    /// ∂L/∂b = ∂L/∂z, and each update's old value and gradient are its pass's.
    @Test func eachIterationShowsTheNumbersAtItsParameters() throws {
        let trace = try loadShippedLesson("logistic").trace()
        let (x, t, eta) = (1.5, 1.0, 0.5)
        var (w, b) = (0.8, -0.3)
        #expect(trace.passes.count == 3)
        for (index, pass) in trace.passes.enumerated() {
            let z = w * x + b, y = 1 / (1 + exp(-z))
            let dz = (y - t) * y * (1 - y)
            func id(_ name: String) -> Int { trace.graph.node(named: name)!.id }
            for (name, value) in [("w", w), ("b", b), ("z", z), ("y", y), ("L", (y - t) * (y - t) / 2)] {
                #expect(abs(pass.values[id(name)].scalar - value) < 1e-12, "pass \(index): \(name)")
            }
            for (name, adjoint) in [("y", y - t), ("z", dz), ("w", x * dz), ("b", dz)] {
                #expect(abs(pass.adjoints[id(name)]!.scalar - adjoint) < 1e-12, "pass \(index): ∂L/∂\(name)")
            }
            let updates = trace.steps(.update).filter { trace.pass(of: $0) == index }
            #expect(updates.map { trace.graph.nodes[$0.node].name } == ["w", "b"])
            for update in updates {
                #expect(update.update!.old == pass.values[update.node] && update.update!.gradient == pass.adjoints[update.node]!)
            }
            (w, b) = (w - eta * x * dz, b - eta * dz)
        }
    }

    /// The numbers a student checks on tanh-network's second iteration (as printed in the
    /// report that found the frames showing the first iteration's): w⁽²⁾₂ = −0.2043 with
    /// ∂L/∂w⁽²⁾₂ = −0.6863, updated to −0.1357.
    @Test func theSecondIterationOfTheTanhNetworkIsItsOwn() throws {
        let trace = try loadShippedLesson("tanh-network").trace()
        let v2 = trace.graph.node(named: "v2")!.id
        let pass = trace.passes[1]
        let update = try #require(trace.steps(.update).first { $0.node == v2 && $0.update!.iteration == 2 })
        #expect(abs(pass.values[v2].scalar - -0.2043) < 5e-5)
        #expect(abs(pass.adjoints[v2]!.scalar - -0.6863) < 5e-5)
        #expect(abs(update.result.scalar - -0.1357) < 5e-5)
    }
}
