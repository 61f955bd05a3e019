import TeachCore

/// What every frame of a lesson shows: the rows inside each node and the label on each edge.
/// The frame of step k shows exactly what the trace has computed by step k: values not yet
/// computed are blank, never zero; an update of descent iteration i shows the numbers of the
/// pass that iteration reads (`Trace.passes`), so each box holds that iteration's value,
/// gradient and update.
///
/// Rows are fixed per node (a node that will get an adjoint always has an adjoint row, blank
/// until its backward step), so a node's text never jumps inside its box between frames.
struct Storyboard {
    /// `derived`: the lesson's `show:` quantities (`Err₆ = 0.1311`) at the node they read last.
    enum RowKind: Sendable, Equatable { case value, adjoint, tangent, update, derived }

    /// One row of a node: its lines, or blank lines while the quantity is unknown. A row's
    /// variant with no lines is blank from its step (an update row as a new iteration starts).
    struct Row: Sendable, Equatable {
        let kind: RowKind
        let lines: [String]
        let known: Bool
    }

    let trace: Trace
    let rule: ChainRule
    private let forwardStep: [Int?]
    private let backwardStep: [Int?]
    /// Per forward mode (`trace.forwardModes`' order), each node's tangent step.
    private let tangentStep: [[Int?]]
    private let updateSteps: [[Int]]
    /// Per forward mode, its first step: from there on its variable shows `du/du = 1`.
    private let firstTangentStep: [Int?]
    /// Per node, each row kind with every text it shows and the step it starts at, computed
    /// once so a frame only picks (frames × nodes formatting would dominate large lessons).
    private var rowVariants: [[(kind: RowKind, variants: [(step: Int, lines: [String])])]] = []
    /// Per `show:` quantity, the node it is shown at and the step from which it is known.
    private var derivedSteps: [(node: Int, step: Int)] = []
    /// With `compare_stale`: the parameter whose erratum gradient first goes through a weight
    /// already updated, that weight, and the weight's first update step.
    let usedTooEarly: (parameter: Int, weight: Int, step: Int)?
    /// Per node, its heading (`title`), typeset once.
    private var titles: [String] = []
    /// Per pass of `trace.passes`, the first step that shows its numbers (the first update of
    /// the iteration that reads it; 0 for the first pass).
    private let passStarts: [Int]
    /// Per pass, each edge's backward label.
    private var backwardLabels: [[[String]]] = []
    /// Per forward mode, each edge's label.
    private var tangentLabels: [[[String]]] = []
    /// Per pass, each edge's local partial's line (`∂y/∂z = σ(z)(1 − σ(z)) = 0.2055`), made
    /// once for the backward and every forward-mode label.
    private var partialLines: [[String]] = []

    init(trace: Trace, typesetter: Typesetter) {
        self.trace = trace
        self.rule = ChainRule(trace: trace, typesetter: typesetter)
        let count = trace.graph.nodes.count
        var forward = [Int?](repeating: nil, count: count), backward = forward
        let modes = trace.forwardModes.map(\.variable)
        var tangent = [[Int?]](repeating: forward, count: modes.count)
        var updates = [[Int]](repeating: [], count: count)
        for step in trace.steps {
            switch step.phase {
            case .forward: forward[step.node] = step.index
            case .backward: backward[step.node] = step.index
            case .tangent: tangent[modes.firstIndex(of: step.variable!)!][step.node] = step.index
            case .update: updates[step.node].append(step.index)
            }
        }
        forwardStep = forward
        backwardStep = backward
        tangentStep = tangent
        updateSteps = updates
        firstTangentStep = modes.map { variable in trace.steps.first { $0.variable == variable }?.index }
        passStarts = trace.passes.indices.map { pass in pass == 0 ? 0 : trace.steps.first { $0.update?.iteration == pass + 1 }!.index }
        usedTooEarly = trace.usedTooEarly.flatMap { early in updates[early.weight].first.map { (early.parameter, early.weight, $0) } }
        derivedSteps = trace.derived.map { Self.knownFrom($0.quantity, forward: forward, backward: backward, graph: trace.graph) }
        titles = trace.graph.nodes.map { $0.definition == nil ? name($0.id) : rule.equation($0) }
        rowVariants = trace.graph.nodes.map { node in rowKinds(node.id).map { ($0, variants($0, of: node.id)) } }
        partialLines = trace.passes.indices.map { pass in trace.graph.edges.map { partialLine($0.id, pass: pass) } }
        backwardLabels = trace.passes.indices.map { pass in trace.graph.edges.map { backwardLines($0.id, pass: pass) } }
        tangentLabels = modes.indices.map { mode in trace.graph.edges.map { tangentLines($0.id, mode: mode) } }
    }

    private var graph: Graph { trace.graph }
    private var typesetter: Typesetter { rule.typesetter }
    private func name(_ node: Int) -> String { rule.typesetName(node) }

    // MARK: Nodes

    /// The heading of a node: its name, or its equation (`z = w x + b`).
    func title(_ node: Int) -> String { titles[node] }

    /// The rows of `node` in the frame of `step`.
    func rows(_ node: Int, at step: Int) -> [Row] {
        rowVariants[node].map { kind, all in
            guard let shown = all.last(where: { $0.step <= step }), !shown.lines.isEmpty else {
                return Row(kind: kind, lines: Array(repeating: "", count: all.map(\.lines.count).max() ?? 1), known: false)
            }
            return Row(kind: kind, lines: shown.lines, known: true)
        }
    }

    /// Each row of `node` with every text it shows and the step it starts at, for a page that
    /// switches texts itself (the player) instead of drawing a frame per step.
    func timeline(_ node: Int) -> [(kind: RowKind, variants: [(step: Int, lines: [String])])] { rowVariants[node] }

    /// Every row of `node` with the widest text it ever shows: what its box is sized for.
    func widestRows(_ node: Int) -> [Row] {
        rowVariants[node].map { kind, all in
            let lines = Self.widest(all.map(\.lines))
            return Row(kind: kind, lines: lines.isEmpty ? [""] : lines, known: true)
        }
    }

    /// Line by line, the widest of the texts that can stand at that line.
    private static func widest(_ variants: [[String]]) -> [String] {
        (0..<(variants.map(\.count).max() ?? 0)).map { i in
            variants.compactMap { $0.indices.contains(i) ? $0[i] : nil }
                .max { TextMetrics.width(of: $0, fontSize: 1) < TextMetrics.width(of: $1, fontSize: 1) } ?? ""
        }
    }

    private func rowKinds(_ node: Int) -> [RowKind] {
        var kinds: [RowKind] = [.value]
        if backwardStep[node] != nil { kinds.append(.adjoint) }
        if trace.forwardModes.contains(where: { $0.tangents[node] != nil }) { kinds.append(.tangent) }
        if !updateSteps[node].isEmpty { kinds.append(.update) }
        if derivedSteps.contains(where: { $0.node == node }) { kinds.append(.derived) }
        return kinds
    }

    /// Each text a row shows and the step from which it shows it, in step order.
    private func variants(_ kind: RowKind, of node: Int) -> [(step: Int, lines: [String])] {
        switch kind {
        case .value:
            let step = graph.nodes[node].definition == nil ? -1 : forwardStep[node] ?? Int.max
            return perPass(from: step) { lines($0.values[node]) }
        case .adjoint:
            guard let step = backwardStep[node] else { return [] }
            return perPass(from: step) { adjointLines(trace.steps[step], $0) }
        case .tangent:
            // Each variable's tangent from its pass on, below those of the passes before.
            let shown = trace.forwardModes.indices.compactMap { mode -> (step: Int, lines: [String])? in
                guard let tangent = trace.forwardModes[mode].tangents[node], let step = tangentStep[mode][node] ?? firstTangentStep[mode] else { return nil }
                return (step, labelled(rule.totalDerivative(node, by: trace.forwardModes[mode].variable) + " = ", tangent, .adjoints))
            }
            return Self.accumulated(shown)
        case .update:
            // Each iteration's update from its step, blank from the iteration's first step until then.
            return updateSteps[node].flatMap { step in
                let start = passStarts[trace.pass(of: trace.steps[step])]
                let update = (step: step, lines: labelled(name(node) + " ← ", trace.steps[step].result, .updates))
                return start > 0 && start < step ? [(start, []), update] : [update]
            }
        case .derived:
            // Each quantity from its step on, below those known before it; each later pass's all at once.
            let shown = trace.derived.indices.filter { derivedSteps[$0].node == node }.sorted { derivedSteps[$0].step < derivedSteps[$1].step }
            func lines(_ index: Int, _ value: Tensor?) -> [String] {
                let quantity = trace.derived[index].quantity
                return value.map { labelled(typesetter.name(quantity.name) + " = ", $0, quantity.shown) } ?? []
            }
            let first = Self.accumulated(shown.map { (derivedSteps[$0].step, lines($0, trace.derived[$0].value)) })
            return Self.changing(first + trace.passes.indices.dropFirst().map { pass in
                (passStarts[pass], shown.flatMap { lines($0, trace.passes[pass].derived[$0]) })
            })
        }
    }

    /// A row's text from `step` at the first pass's numbers, then from each later pass's first
    /// step at that pass's, each only where it differs from the text before.
    private func perPass(from step: Int, _ lines: (Trace.Pass) -> [String]) -> [(step: Int, lines: [String])] {
        Self.changing(trace.passes.indices.map { pass in (pass == 0 ? step : passStarts[pass], lines(trace.passes[pass])) })
    }

    /// `variants` without those that show what the one before shows.
    private static func changing(_ variants: [(step: Int, lines: [String])]) -> [(step: Int, lines: [String])] {
        variants.enumerated().filter { i, variant in i == 0 || variants[i - 1].lines != variant.lines }.map(\.element)
    }

    /// Parts of one row, each from its step on (in step order): the row shows, from each part's
    /// step, that part below those before it.
    private static func accumulated(_ parts: [(step: Int, lines: [String])]) -> [(step: Int, lines: [String])] {
        parts.indices.map { last in (parts[last].step, parts[...last].flatMap(\.lines)) }
    }

    /// Where a `show:` quantity stands: at the node whose value or adjoint it reads last, from
    /// that step on (a given value is known from the start).
    private static func knownFrom(_ quantity: DerivedQuantity, forward: [Int?], backward: [Int?], graph: Graph) -> (node: Int, step: Int) {
        quantity.references.map { name, adjoint, _ in
            let node = graph.id(named: name)!
            return (node, (adjoint ? backward[node] : forward[node]) ?? -1)
        }.max { $0.1 < $1.1 }!
    }

    /// `∂ℒ/∂w = −0.0891 + 0.08 = −0.0091`: at a fan-out, each edge's contribution and the sum,
    /// of the backward step `step` at the numbers of `pass`.
    private func adjointLines(_ step: Trace.Step, _ pass: Trace.Pass) -> [String] {
        let head = rule.adjoint(step.node) + " = "
        guard let adjoint = pass.adjoints[step.node] else { return [] }
        let contributions = step.terms.flatMap(\.edges).compactMap { pass.edgeContributions[$0] }
        guard contributions.count > 1, contributions.allSatisfy(\.isScalar) else { return labelled(head, adjoint, .adjoints) }
        return [head + signedSum(contributions.map(\.scalar), .adjoints) + " = " + rule.value(adjoint, .adjoints)]
    }

    /// `a + b − c` with each sign written once.
    func signedSum(_ terms: [Double], _ shown: Shown = .values) -> String {
        let format = trace.format(shown)
        return terms.enumerated().map { i, term in
            let magnitude = format.format(abs(term), style: typesetter.style)
            if i == 0 { return format.format(term, style: typesetter.style) }
            return (term < 0 && magnitude != "0" ? " − " : " + ") + magnitude
        }.joined()
    }

    /// A scalar after its label on one line; a tensor's rows on lines of their own.
    private func labelled(_ label: String, _ value: Tensor, _ shown: Shown = .values) -> [String] {
        value.isScalar ? [label + rule.value(value, shown)] : [String(label.reversed().drop { $0 == " " }.reversed())] + lines(value, shown)
    }

    /// A scalar as one line, a vector as `[a, b]`, a matrix one `[a, b]` line per row.
    func lines(_ value: Tensor, _ shown: Shown = .values) -> [String] {
        switch value.shape.rank {
        case 0, 1: return [rule.value(value, shown)]
        default: return value.rows.map { "[" + $0.map { trace.format(shown).format($0, style: typesetter.style) }.joined(separator: ", ") + "]" }
        }
    }

    // MARK: Edges

    /// The label of `edge` in the frame of `step`: in the backward pass (and when the updates
    /// use it) the local partial and the contribution sent back; in forward mode the partial
    /// and the tangent sent forward. Empty while nothing is known.
    func edgeLines(_ edge: Int, at step: Int) -> [String] {
        switch trace.steps[step].phase {
        case .forward: return []
        case .backward, .update:
            guard let sent = backwardStep[graph.edges[edge].from], sent <= step else { return [] }
            return backwardLabels[trace.pass(of: trace.steps[step])][edge]
        case .tangent:
            let mode = self.mode(of: trace.steps[step])
            guard let sent = tangentStep[mode][graph.edges[edge].to], sent <= step else { return [] }
            return tangentLabels[mode][edge]
        }
    }

    /// The index in `trace.forwardModes` of a tangent step's pass.
    private func mode(of step: Trace.Step) -> Int {
        trace.forwardModes.firstIndex { $0.variable == step.variable }!
    }

    /// `edgeLines`, with the local partial's formula left out where the partial's line would be
    /// wider than `width` points (a focus frame, where the slide's equation states it).
    func compactEdgeLines(_ edge: Int, at step: Int, width: Double) -> [String] {
        var lines = edgeLines(edge, at: step)
        let pass = trace.pass(of: trace.steps[step])
        let full = partialLines[pass][edge]
        if let first = lines.first, first.hasPrefix(full), TextMetrics.width(of: first, fontSize: FrameLayout.edgeFontSize) > width {
            lines[0] = partialLine(edge, pass: pass, formula: false) + first.dropFirst(full.count)
        }
        return lines
    }

    /// The labels of `edge` as `edgeLines` shows them: each with the phases it shows in, its
    /// first step, and the step it stops at (nil: none; a forward-mode label stops where the
    /// next variable's pass starts).
    func edgeTimeline(_ edge: Int) -> [(phases: [Trace.Phase], step: Int, until: Int?, lines: [String])] {
        var shown: [(phases: [Trace.Phase], step: Int, until: Int?, lines: [String])] = []
        if let sent = backwardStep[graph.edges[edge].from], !backwardLabels[0][edge].isEmpty {
            // The first pass's label in the backward pass and the first iteration's updates;
            // each later pass's in its iteration's updates, where it differs.
            for pass in trace.passes.indices {
                let lines = backwardLabels[pass][edge]
                if pass > 0, lines == shown[shown.count - 1].lines { continue }
                if pass > 0 { shown[shown.count - 1].until = passStarts[pass] }
                shown.append((pass == 0 ? [.backward, .update] : [.update], pass == 0 ? sent : passStarts[pass], nil, lines))
            }
        }
        for mode in trace.forwardModes.indices {
            guard let sent = tangentStep[mode][graph.edges[edge].to], !tangentLabels[mode][edge].isEmpty else { continue }
            let next = firstTangentStep[(mode + 1)...].lazy.compactMap { $0 }.first
            shown.append(([.tangent], sent, next, tangentLabels[mode][edge]))
        }
        return shown
    }

    /// The widest label `edge` ever shows, line by line.
    func widestEdgeLines(_ edge: Int) -> [String] {
        Self.widest(backwardLabels.map { $0[edge] } + tangentLabels.map { $0[edge] })
    }

    /// `∂z/∂w = x = 1.5` and `◀ −0.0891`, at the numbers of pass `pass`.
    private func backwardLines(_ edge: Int, pass: Int) -> [String] {
        guard let contribution = trace.passes[pass].edgeContributions[edge] else { return [] }
        return [partialLines[pass][edge]] + prefixed("◀ ", lines(contribution, .adjoints))
    }

    /// `∂y/∂t = 2 t = 2` and `▶ 2`, on the first edge of each forward-mode term.
    private func tangentLines(_ edge: Int, mode: Int) -> [String] {
        let consumer = graph.edges[edge].to
        guard let step = tangentStep[mode][consumer],
              let term = trace.steps[step].tangentTerms.first(where: { $0.edges.first == edge }) else { return [] }
        let note = term.edges.count > 1 ? " (all \(term.edges.count) references)" : ""
        return [partialLines[0][edge] + note] + prefixed("▶ ", lines(term.contribution, .adjoints))
    }

    /// The local partial of one edge: symbol, formula (unless `formula` is false and there is
    /// a value to show instead) and value at pass `pass`, without repeats.
    private func partialLine(_ edge: Int, pass: Int, formula: Bool = true) -> String {
        let e = graph.edges[edge]
        switch trace.edgePartials[edge] {
        case .partial(let p):
            var parts = [rule.derivative(e.to, by: e.from) + rule.referenceNote(edge)]
            let value = trace.passes[pass].edgePartialValues[edge].flatMap { $0.shape.rank <= 1 ? rule.value($0, .partials) : nil }
            if formula || value == nil { parts.append(typesetter.render(p)) }
            if let value { parts.append(value) }
            return parts.reduce(into: [String]()) { kept, part in if kept.last != part { kept.append(part) } }
                .joined(separator: " = ")
        case .vectorJacobianProduct(let product):
            return typesetter.render(product)
        }
    }

    private func prefixed(_ prefix: String, _ lines: [String]) -> [String] {
        lines.enumerated().map { i, line in (i == 0 ? prefix : "  ") + line }
    }

    /// The edges the step of `step` reads: a forward step's operands, a backward step's
    /// consumers, a forward-mode step's operands.
    func highlightedEdges(at step: Int) -> [Int] {
        let s = trace.steps[step]
        switch s.phase {
        case .forward: return graph.nodes[s.node].incoming
        case .backward: return s.terms.flatMap(\.edges)
        case .tangent: return s.tangentTerms.flatMap(\.edges)
        case .update:
            // The erratum's step: where the gradient back to the parameter reads the new weight,
            // the edges into the weight's consumers from what the parameter computes (∂y/∂h = w₂).
            guard let early = usedTooEarly, early.step == step else { return [] }
            let downstream = graph.computed(from: [early.parameter])
            return graph.consumers(of: early.weight).flatMap { graph.nodes[$0.consumer].incoming }
                .filter { downstream[graph.edges[$0].from] && graph.edges[$0].from != early.weight }
        }
    }
}
