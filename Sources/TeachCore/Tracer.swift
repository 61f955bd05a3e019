/// An evaluation failure located at the equation and step where it happened.
public struct TraceError: Error, Sendable {
    public let message: String
    public let node: String
    public let location: SourceLocation?

    public init(message: String, node: String, location: SourceLocation?) {
        self.message = message
        self.node = node
        self.location = location
    }
}

/// Runs a graph and records every step: forward values, backward adjoints with their
/// per-edge contributions, forward-mode tangents, the gradient check, and descent updates.
public struct Tracer: Sendable {
    public struct Options: Sendable {
        public var format = NumberFormat()
        /// Kinds of number shown at another precision than `format`'s.
        public var precisions: [Shown: NumberFormat] = [:]
        public var byHand = false
        /// Forward mode with respect to each of these nodes (scalar inputs or parameters), in turn.
        public var tangentVariables: [String] = []
        /// Inputs that get an adjoint too (parameters always do).
        public var differentiatedInputs: [String] = []
        /// The lesson's own named quantities (`show:`), in its order.
        public var derived: [DerivedQuantity] = []
        /// The order the backward pass records the equations in.
        public var backwardOrder = Graph.BackwardOrder.reverse
        public var learningRate: Double?
        /// Another learning rate for some parameters, by name.
        public var learningRates: [String: Double] = [:]
        /// Also run the update-order erratum (`Tracer.erratumStep`) and record its descent.
        public var comparesStaleWeights = false
        public var descentSteps = 0
        /// The parameters gradient descent updates, by name; nil for all of them. The others
        /// are held at their given values (still differentiated and shown).
        public var descentParameters: [String]?

        /// The format of one kind of number shown.
        public func format(_ shown: Shown) -> NumberFormat { precisions[shown] ?? format }

        /// `value` rounded as a by-hand calculation carries numbers of kind `shown`.
        func rounded(_ value: Tensor, _ shown: Shown) -> Tensor { value.map(format(shown).rounded) }

        /// The learning rate of the parameter named `name`: its own, else the lesson's.
        public func learningRate(of name: String) -> Double? { learningRates[name] ?? learningRate }

        /// Whether descent updates the parameter named `name`.
        public func descends(_ name: String) -> Bool { descentParameters?.contains(name) ?? true }

        public init() {}
    }

    public let graph: Graph
    public let options: Options

    public init(graph: Graph, options: Options) {
        self.graph = graph
        self.options = options
    }

    /// One forward pass: every node's value and, per equation node, the value of every
    /// instruction of its program (the last is the node's value before any rounding), which
    /// the backward pass reuses instead of evaluating the program again.
    public struct ForwardPass: Sendable {
        public let values: [Tensor]
        public let locals: [[Tensor]]
    }

    /// The values of every node, those in `given` overridden (an equation node's program still
    /// runs, so its instruction values stay those of its operands).
    func forward(_ given: [Int: Tensor] = [:], rounding: Bool = false) throws(TraceError) -> [Tensor] {
        try forwardPass(given, rounding: rounding, keepingLocals: false).values
    }

    /// Evaluates every node in lecture order (a topological order); a node in `given` takes
    /// that value instead of its own. A graph of scalars runs on its `ScalarTape`, which
    /// computes the same numbers without a `Tensor` per instruction.
    public func forwardPass(_ given: [Int: Tensor] = [:], rounding: Bool = false,
                            keepingLocals: Bool = true) throws(TraceError) -> ForwardPass {
        guard let tape = graph.scalarTape else { return try programPass(given, rounding: rounding, keepingLocals: keepingLocals) }
        let (instructions, values) = try tapePass(tape, given, rounding: rounding)
        return ForwardPass(values: values.map(Tensor.init),
                           locals: keepingLocals ? tape.ranges.map { $0.map { Tensor(instructions[$0]) } } : [])
    }

    /// `forwardPass` node by node, each node's `Program` on tensors.
    func programPass(_ given: [Int: Tensor], rounding: Bool, keepingLocals: Bool) throws(TraceError) -> ForwardPass {
        var values: [Tensor] = []
        var locals: [[Tensor]] = []
        values.reserveCapacity(graph.nodes.count)
        if keepingLocals { locals.reserveCapacity(graph.nodes.count) }
        for node in graph.nodes {
            var value: Tensor
            var instructionValues: [Tensor] = []
            if let program = node.program {
                do {
                    instructionValues = try program.evaluate(graph.reader(values: values))
                } catch {
                    throw TraceError(message: error.message, node: node.name, location: error.location ?? node.location)
                }
                value = instructionValues[instructionValues.count - 1]
            } else {
                value = node.given!
            }
            if let override = given[node.id] { value = override }
            if rounding { value = options.rounded(value, .values) }
            values.append(value)
            if keepingLocals { locals.append(instructionValues) }
        }
        return ForwardPass(values: values, locals: keepingLocals ? locals : [])
    }

    /// `forwardPass` on the graph's scalar tape: every instruction's value and every node's.
    func tapePass(_ tape: ScalarTape, _ given: [Int: Tensor], rounding: Bool) throws(TraceError) -> (instructions: [Double], nodes: [Double]) {
        var overrides = [Double?](repeating: nil, count: graph.nodes.count)
        for (id, value) in given { overrides[id] = value.scalar }
        return try tapePass(tape, overrides: overrides, rounding: rounding)
    }

    /// `tapePass` with the given values by node id (nil: the node's own); from node `start` on
    /// only where `nodes` holds the values of the nodes before it.
    func tapePass(_ tape: ScalarTape, from start: Int = 0, nodes: [Double]? = nil, overrides: [Double?], rounding: Bool) throws(TraceError)
        -> (instructions: [Double], nodes: [Double]) {
        var instructions = [Double](repeating: 0, count: tape.code.count)
        var nodes = nodes ?? [Double](repeating: 0, count: graph.nodes.count)
        let format = options.format(.values)
        do {
            try tape.run(from: start, overrides: overrides, rounding: rounding ? { format.rounded($0) } : nil, values: &instructions, nodes: &nodes)
        } catch {
            let (id, instruction) = tape.origin(of: error.index)
            let node = graph.nodes[id]
            throw TraceError(message: error.message, node: node.name, location: node.program!.instructions[instruction].location ?? node.location)
        }
        return (instructions, nodes)
    }

    /// `pass` with `node`'s value replaced by `value` where its consumers compute with it (their
    /// instruction values evaluated again) and nowhere else: every other node keeps its old
    /// value, so a reverse pass through it multiplies the old activations by the new value.
    public func substituting(_ value: Tensor, for node: Int, in pass: ForwardPass) -> ForwardPass {
        var values = pass.values
        values[node] = value
        var locals = pass.locals
        for (consumer, _) in graph.consumers(of: node) {
            if let program = graph.nodes[consumer].program, let again = try? program.evaluate(graph.reader(values: values)) { locals[consumer] = again }
        }
        return ForwardPass(values: values, locals: locals)
    }

    /// Reverse mode: adjoints of every node that reaches the loss, and each edge's contribution.
    ///
    ///     ∂ℒ/∂ℒ = 1,    ∂ℒ/∂v = Σ over edges v→c of (∂c/∂v)ᵀ ∂ℒ/∂c
    ///
    /// Each program's instruction values come from the forward pass (which must have kept
    /// them), so reverse mode costs only the vector–Jacobian products; a graph of scalars
    /// takes them from its `ScalarTape` (the same numbers) unless an alteration replaces them.
    ///
    /// With an `alteration`, the pass is changed where it says (see `BackwardAlteration`).
    ///
    /// `rounding` works as on paper: where an edge's local derivative is a partial `P` (shown
    /// as `∂c/∂v = … = p`), its contribution is `∂ℒ/∂c · p` of the two shown numbers, rounded;
    /// elsewhere (a vector–Jacobian product) the product of the rounded values, rounded; each
    /// adjoint is the rounded sum of its rounded contributions. `partials` are the edges'
    /// symbolic partials, if the caller has them (else they are derived here).
    public func backward(_ pass: ForwardPass, rounding: Bool = false, partials: [SymbolicPartial]? = nil,
                         altered alteration: (any BackwardAlteration)? = nil) -> (adjoints: [Tensor?], contributions: [Tensor?]) {
        let factors = rounding ? shownPartials(partials ?? edgePartials(), values: pass.values) : []
        let reaches = graph.reachesLoss
        var adjoints = [Tensor?](repeating: nil, count: graph.nodes.count)
        var contributions = [Tensor?](repeating: nil, count: graph.edges.count)
        adjoints[graph.loss] = Tensor(1)
        for node in graph.nodes.reversed() where reaches[node.id] {
            if node.id != graph.loss {
                var sum = Tensor.zeros(node.shape)
                for edge in graph.outgoing[node.id] {
                    guard let c = contributions[edge] else { continue }
                    if let alteration {
                        if let term = alteration.term(c, of: node.id, through: graph.edges[edge].to) { sum += term }
                    } else {
                        sum += c
                    }
                }
                adjoints[node.id] = rounding ? options.rounded(sum, .adjoints) : sum
            }
            guard let program = node.program, let adjoint = adjoints[node.id] else { continue }
            let seed = alteration?.seed(adjoint, of: node.id) ?? adjoint
            let replaced = alteration?.localVJP(of: node.id)
            let perOccurrence: [Tensor]
            if replaced == nil, let tape = graph.scalarTape {
                perOccurrence = tape.contributions(of: node.id, locals: pass.locals[node.id], seed: seed.scalar).map(Tensor.init)
            } else {
                perOccurrence = program.contributions(values: pass.locals[node.id], seed: seed, replacing: replaced)
            }
            for (occurrence, edge) in node.incoming.enumerated() {
                var c = perOccurrence[occurrence]
                if rounding, replaced == nil, let p = factors[edge], let product = Tensor.zip(seed, p, *), product.shape == c.shape { c = product }
                contributions[edge] = rounding ? options.rounded(c, .adjoints) : c
            }
        }
        return (adjoints, contributions)
    }

    public func run() throws(TraceError) -> Trace {
        let pass = try forwardPass(rounding: options.byHand)
        let values = pass.values
        let edgePartials = edgePartials()
        let (adjoints, contributions) = backward(pass, rounding: options.byHand, partials: edgePartials)
        let checker = graph.checker
        let read = graph.reader(values: values, adjoints: adjoints)
        let edgePartialValues = partialValues(edgePartials, values: values, adjoints: adjoints)

        var steps: [Trace.Step] = []
        func record(_ phase: Trace.Phase, _ node: Int, _ result: Tensor, terms: [Trace.Term] = [],
                    tangentTerms: [Trace.TangentTerm] = [], variable: Int? = nil, update: Trace.Update? = nil) {
            steps.append(Trace.Step(index: steps.count, phase: phase, node: node, result: result, terms: terms,
                                    tangentTerms: tangentTerms, variable: variable, update: update))
        }

        for node in graph.equations { record(.forward, node.id, values[node.id]) }

        for id in graph.backwardOrder(differentiating: options.differentiatedInputs, order: options.backwardOrder) {
            guard let adjoint = adjoints[id] else { continue }
            let terms = graph.consumers(of: id).map { consumer, edges in
                let partial = edges.count == 1 ? edgePartials[edges[0]]
                    : Differentiator.partial(of: graph.nodes[consumer].definition!, consumer: graph.nodes[consumer].name,
                                             occurrences: Set(edges.map { graph.edges[$0].occurrence }), checker: checker)
                let sum = edges.compactMap { contributions[$0] }.reduce(Tensor.zeros(graph.nodes[id].shape), +)
                // One edge's partial value is the edge's own, unless that is shown rounded.
                let value = edges.count == 1 && !options.byHand ? edgePartialValues[edges[0]] : partialValue(partial, read)
                return Trace.Term(consumer: consumer, edges: edges, partial: partial, partialValue: value, contribution: sum)
            }
            record(.backward, id, adjoint, terms: terms)
        }

        var forwardModes: [Trace.ForwardMode] = []
        for variable in options.tangentVariables.compactMap(graph.node(named:)) {
            var tangents = [Tensor?](repeating: nil, count: graph.nodes.count)
            tangents[variable.id] = Tensor.filled(1, shape: variable.shape)
            for node in graph.equations {
                let terms = tangentTerms(node, values, tangents, edgePartials, edgePartialValues)
                guard !terms.isEmpty else { continue }
                let sum = terms.map(\.contribution).reduce(Tensor.zeros(node.shape), +)
                let tangent = options.byHand ? options.rounded(sum, .adjoints) : sum
                tangents[node.id] = tangent
                record(.tangent, node.id, tangent, tangentTerms: terms, variable: variable.id)
            }
            forwardModes.append(Trace.ForwardMode(variable: variable.id, tangents: tangents))
        }

        let derived = try options.derived.map { quantity throws(TraceError) in
            Trace.Derived(quantity: quantity, value: try self.value(of: quantity, values: values, adjoints: adjoints))
        }
        let (checks, directions) = try gradientChecks(unrounded: options.byHand ? nil : (pass, adjoints))
        var descent: [Trace.DescentRow] = [], staleDescent: [Trace.DescentRow] = []
        var passes = [Trace.Pass(values: values, adjoints: adjoints, edgePartialValues: edgePartialValues,
                                 edgeContributions: contributions, derived: derived.map(\.value))]
        if options.learningRate != nil, options.descentSteps > 0 {
            let (rows, later) = try descend(partials: edgePartials) { record(.update, $0, $1, update: $2) }
            descent = rows
            passes += later
            if options.comparesStaleWeights { staleDescent = try erratumDescent(partials: edgePartials) }
        }

        return Trace(graph: graph, format: options.format, precisions: options.precisions, byHand: options.byHand, forward: pass, adjoints: adjoints,
                     edgePartials: edgePartials, edgePartialValues: edgePartialValues, edgeContributions: contributions,
                     forwardModes: forwardModes, steps: steps, gradientChecks: checks, directionalChecks: directions,
                     learningRate: options.learningRate,
                     learningRates: graph.parameters.compactMap { p in options.learningRates[p.name].map { (p.id, $0) } }, descent: descent,
                     staleDescent: staleDescent, derived: derived, passes: passes)
    }

    /// The numbers a frame shows of `pass`: its values, its adjoints and contributions, each
    /// edge's partial value and the `show:` quantities (by hand, all rounded as shown).
    func shown(_ pass: ForwardPass, adjoints: [Tensor?], contributions: [Tensor?], partials: [SymbolicPartial]) -> Trace.Pass {
        Trace.Pass(values: pass.values, adjoints: adjoints, edgePartialValues: partialValues(partials, values: pass.values, adjoints: adjoints),
                   edgeContributions: contributions,
                   derived: options.derived.map { try? value(of: $0, values: pass.values, adjoints: adjoints) })
    }

    /// Each edge's partial `P` at `values`: by hand, rounded as it is shown (`shownPartials`).
    func partialValues(_ partials: [SymbolicPartial], values: [Tensor], adjoints: [Tensor?]) -> [Tensor?] {
        if options.byHand { return shownPartials(partials, values: values) }
        let read = graph.reader(values: values, adjoints: adjoints)
        return partials.map { partialValue($0, read) }
    }

    /// A named quantity's value from the shown values and adjoints; by hand, rounded as its
    /// kind of number is shown.
    private func value(of quantity: DerivedQuantity, values: [Tensor], adjoints: [Tensor?]) throws(TraceError) -> Tensor {
        do {
            let value = try quantity.value(in: graph, values: values, adjoints: adjoints)
            return options.byHand ? options.rounded(value, quantity.shown) : value
        } catch {
            throw TraceError(message: error.message, node: quantity.name, location: error.location ?? quantity.location)
        }
    }

    /// Each edge's symbolic partial, derived once per node for all its references.
    func edgePartials() -> [SymbolicPartial] {
        var partialsByEdge = [SymbolicPartial?](repeating: nil, count: graph.edges.count)
        for node in graph.equations {
            let partials = Differentiator.partials(of: node.definition!, consumer: node.name,
                                                   occurrences: node.incoming.map { [graph.edges[$0].occurrence] }, checker: graph.checker)
            for (edge, partial) in zip(node.incoming, partials) { partialsByEdge[edge] = partial }
        }
        return partialsByEdge.map { $0! }
    }

    /// Each edge's partial `P` at `values`, rounded as it is shown; nil where the edge's term is
    /// a vector–Jacobian product. (A partial reads values only: its seed adjoint is 1.)
    func shownPartials(_ partials: [SymbolicPartial], values: [Tensor]) -> [Tensor?] {
        let read = graph.reader(values: values)
        return partials.map { partialValue($0, read).map { options.rounded($0, .partials) } }
    }

    /// One gradient-descent step of `parameter` from `value`, `θ − η ∂ℒ/∂θ` with the parameter's
    /// own η (`Options.learningRate(of:)`); by hand, rounded as the page shows it. Nil without
    /// a learning rate, or where the shapes do not broadcast (a student's gradient of the wrong shape).
    public func updated(_ parameter: Graph.Node, from value: Tensor, gradient: Tensor) -> Tensor? {
        guard let rate = options.learningRate(of: parameter.name), let new = Tensor.zip(value, gradient, { $0 - rate * $1 }) else { return nil }
        return options.byHand ? options.rounded(new, .updates) : new
    }

    private func partialValue(_ partial: SymbolicPartial, _ read: (Expr.Kind) -> Tensor) -> Tensor? {
        guard case .partial(let expr) = partial, expr.shape != nil else { return nil }
        switch expr.kind {
        // Most partials of a large network are one name (∂a/∂w = x) or a number (∂a/∂b = 1),
        // whose value needs no program: what `Program.value` gives them.
        case .variable, .adjoint: return read(expr.kind)
        case .number(let v): return Tensor(v)
        default: return try? Program(expr).value(read)
        }
    }

    /// The forward-mode terms of one equation node: for each operand with a tangent, the
    /// change it sends through its references, `ċ = Σᵥ (∂c/∂v) v̇`.
    private func tangentTerms(_ node: Graph.Node, _ values: [Tensor], _ tangents: [Tensor?],
                              _ partials: [SymbolicPartial], _ partialValues: [Tensor?]) -> [Trace.TangentTerm] {
        guard let program = node.program, let local = try? program.evaluate(graph.reader(values: values)) else { return [] }
        var grouped: [(operand: Int, edges: [Int])] = []
        for edge in node.incoming where tangents[graph.edges[edge].from] != nil {
            let operand = graph.edges[edge].from
            if let i = grouped.firstIndex(where: { $0.operand == operand }) { grouped[i].edges.append(edge) }
            else { grouped.append((operand, [edge])) }
        }
        return grouped.map { operand, edges in
            let occurrences = Set(edges.map { graph.edges[$0].occurrence })
            let seeds = node.incoming.indices.map { occurrences.contains($0) ? tangents[operand] : nil }
            let partial = edges.count == 1 ? partials[edges[0]]
                : Differentiator.partial(of: node.definition!, consumer: node.name, occurrences: occurrences, checker: graph.checker)
            var shownPartial = edges.count == 1 ? partialValues[edges[0]] : partialValue(partial, graph.reader(values: values))
            var contribution = program.tangent(values: local, tangents: seeds)
            if options.byHand {
                // As on paper: the shown partial times the shown tangent, rounded.
                shownPartial = shownPartial.map { options.rounded($0, .partials) }
                if let p = shownPartial, let product = Tensor.zip(p, tangents[operand]!, *), product.shape == contribution.shape { contribution = product }
                contribution = options.rounded(contribution, .adjoints)
            }
            return Trace.TangentTerm(operand: operand, edges: edges, partial: partial, partialValue: shownPartial,
                                     operandTangent: tangents[operand]!, contribution: contribution)
        }
    }
}
