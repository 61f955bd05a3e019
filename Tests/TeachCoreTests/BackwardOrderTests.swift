import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport

/// `backward_order: levels` on Mazur's step-by-step example (a 2-2-2 sigmoid network, biases
/// shared per layer): the walk-through takes E_o1 before E_o2 and o1's chain before o2's, which
/// is the lesson's order within each level; the default takes the equations from the last back.
@Suite struct BackwardOrderTests {
    static func yaml(order: String?) -> String {
        """
        title: Mazur's step-by-step backpropagation
        inputs: {i1: 0.05, i2: 0.10, t1: 0.01, t2: 0.99}
        parameters: {w1: 0.15, w2: 0.20, w3: 0.25, w4: 0.30, w5: 0.40, w6: 0.45, w7: 0.50, w8: 0.55, b1: 0.35, b2: 0.60}
        equations:
          - net_h1 = w1*i1 + w2*i2 + b1
          - out_h1 = sigmoid(net_h1)
          - net_h2 = w3*i1 + w4*i2 + b1
          - out_h2 = sigmoid(net_h2)
          - net_o1 = w5*out_h1 + w6*out_h2 + b2
          - out_o1 = sigmoid(net_o1)
          - net_o2 = w7*out_h1 + w8*out_h2 + b2
          - out_o2 = sigmoid(net_o2)
          - E_o1 = 1/2*(t1 - out_o1)^2
          - E_o2 = 1/2*(t2 - out_o2)^2
          - E = E_o1 + E_o2
        loss: E
        """ + (order.map { "\nbackward_order: \($0)" } ?? "")
    }

    static func backwardNames(_ trace: Trace) -> [String] { trace.steps(.backward).map { trace.graph.nodes[$0.node].name } }

    @Test func levelsTakeEachLevelInTheLessonsOrder() throws {
        let trace = try lesson(Self.yaml(order: "levels")).trace()
        #expect(Self.backwardNames(trace).prefix(11) == ["E", "E_o1", "E_o2", "out_o1", "out_o2", "net_o1", "net_o2",
                                                         "out_h1", "out_h2", "net_h1", "net_h2"])
        // Every consumer comes before what it consumes.
        let position = Dictionary(uniqueKeysWithValues: Self.backwardNames(trace).enumerated().map { ($1, $0) })
        for edge in trace.graph.edges where position[trace.graph.nodes[edge.from].name] != nil {
            #expect(position[trace.graph.nodes[edge.to].name]! < position[trace.graph.nodes[edge.from].name]!)
        }
    }

    @Test func theDefaultIsTheLessonsEquationsFromTheLastBack() throws {
        for order in [nil, "reverse"] {
            let trace = try lesson(Self.yaml(order: order)).trace()
            #expect(Self.backwardNames(trace).prefix(4) == ["E", "E_o2", "E_o1", "out_o2"])
        }
    }

    /// The order changes when a number is shown, never the number: Mazur's ∂E/∂w5 = 0.082167041
    /// and ∂E/∂w1 = 0.000438568, from the closed forms.
    @Test func theOrderChangesNoNumber() throws {
        let levels = try lesson(Self.yaml(order: "levels")).trace(), reverse = try lesson(Self.yaml(order: nil)).trace()
        func σ(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        let h1 = σ(0.15 * 0.05 + 0.20 * 0.10 + 0.35), h2 = σ(0.25 * 0.05 + 0.30 * 0.10 + 0.35)
        let o1 = σ(0.40 * h1 + 0.45 * h2 + 0.60), o2 = σ(0.50 * h1 + 0.55 * h2 + 0.60)
        let δo1 = (o1 - 0.01) * o1 * (1 - o1), δo2 = (o2 - 0.99) * o2 * (1 - o2)
        let w5 = δo1 * h1, w1 = (δo1 * 0.40 + δo2 * 0.50) * h1 * (1 - h1) * 0.05
        #expect(abs(w5 - 0.082167041) < 1e-9 && abs(w1 - 0.000438568) < 1e-9, "Mazur's printed gradients")
        #expect(abs(levels.adjoint("w5").scalar - w5) < 1e-15 && abs(levels.adjoint("w1").scalar - w1) < 1e-15)
        for node in levels.graph.nodes where levels.adjoints[node.id] != nil {
            #expect(levels.adjoints[node.id] == reverse.adjoints[node.id], "∂E/∂\(node.name)")
        }
    }
}
