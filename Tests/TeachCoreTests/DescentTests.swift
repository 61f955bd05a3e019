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

    @Test func withoutTheKeyEveryParameterDescends() throws {
        let trace = try lesson(Self.yaml.replacingOccurrences(of: ", parameters: [w]", with: "")).trace()
        let graph = trace.graph
        #expect(Set(trace.steps.filter { $0.phase == .update }.map(\.node)) == Set(graph.parameters.map(\.id)))
    }
}
