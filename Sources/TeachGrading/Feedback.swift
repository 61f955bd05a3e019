import Foundation
import TeachCore
import TeachLessons

/// The sentences a student reads, with the lesson's own names (`∂L_reg/∂w`, not `adjoint_w`);
/// worksheets name their blanks with it too.
public struct Feedback: Sendable {
    let trace: Trace
    private let typesetter: Typesetter

    public init(lesson: Lesson, trace: Trace) {
        self.trace = trace
        self.typesetter = lesson.typesetter(.text)
    }

    private var graph: Graph { trace.graph }
    private func name(_ node: Int) -> String { typesetter.name(graph.nodes[node].name) }
    private func adjoint(_ node: Int) -> String { typesetter.adjoint(graph.nodes[node].name) }

    func number(_ value: Tensor) -> String { typesetter.format.format(value) }

    static func percent(_ share: Double) -> String { String(format: "%g%%", share * 100) }

    /// The quantity as the lecture writes it.
    public func name(_ quantity: Quantity) -> String {
        let element = quantity.element.map { "[" + $0.map(String.init).joined(separator: ",") + "]" } ?? ""
        let node = quantity.node
        switch quantity.kind {
        case .value: return name(node) + element
        case .adjoint: return adjoint(node) + element
        case .contribution(let consumer):
            return "\(adjoint(consumer)) · \(typesetter.derivative(graph.nodes[consumer].name, graph.nodes[node].name))\(element) (the term of \(adjoint(node)) through \(name(consumer)))"
        case .partial(let operand): return typesetter.derivative(graph.nodes[node].name, graph.nodes[operand].name)
        case .tangent(let variable):
            let variable = (variable ?? trace.forwardModes.first?.variable).map { graph.nodes[$0].name } ?? "u"
            return "d\(name(node))/d\(typesetter.name(variable))" + element
        case .update(let iteration): return "\(name(node))\(element) after \(iteration == 1 ? "one update" : "\(iteration) updates")"
        case .valueAfter(let iteration): return "\(name(node))\(element) after \(iteration == 1 ? "one step" : "\(iteration) steps") of gradient descent"
        case .derived(let index, let shown):
            return typesetter.name(shown) + element + " = " + typesetter.render(trace.derived[index].quantity.definition)
        }
    }

    func carriedForward(from sources: [Quantity], share: Double) -> String {
        let list = sources.map { name($0) }.joined(separator: ", ")
        let credit = share == 1 ? "full credit" : "\(Self.percent(share)) credit"
        return "accepted with error carried forward: right when computed from your own \(list) (\(credit))"
    }

    /// What a replayed mistake did, said where it happened, plus where the blank sits if elsewhere.
    func describe(_ mistake: Mistake, at quantity: Quantity) -> String {
        let cause: String
        switch mistake {
        case .missedPath(let node, let consumer):
            let all = graph.consumers(of: node).map { name($0.consumer) }.filter { !$0.isEmpty }
            cause = "\(adjoint(node)) is missing its term through \(name(consumer)). \(name(node)) feeds \(all.joined(separator: " and ")), "
                + "and the multivariate chain rule sums one term per path: \(adjoint(node)) = "
                + graph.consumers(of: node).map { "\(adjoint($0.consumer)) · \(typesetter.derivative(graph.nodes[$0.consumer].name, graph.nodes[node].name))" }
                    .joined(separator: " + ")
        case .flippedSign(let node, let consumer):
            cause = "the term of \(adjoint(node)) through \(name(consumer)) has the wrong sign; check the sign of "
                + typesetter.derivative(graph.nodes[consumer].name, graph.nodes[node].name)
        case .activationForDerivative(let node):
            let program = graph.nodes[node].program!
            cause = program.calls(.sigmoid)
                ? "in the local partial of \(name(node)), σ(z) stands where its derivative σ′(z) = σ(z)(1 − σ(z)) belongs"
                : "in the local partial of \(name(node)), tanh(a) stands where its derivative 1 − tanh²(a) belongs"
        case .droppedFactor(let node, let factor):
            cause = factor == 0.5
                ? "the ½ of \(name(node)) = ½(…) was dropped, which doubles \(name(node)) and every adjoint below it"
                : "the constant factor \(typesetter.number(factor)) of \(name(node)) was dropped, which scales \(name(node)) and every adjoint below it"
        case .staleWeights:
            cause = "the stale-weight error: a gradient computed after some parameters were already updated. "
                + "Compute every gradient at the old parameters first, then update them all"
        case .staleWeightsOldActivations:
            cause = "the stale-weight error with old activations: an earlier layer's gradient was back-propagated through weights "
                + "already updated, with the activations of the old forward pass (a much-copied walk-through's erratum). "
                + "Compute every gradient at the old parameters first, then update them all"
        }
        guard !mistake.happens(at: quantity, in: graph) else { return cause }
        return "\(name(quantity)) is what follows from a slip before it: \(cause)"
    }

    func signFlipped(_ quantity: Quantity) -> String {
        "\(name(quantity)) has the right size but the wrong sign; check the sign of each local partial and of the step −η∂ℒ/∂θ"
    }

    func transposed(_ quantity: Quantity) -> String {
        "\(name(quantity)) is transposed: a gradient has the shape of its variable (for z = W x, ∂ℒ/∂W = (∂ℒ/∂z) xᵀ)"
    }
}

extension Mistake {
    /// `true` when the mistake is made in computing this very quantity, not before it: the
    /// first numbers a student writes down wrong when making it.
    func happens(at quantity: Quantity, in graph: Graph) -> Bool {
        let node = quantity.node
        func operand(of consumer: Int) -> Bool { graph.consumers(of: node).contains { $0.consumer == consumer } }
        switch (self, quantity.kind) {
        case (.missedPath(let v, _), .adjoint): return v == node
        case (.flippedSign(let v, _), .adjoint): return v == node
        case (.activationForDerivative(let c), .partial): return c == node
        case (.activationForDerivative(let c), .adjoint): return operand(of: c)
        case (.activationForDerivative(let c), .contribution(let consumer)): return c == consumer
        case (.droppedFactor(let c, _), .value): return c == node
        case (.droppedFactor(let c, _), .adjoint): return operand(of: c)
        case (.droppedFactor(let c, _), .contribution(let consumer)): return c == consumer
        case (.staleWeights, .update), (.staleWeightsOldActivations, .update): return true
        default: return false
        }
    }
}
