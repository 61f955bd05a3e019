import TeachCore
import TeachLessons

/// Runs the lesson again with one classic mistake, so a wrong answer can be matched to it.
struct Replay {
    let tracer: Tracer
    let key: Numbers
    /// The key's forward pass, with every program's instruction values.
    let pass: Tracer.ForwardPass

    private var graph: Graph { tracer.graph }

    /// The numbers a student gets who makes `mistake` and nothing else. Forward-mode tangents
    /// are not replayed (they stay the key's, so they never match a mistake).
    func numbers(_ mistake: Mistake) -> Numbers {
        var result = key
        var pass = self.pass
        let rounding = tracer.options.byHand
        switch mistake {
        case .staleWeights(let outputFirst):
            result.updates = staleUpdates(outputFirst ? graph.parametersFromOutput : graph.parameters)
            return result
        case .staleWeightsOldActivations:
            result.updates = staleUpdatesWithOldActivations()
            return result
        case .droppedFactor(let node, let factor):
            var given: [Int: Tensor] = [:]
            given[node] = key.values[node].map { $0 / factor }
            guard let replayed = try? tracer.forwardPass(given, rounding: rounding) else { return key }
            pass = replayed
            result.values = replayed.values
        case .activationForDerivative(let node):
            for edge in graph.nodes[node].incoming where result.partials[edge] != nil && graph.nodes[node].shape.isScalar {
                let perOccurrence = graph.nodes[node].program!.contributions(values: pass.locals[node], seed: Tensor(1),
                                                                             replacing: mistake.localVJP(of: node))
                result.partials[edge] = perOccurrence[graph.edges[edge].occurrence]
            }
        case .missedPath, .flippedSign: break
        }
        let (adjoints, contributions) = tracer.backward(pass, rounding: rounding, altered: mistake)
        result.adjoints = adjoints
        result.contributions = contributions
        result.updates = firstUpdates(adjoints)
        return result
    }

    /// `θ − η ∂ℒ/∂θ` with the given adjoints, for the first iteration only.
    private func firstUpdates(_ adjoints: [Tensor?]) -> [[Tensor]] {
        guard tracer.options.learningRate != nil else { return key.updates }
        return graph.nodes.map { node in
            guard node.kind == .parameter, let gradient = adjoints[node.id], let next = tracer.updated(node, from: key.values[node.id], gradient: gradient) else { return [] }
            return [next]
        }
    }

    /// The walk-through erratum (`Tracer.erratumStep`) from the key's forward pass.
    private func staleUpdatesWithOldActivations() -> [[Tensor]] {
        guard tracer.options.learningRate != nil else { return key.updates }
        let new = tracer.erratumStep(from: pass)
        return graph.nodes.map { node in new[node.id].map { [$0] } ?? [] }
    }

    /// The stale-weight error: parameters updated one by one in `order`, each gradient
    /// computed with the parameters before it already updated (the forward pass run again).
    private func staleUpdates(_ order: [Graph.Node]) -> [[Tensor]] {
        guard tracer.options.learningRate != nil else { return key.updates }
        var updated: [Int: Tensor] = [:]
        var result = [[Tensor]](repeating: [], count: graph.nodes.count)
        for parameter in order where tracer.options.descends(parameter.name) {
            guard let pass = try? tracer.forwardPass(updated, rounding: tracer.options.byHand),
                  let gradient = tracer.backward(pass, rounding: tracer.options.byHand).adjoints[parameter.id] else { return key.updates }
            let next = tracer.updated(parameter, from: key.values[parameter.id], gradient: gradient)!
            updated[parameter.id] = next
            result[parameter.id] = [next]
        }
        return result
    }
}
