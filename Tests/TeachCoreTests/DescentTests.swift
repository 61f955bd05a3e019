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
}
