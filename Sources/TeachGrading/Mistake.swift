import TeachCore

/// A classic slip in backpropagation by hand, replayed through the engine (as a
/// `BackwardAlteration`) so the grader can tell a student which one their number matches.
///
/// Each case changes the reverse pass in one place; everything downstream is recomputed, so a
/// later blank computed from the slipped number matches too.
public enum Mistake: Sendable, Equatable {
    /// `∂ℒ/∂v` without the term through `consumer`: the multivariate chain rule's sum
    /// `∂ℒ/∂v = Σ_c ∂ℒ/∂c · ∂c/∂v` cut short at a fan-out.
    case missedPath(node: Int, consumer: Int)
    /// The term of `∂ℒ/∂v` through `consumer` with its sign flipped.
    case flippedSign(node: Int, consumer: Int)
    /// In `node`'s local partials, the activation's value where its derivative belongs:
    /// `σ(z)` for `σ′(z) = σ(z)(1 − σ(z))`, `tanh(z)` for `1 − tanh²(z)`.
    case activationForDerivative(node: Int)
    /// `node = k · e` with the constant `k` left out (the ½ of `½(y − t)²`): its value and
    /// every adjoint below it are `1/k` times too large.
    case droppedFactor(node: Int, factor: Double)
    /// Gradient descent that updates the parameters one by one and computes each gradient
    /// with the parameters already updated before it (the stale-weight error), in the order
    /// the lesson lists them or from the output back (`Graph.parametersFromOutput`), whichever the
    /// student's numbers match.
    case staleWeights(outputFirst: Bool)
    /// The walk-through erratum: the parameters updated from the output back, each later
    /// gradient back-propagated through the weights already updated but with the old
    /// activations (the forward pass not run again).
    case staleWeightsOldActivations
}

extension Mistake {
    /// The mistakes that can happen in `graph`, in the order the grader tries them.
    static func candidates(in graph: Graph, maximumEdges: Int = 400) -> [Mistake] {
        guard graph.edges.count <= maximumEdges else { return [] }
        let reaches = graph.reachesLoss
        var result: [Mistake] = []
        for node in graph.nodes where reaches[node.id] {
            let consumers = graph.consumers(of: node.id).map(\.consumer).filter { reaches[$0] }
            if consumers.count > 1 { result += consumers.map { .missedPath(node: node.id, consumer: $0) } }
        }
        for node in graph.equations where reaches[node.id] {
            if node.program!.calls(.sigmoid) || node.program!.calls(.tanh) {
                result.append(.activationForDerivative(node: node.id))
            }
            if let factor = node.definition!.constantFactor, factor != 1, factor != -1, factor != 0 {
                result.append(.droppedFactor(node: node.id, factor: factor))
            }
        }
        for node in graph.nodes where reaches[node.id] {
            result += graph.consumers(of: node.id).map(\.consumer).filter { reaches[$0] }
                .map { .flippedSign(node: node.id, consumer: $0) }
        }
        if graph.parameters.count > 1 {
            result += [.staleWeights(outputFirst: false), .staleWeights(outputFirst: true), .staleWeightsOldActivations]
        }
        return result
    }
}

extension Mistake: BackwardAlteration {
    public func term(_ contribution: Tensor, of node: Int, through consumer: Int) -> Tensor? {
        switch self {
        case .missedPath(node, consumer): return nil
        case .flippedSign(node, consumer): return contribution.map { -$0 }
        default: return contribution
        }
    }

    public func seed(_ adjoint: Tensor, of node: Int) -> Tensor {
        if case .droppedFactor(node, let factor) = self { return adjoint.map { $0 / factor } }
        return adjoint
    }

    /// For `activationForDerivative`: `ḡ ⊙ σ(z)` instead of `ḡ ⊙ σ′(z)` at each σ or tanh.
    public func localVJP(of node: Int) -> Program.LocalVJP? {
        guard case .activationForDerivative(node) = self else { return nil }
        return { instruction, _, _, result, adjoint in
            switch instruction.kind {
            case .call(.sigmoid, _), .call(.tanh, _): return Tensor.zip(adjoint, result, *)!
            default: return nil
            }
        }
    }
}

extension Expr {
    /// `k` when the expression is `k · e`, `e · k` or `e / (1/k)` for a constant scalar `k`.
    var constantFactor: Double? {
        guard case .binary(let op, let a, let b) = kind else { return nil }
        func constant(_ e: Expr) -> Double? {
            guard e.isConstant, e.shape?.isScalar == true else { return nil }
            return try? Program(e).value { _ in Tensor(0) }.scalar
        }
        switch op {
        case .multiply: return constant(a) ?? constant(b)
        case .divide: return constant(b).map { 1 / $0 }
        default: return nil
        }
    }
}
