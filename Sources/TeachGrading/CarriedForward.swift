import TeachCore
import TeachLessons

/// Error carried forward: the number a blank should hold when it is computed correctly from
/// the student's own answers to the quantities it is computed from.
///
///     value c            c's equation with the student's operand values
///     adjoint v          Σ_c (the student's contribution v via c, or ∂ℒ/∂c · ∂c/∂v)
///     contribution v→c   (the student's ∂ℒ/∂c) · ∂c/∂v   (or their ∂c/∂v)
///     partial c/v        ∂c/∂v at the student's values
///     tangent c          Σ_v ∂c/∂v · (the student's v̇)
///     update θ           θ − η · (the student's ∂ℒ/∂θ)
struct CarriedForward {
    let tracer: Tracer
    let trace: Trace
    let key: Numbers
    let pass: Tracer.ForwardPass
    /// The student's readable answers to whole quantities.
    let own: [Quantity: Tensor]

    private var graph: Graph { trace.graph }

    /// The quantity computed from the student's own earlier answers, and which answers those
    /// were; nil when the student answered none of them.
    func expected(_ quantity: Quantity) -> (number: Tensor, from: [Quantity])? {
        var used: [Quantity] = []
        func mine(_ q: Quantity) -> Tensor? {
            guard let value = own[q] else { return nil }
            if !used.contains(q) { used.append(q) }
            return value
        }
        guard let whole = compute(quantity.whole, mine), !used.isEmpty else { return nil }
        guard let element = quantity.element else { return (whole, used) }
        return (Tensor(whole.scalars[whole.offset(of: element)]), used)
    }

    private func compute(_ quantity: Quantity, _ mine: (Quantity) -> Tensor?) -> Tensor? {
        let node = quantity.node
        switch quantity.kind {
        case .value:
            guard let program = graph.nodes[node].program else { return nil }
            return try? program.value { variable($0) { mine(Quantity(kind: .value, node: $0)) ?? key.values[$0] } }
        case .adjoint:
            let consumers = graph.consumers(of: node).map(\.consumer).filter { graph.reachesLoss[$0] }
            return Numbers.sum(consumers.map { consumer in
                mine(Quantity(kind: .contribution(consumer: consumer), node: node)) ?? contribution(node, via: consumer, mine)
            })
        case .contribution(let consumer):
            return contribution(node, via: consumer, mine)
        case .partial(let operand):
            let edges = graph.outgoing[operand].filter { graph.edges[$0].to == node }
            return Numbers.sum(edges.map { edge in
                guard case .partial(let expr) = trace.edgePartials[edge], expr.shape != nil else { return nil }
                return try? Program(expr).value { variable($0) { mine(Quantity(kind: .value, node: $0)) ?? key.values[$0] } }
            })
        case .tangent(let variable):
            guard let program = graph.nodes[node].program, let keyTangents = key.tangents(variable) else { return nil }
            let seeds = graph.nodes[node].incoming.map { edge -> Tensor? in
                let operand = graph.edges[edge].from
                return mine(Quantity(kind: .tangent(variable: variable), node: operand)) ?? keyTangents[operand]
            }
            return program.tangent(values: pass.locals[node], tangents: seeds)
        case .update(let iteration):
            if iteration == 1 {
                guard let gradient = mine(Quantity(kind: .adjoint, node: node)) ?? key.adjoints[node] else { return nil }
                return tracer.updated(graph.nodes[node], from: key.values[node], gradient: gradient)
            }
            let keys = key.updates[node]
            guard keys.count >= iteration else { return nil }
            let previous = mine(Quantity(kind: .update(iteration: iteration - 1), node: node)) ?? keys[iteration - 2]
            let step = Tensor.zip(keys[iteration - 2], keys[iteration - 1], -)!
            return Tensor.zip(previous, step, -)
        case .valueAfter(let iteration):
            // A forward pass at the student's own updates of that step (the key's where they gave none).
            var given: [Int: Tensor] = [:]
            for parameter in graph.parameters where key.updates[parameter.id].count >= iteration {
                given[parameter.id] = mine(Quantity(kind: .update(iteration: iteration), node: parameter.id)) ?? key.updates[parameter.id][iteration - 1]
            }
            return (try? tracer.forwardPass(given, rounding: tracer.options.byHand, keepingLocals: false))?.values[node]
        case .derived(let index, _):
            // From the student's own values and adjoints of what it reads (the key's where they gave none).
            var values = key.values, adjoints = key.adjoints
            for (name, adjoint, _) in key.shownQuantities[index].references {
                let id = graph.id(named: name)!
                if adjoint { adjoints[id] = mine(Quantity(kind: .adjoint, node: id)) ?? adjoints[id] }
                else { values[id] = mine(Quantity(kind: .value, node: id)) ?? values[id] }
            }
            return key.derived(index, values: values, adjoints: adjoints, in: graph)
        }
    }

    /// `(∂ℒ/∂c)ᵀ ∂c/∂v` through every reference of `v` in `c`, seeded with the student's adjoint
    /// of `c` (or, for one scalar reference, multiplied by their local partial).
    private func contribution(_ node: Int, via consumer: Int, _ mine: (Quantity) -> Tensor?) -> Tensor? {
        guard let program = graph.nodes[consumer].program,
              let seed = mine(Quantity(kind: .adjoint, node: consumer)) ?? key.adjoints[consumer] else { return nil }
        let edges = graph.outgoing[node].filter { graph.edges[$0].to == consumer }
        if edges.count == 1, seed.isScalar, graph.nodes[node].shape.isScalar,
           let partial = mine(Quantity(kind: .partial(operand: node), node: consumer)) {
            return Tensor(seed.scalar * partial.scalar)
        }
        let perOccurrence = program.contributions(values: pass.locals[consumer], seed: seed)
        return Numbers.sum(edges.map { perOccurrence[graph.edges[$0].occurrence] })
    }

    /// A variable's value, by node id, for evaluating an expression of this graph.
    private func variable(_ kind: Expr.Kind, _ value: (Int) -> Tensor) -> Tensor {
        guard case .variable(let name) = kind, let node = graph.node(named: name) else { return Tensor(0) }
        return value(node.id)
    }
}
