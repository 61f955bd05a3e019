import TeachCore

/// Writes the chain rule of one traced step, in text or LaTeX, at three levels: symbols
/// (`∂ℒ/∂z · ∂z/∂w + ∂ℒ/∂R · ∂R/∂w`), partials written out (`∂ℒ/∂z · x + ∂ℒ/∂R · w`), and
/// numbers substituted (`(−0.0594)(1.5) + (0.1)(0.8)`). Every renderer uses this one.
public struct ChainRule: Sendable {
    public let trace: Trace
    public let typesetter: Typesetter
    /// Each node's name typeset, and its adjoint `∂ℒ/∂v`, by node id: made once, as the lines
    /// of a large lesson name each node many times.
    private let names: [String], adjoints: [String]

    public init(trace: Trace, typesetter: Typesetter) {
        self.trace = trace
        self.typesetter = typesetter
        names = trace.graph.nodes.map { typesetter.name($0.name) }
        let loss = names[trace.graph.loss]
        adjoints = names.map { typesetter.derivative(typeset: loss, $0) }
    }

    private var latex: Bool { typesetter.style == .latex }
    private var graph: Graph { trace.graph }
    private func name(_ id: Int) -> String { graph.nodes[id].name }

    /// Node `id`'s name typeset: `ξ₁`, `\xi_{1}`.
    public func typesetName(_ id: Int) -> String { names[id] }

    /// `∂a/∂b` of two nodes.
    public func derivative(_ a: Int, by b: Int) -> String { typesetter.derivative(typeset: names[a], names[b]) }

    /// Values of scalar nodes, for substitution.
    private var scalarValues: (String) -> Tensor? {
        { [trace] name in trace.graph.node(named: name).map { trace.values[$0.id] } }
    }

    /// A number of kind `shown`, at its precision (`display` may give each kind its own).
    public func value(_ t: Tensor, _ shown: Shown = .values) -> String { trace.format(shown).format(t, style: typesetter.style) }

    /// `z = w x + b`.
    public func equation(_ node: Graph.Node) -> String {
        names[node.id] + " = " + typesetter.render(node.definition!)
    }

    /// `0.8·1.5 + (−0.3)`, when every operand is a scalar; nil otherwise.
    public func substituted(_ node: Graph.Node) -> String? {
        let operands = node.incoming.map { graph.edges[$0].from }
        guard operands.allSatisfy({ graph.nodes[$0].shape.isScalar }), !operands.isEmpty else { return nil }
        return typesetter.render(node.definition!, values: scalarValues)
    }

    /// ` (reference 2)` where the edge's variable appears more than once in its consumer
    /// (`Graph.reference`), else nothing: how every document tells those references apart.
    public func referenceNote(_ edge: Int) -> String {
        let reference = graph.reference(edge)
        return reference.count > 1 ? " (reference \(reference.number))" : ""
    }

    /// A lesson's named quantity with its definition and value: `Err₆ = −∂E/∂I₆ = 0.1311`.
    public func derivedLine(_ derived: Trace.Derived) -> String {
        typesetter.name(derived.quantity.name) + " = " + typesetter.render(derived.quantity.definition)
            + " = " + value(derived.value, derived.quantity.shown)
    }

    /// The adjoint's name, `∂ℒ/∂v`.
    public func adjoint(_ node: Int) -> String { adjoints[node] }

    private var times: String { latex ? " \\cdot " : " · " }

    /// Symbols: `∂ℒ/∂z · ∂z/∂w` for a compact term, the product itself (`Wᵀ ∂ℒ/∂z`) otherwise.
    public func symbolic(_ term: Trace.Term, of node: Int) -> String {
        switch term.partial {
        case .partial: return adjoint(term.consumer) + times + derivative(term.consumer, by: node)
        case .vectorJacobianProduct(let product): return typesetter.render(product)
        }
    }

    /// Partials written out: `∂ℒ/∂z · x`.
    public func expanded(_ term: Trace.Term) -> String {
        switch term.partial {
        case .partial(let p): return adjoint(term.consumer) + times + typesetter.factor(p)
        case .vectorJacobianProduct(let product): return typesetter.render(product)
        }
    }

    /// Numbers: `(−0.0594)(1.5)` for scalars; the contribution's value for tensors.
    public func numeric(_ term: Trace.Term) -> String {
        if let p = term.partialValue, let a = trace.adjoints[term.consumer], let shown = scalarProduct((a, .adjoints), (p, .partials)) { return shown }
        return value(term.contribution, .adjoints)
    }

    /// `(−0.0594)(1.5)`: two scalars multiplied, each in parentheses; nil unless both are scalars.
    private func scalarProduct(_ a: (Tensor, Shown), _ b: (Tensor, Shown)) -> String? {
        guard a.0.isScalar, b.0.isScalar else { return nil }
        let open = latex ? "\\left(" : "(", close = latex ? "\\right)" : ")"
        return open + value(a.0, a.1) + close + open + value(b.0, b.1) + close
    }

    /// The line of any step: forward, backward, forward-mode or update.
    public func line(_ step: Trace.Step) -> String {
        switch step.phase {
        case .forward: return forwardLine(step)
        case .backward: return backwardLine(step)
        case .tangent: return tangentLine(step)
        case .update: return updateLine(step)
        }
    }

    /// The whole backward line at three levels joined by `=`, ending with the adjoint's value.
    public func backwardLine(_ step: Trace.Step) -> String {
        let head = adjoint(step.node) + " = "
        let result = value(step.result, .adjoints)
        guard !step.terms.isEmpty else { return head + result + (latex ? "" : "  (seed: ∂ℒ/∂ℒ = 1)") }
        // One pass over the terms writes all three levels (a backward pass has one line per node).
        var symbols = "", written = "", numbers = ""
        for index in step.terms.indices {
            if index > 0 { symbols += " + "; written += " + "; numbers += " + " }
            symbols += symbolic(step.terms[index], of: step.node)
            written += expanded(step.terms[index])
            numbers += numeric(step.terms[index])
        }
        return head + symbols + (written == symbols ? "" : " = " + written) + (numbers == result ? "" : " = " + numbers) + " = " + result
    }

    /// `z = w x + b = 0.8·1.5 + (−0.3) = 0.9`; the numbers are left out where they would only
    /// repeat the value (`ξ₅ = −ξ₄ = −1`, not `… = −1 = −1`).
    public func forwardLine(_ step: Trace.Step) -> String {
        let node = graph.nodes[step.node]
        var parts = [equation(node)]
        let result = value(step.result)
        if let numbers = substituted(node), ![result, "(\(result))", "\\left(\(result)\\right)"].contains(numbers) { parts.append(numbers) }
        parts.append(result)
        return parts.joined(separator: " = ")
    }

    /// `dv/du`, the total derivative forward mode computes for node `v`. A name that itself
    /// starts with a d is parenthesised, so node `d` reads `d(d)/db`, not `dd/db`.
    public func totalDerivative(_ v: Int, by u: Int) -> String {
        func shown(_ id: Int) -> String {
            let typeset = names[id]
            return name(id).hasPrefix("d") ? (latex ? "\\left(\(typeset)\\right)" : "(\(typeset))") : typeset
        }
        let u = shown(u), n = shown(v)
        return latex ? "\\frac{d \(n)}{d \(u)}" : "d\(n)/d\(u)"
    }

    /// `dy/dt = ∂y/∂t · dt/dt = (2)(1) = 2` for forward mode with respect to `u`.
    public func tangentLine(_ step: Trace.Step) -> String {
        let total = { totalDerivative($0, by: step.variable!) }
        let symbolic = step.tangentTerms.map { derivative(step.node, by: $0.operand) + times + total($0.operand) }
        let numbers = step.tangentTerms.map { term in
            term.partialValue.flatMap { scalarProduct(($0, .partials), (term.operandTangent, .adjoints)) } ?? value(term.contribution, .adjoints)
        }
        return total(step.node) + " = " + symbolic.joined(separator: " + ") + " = " + numbers.joined(separator: " + ")
            + " = " + value(step.result, .adjoints)
    }

    /// `η = 0.5`, and `η = 0.5; 0.1 for b` where some parameters have their own.
    public var learningRates: String {
        guard let rate = trace.learningRate else { return "" }
        let eta = latex ? "\\eta" : "η"
        let own = trace.learningRates.map { typesetter.number($0.rate) + " for " + names[$0.parameter] }
        return eta + " = " + typesetter.number(rate) + (own.isEmpty ? "" : "; " + own.joined(separator: ", "))
    }

    /// `w ← w − η ∂ℒ/∂w = 0.8 − 0.5·(−0.0091) = 0.8046`.
    public func updateLine(_ step: Trace.Step) -> String {
        guard let update = step.update else { return "" }
        let v = names[step.node]
        let eta = latex ? "\\eta" : "η"
        let arrow = latex ? " \\leftarrow " : " ← "
        let minus = latex ? " - " : " − "
        let dot = latex ? " \\cdot " : "·"
        let shownGradient = value(update.gradient, .adjoints)
        let gradient = update.gradient.isScalar && update.gradient.scalar < 0 ? "(\(shownGradient))" : shownGradient
        return v + arrow + v + minus + eta + " " + adjoint(step.node) + " = " + value(update.old, update.iteration == 1 ? .values : .updates) + minus
            + typesetter.number(update.learningRate) + dot + gradient + " = " + value(step.result, .updates)
    }
}
