import TeachCore
import TeachLessons

/// Every number a blank can ask for, from one run of the lesson: the key's numbers, or those
/// of a run that replays a mistake.
struct Numbers {
    var values: [Tensor]
    var adjoints: [Tensor?]
    /// Per edge: the contribution sent back, and the local partial's value (scalars).
    var contributions: [Tensor?]
    var partials: [Tensor?]
    /// Per forward-mode variable, each node's tangent.
    var forwardModes: [Trace.ForwardMode]
    /// Per node, the parameter after each gradient-descent iteration.
    var updates: [[Tensor]]
    /// Every node's value after the descent iterations some blank asks about (`value y step 2`).
    var valuesAfter: [Int: [Tensor]] = [:]
    /// The lesson's `show:` quantities, computed from `values` and `adjoints` as the trace does.
    let shownQuantities: [DerivedQuantity]
    /// By hand, each kind of number's format, to round a `show:` quantity as the trace does.
    let byHandFormats: [Shown: NumberFormat]?

    init(trace: Trace) {
        values = trace.values
        adjoints = trace.adjoints
        contributions = trace.edgeContributions
        partials = trace.edgePartialValues
        forwardModes = trace.forwardModes
        updates = [[Tensor]](repeating: [], count: trace.graph.nodes.count)
        for step in trace.steps where step.phase == .update { updates[step.node].append(step.result) }
        shownQuantities = trace.derived.map(\.quantity)
        byHandFormats = trace.byHand ? Dictionary(uniqueKeysWithValues: Shown.allCases.map { ($0, trace.format($0)) }) : nil
    }

    /// The quantity's number, or nil when this run has none (an adjoint never computed).
    func number(_ quantity: Quantity, in graph: Graph) -> Tensor? {
        let whole: Tensor?
        switch quantity.kind {
        case .value: whole = values[quantity.node]
        case .adjoint: whole = adjoints[quantity.node]
        case .tangent(let variable): whole = tangents(variable)?[quantity.node] ?? nil
        case .contribution(let consumer):
            whole = Self.sum(graph.outgoing[quantity.node].filter { graph.edges[$0].to == consumer }.map { contributions[$0] })
        case .partial(let operand):
            whole = Self.sum(graph.outgoing[operand].filter { graph.edges[$0].to == quantity.node }.map { partials[$0] })
        case .update(let iteration):
            whole = updates[quantity.node].indices.contains(iteration - 1) ? updates[quantity.node][iteration - 1] : nil
        case .valueAfter(let iteration): whole = valuesAfter[iteration]?[quantity.node]
        case .derived(let index, _): whole = derived(index, values: values, adjoints: adjoints, in: graph)
        }
        guard let whole, let element = quantity.element else { return whole }
        return Tensor(whole.scalars[whole.offset(of: element)])
    }

    /// The tangents by `variable` (nil: the lesson's one forward-mode variable).
    func tangents(_ variable: Int?) -> [Tensor?]? {
        (variable.map { v in forwardModes.first { $0.variable == v } } ?? forwardModes.first)?.tangents
    }

    /// The `show:` quantity at `index`, at `values` and `adjoints`, rounded as the trace rounds it.
    func derived(_ index: Int, values: [Tensor], adjoints: [Tensor?], in graph: Graph) -> Tensor? {
        let shown = shownQuantities[index]
        return (try? shown.value(in: graph, values: values, adjoints: adjoints)).map { value in
            guard let format = byHandFormats?[shown.shown] else { return value }
            return value.map(format.rounded)
        }
    }

    /// The sum of the parts, nil if any part is missing.
    static func sum(_ parts: [Tensor?]) -> Tensor? {
        guard let first = parts.first, var total = first else { return nil }
        for part in parts.dropFirst() {
            guard let part else { return nil }
            total += part
        }
        return total
    }
}
