import TeachCore
import TeachLessons

/// `tables.md`: the lesson as tables a lecturer can put up and a student can check against,
/// in GitHub-flavoured Markdown with `$…$` math: given values, the forward pass, the backward
/// pass (chain rule, local partials, numbers), every fan-out's contributions and their sum,
/// the gradient check, forward mode and the gradient-descent updates.
struct MarkdownTables {
    let lesson: Lesson
    let trace: Trace

    private var rule: ChainRule { ChainRule(trace: trace, typesetter: lesson.typesetter(.latex)) }
    private var graph: Graph { trace.graph }

    func document() -> String {
        let rule = self.rule
        var sections = [header()]
        sections.append(given(rule))
        sections.append(forward(rule))
        sections.append(backward(rule))
        if let fanOut = fanOut(rule) { sections.append(fanOut) }
        sections.append(gradientCheck(rule))
        if let tangents = tangents(rule) { sections.append(tangents) }
        if let descent = descent(rule) { sections.append(descent) }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// `$…$` around LaTeX, made safe for a table cell (an escaped `\$` never touches the closing `$`).
    static func math(_ latex: String) -> String {
        guard !latex.isEmpty else { return "" }
        let escaped = Escape.markdownMath(latex)
        return "$" + escaped + (escaped.hasSuffix("$") ? "{}$" : "$")
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let lines = [header, header.map { _ in "---" }] + rows
        return lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    private func header() -> String {
        var lines = ["# " + Escape.markdown(lesson.title)]
        if let citation = lesson.citation { lines += ["", "Source: " + Escape.markdown(citation)] }
        if let summary = lesson.summary { lines += ["", Escape.markdown(summary.split(whereSeparator: \.isNewline).joined(separator: " "))] }
        if trace.byHand { lines += ["", "By hand: every intermediate is rounded to \(trace.format.digits) significant digits before it is used."] }
        lines += ["", "Numbers are shown to \(trace.format.digits) significant digits; every computation uses full double precision"
                  + (trace.byHand ? " of the rounded values." : ".")]
        return lines.joined(separator: "\n")
    }

    private func given(_ rule: ChainRule) -> String {
        let rows = graph.nodes.filter { $0.definition == nil }.map { node in
            [Self.math(rule.typesetter.name(node.name)), node.kind == .parameter ? "parameter" : "input", Self.math(rule.value(trace.values[node.id]))]
        }
        return "## Given\n\n" + Self.table(["Variable", "Kind", "Value"], rows)
    }

    private func forward(_ rule: ChainRule) -> String {
        let rows = trace.steps(.forward).enumerated().map { number, step -> [String] in
            let node = graph.nodes[step.node]
            return ["\(number + 1)", Self.math(rule.typesetter.name(node.name)), Self.math(rule.typesetter.render(node.definition!)),
                    Self.math(rule.substituted(node) ?? ""), Self.math(rule.value(step.result))]
        }
        return "## Forward pass\n\n" + Self.table(["Step", "Variable", "Definition", "Numbers", "Value"], rows)
    }

    private func backward(_ rule: ChainRule) -> String {
        let rows = trace.steps(.backward).enumerated().map { number, step -> [String] in
            let adjoint = Self.math(rule.adjoint(step.node))
            guard !step.terms.isEmpty else { return ["\(number + 1)", adjoint, "seed", "", "", Self.math(rule.value(step.result))] }
            let plus = " + "
            let partials = step.terms.compactMap { term -> String? in
                guard case .partial(let p) = term.partial else { return nil }
                return Self.math(rule.typesetter.derivative(graph.nodes[term.consumer].name, graph.nodes[step.node].name) + " = " + rule.typesetter.render(p))
            }
            return ["\(number + 1)", adjoint,
                    Self.math(step.terms.map { rule.symbolic($0, of: step.node) }.joined(separator: plus)),
                    partials.isEmpty ? "vector–Jacobian product" : partials.joined(separator: ", "),
                    Self.math(step.terms.map(rule.numeric).joined(separator: plus)),
                    Self.math(rule.value(step.result))]
        }
        return "## Backward pass\n\nEach adjoint is the sum over the node's consumers of the consumer's adjoint times the local partial.\n\n"
            + Self.table(["Step", "Adjoint", "Chain rule", "Local partials", "Numbers", "Value"], rows)
    }

    /// Every node that sends more than one contribution back: each edge's, then the sum.
    private func fanOut(_ rule: ChainRule) -> String? {
        var rows: [[String]] = []
        for step in trace.steps(.backward) {
            let edges = step.terms.flatMap(\.edges).filter { trace.edgeContributions[$0] != nil }
            guard edges.count > 1 else { continue }
            let name = Self.math(rule.typesetter.name(graph.nodes[step.node].name))
            for edge in edges {
                let consumer = graph.nodes[graph.edges[edge].to]
                var partial = rule.typesetter.derivative(consumer.name, graph.nodes[step.node].name)
                if case .partial(let p) = trace.edgePartials[edge] { partial += " = " + rule.typesetter.render(p) }
                rows.append([name, Self.math(rule.typesetter.name(consumer.name)), Self.math(partial), Self.math(rule.value(trace.edgeContributions[edge]!))])
            }
            rows.append([name, "**sum**", "", "**" + Self.math(rule.adjoint(step.node) + " = " + rule.value(step.result)) + "**"])
        }
        guard !rows.isEmpty else { return nil }
        return "## Fan-out: contributions and their sum\n\nA variable used in several places receives one contribution along each edge; its adjoint is their sum (the multivariate chain rule).\n\n"
            + Self.table(["Variable", "Through", "Local partial", "Contribution"], rows)
    }

    private func gradientCheck(_ rule: ChainRule) -> String {
        let small = NumberFormat(digits: 2)
        let rows = trace.gradientChecks.map { check in
            [Self.math(rule.adjoint(check.parameter)), Self.math(rule.value(check.adjoint)), Self.math(rule.value(check.finiteDifference)),
             Self.math(small.format(check.maximumError, style: .latex)), check.passed ? "agrees" : "**differs**"]
        }
        return "## Gradient check\n\nCentral differences $(\\mathcal{L}(\\theta + h) - \\mathcal{L}(\\theta - h)) / 2h$ with $h = 10^{-6} \\max(1, \\vert\\theta\\vert)$ beside reverse mode.\n\n"
            + Self.table(["Gradient", "Reverse mode", "Central differences", "Largest difference", "Check"], rows)
    }

    private func tangents(_ rule: ChainRule) -> String? {
        let steps = trace.steps(.tangent)
        guard let variable = trace.tangentVariable, !steps.isEmpty else { return nil }
        let rows = steps.enumerated().map { number, step in
            ["\(number + 1)", Self.math(rule.tangentLine(step))]
        }
        return "## Forward mode (tangents with respect to \(Self.math(rule.typesetter.name(graph.nodes[variable].name))))\n\n"
            + Self.table(["Step", "Tangent"], rows)
    }

    private func descent(_ rule: ChainRule) -> String? {
        guard let eta = trace.learningRate, !trace.descent.isEmpty else { return nil }
        let updates = trace.steps(.update).map { step in
            ["\(step.update!.iteration)", Self.math(rule.updateLine(step))]
        }
        let parameters = graph.parameters
        let rows = trace.descent.map { row in
            ["\(row.iteration)", Self.math(rule.typesetter.number(row.loss))] + row.parameters.map { Self.math(rule.value($0)) }
        }
        return "## Gradient descent ($\\eta = \(rule.typesetter.number(eta))$)\n\nEvery gradient is computed first; only then is any parameter updated.\n\n"
            + Self.table(["Iteration", "Update"], updates) + "\n\n"
            + Self.table(["Iteration", Self.math(rule.typesetter.name(trace.loss.name))] + parameters.map { Self.math(rule.typesetter.name($0.name)) }, rows)
    }
}
