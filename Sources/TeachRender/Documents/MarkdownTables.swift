import TeachCore
import TeachLessons

/// `tables.md`.
public struct TablesDocument: Document {
    public static let name = "tables"
    public static let summary = "tables.md: values, local partials, adjoints, fan-outs, gradient check, descent"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        try write(OutputFile(path: "tables.md", text: MarkdownTables(lesson: context.lesson, trace: context.trace).document(context.tableSections())))
    }
}

/// `tables.md`: the lesson as tables a lecturer can put up and a student can check against,
/// in GitHub-flavoured Markdown with `$…$` math: given values, the forward pass, the backward
/// pass (chain rule, local partials, numbers), every fan-out's contributions and their sum,
/// the gradient check, forward mode and the gradient-descent updates.
struct MarkdownTables {
    let lesson: Lesson
    let trace: Trace
    /// Markdown with `$…$` LaTeX (`tables.md`, `handout.md`) or HTML with Unicode math (`handout.html`).
    var markup: TableMarkup = .markdown

    private var rule: ChainRule { ChainRule(trace: trace, typesetter: lesson.typesetter(markup.style)) }
    private var graph: Graph { trace.graph }

    /// The whole file, from `sections()` (passed in when they were made already).
    func document(_ sections: [String]? = nil) -> String {
        (sections ?? self.sections()).map(markup.section).joined(separator: "\n\n") + "\n"
    }

    /// The header, then one section per table, each in `markup`.
    func sections() -> [String] {
        let rule = self.rule
        var sections = [header()]
        sections.append(given(rule))
        sections.append(forward(rule))
        sections.append(backward(rule))
        if let fanOut = fanOut(rule) { sections.append(fanOut) }
        if let derived = derived(rule) { sections.append(derived) }
        sections.append(gradientCheck(rule))
        sections += tangents(rule)
        if let descent = descent(rule) { sections.append(descent) }
        if let stale = staleComparison(rule) { sections.append(stale) }
        return sections
    }

    private func header() -> String {
        var text = markup.title(lesson.title)
        if let citation = lesson.citation { text += markup.paragraph(markup.text("Source: " + citation)) }
        if let summary = lesson.summary { text += markup.paragraph(markup.text(summary.split(whereSeparator: \.isNewline).joined(separator: " "))) }
        if trace.byHand { text += markup.paragraph(markup.text(TraceReport.byHandPolicy(trace))) }
        text += markup.paragraph("Numbers are shown to \(trace.precision); every computation uses full double precision"
                                 + (trace.byHand ? " of the rounded values." : "."))
        return text
    }

    private func given(_ rule: ChainRule) -> String {
        let rows = graph.nodes.filter { $0.definition == nil }.map { node in
            [markup.math(rule.typesetName(node.id)), node.kind == .parameter ? "parameter" : "input", markup.math(rule.value(trace.values[node.id]))]
        }
        return markup.heading("Given") + markup.table(["Variable", "Kind", "Value"], rows)
    }

    private func forward(_ rule: ChainRule) -> String {
        let rows = trace.steps(.forward).enumerated().map { number, step -> [String] in
            let node = graph.nodes[step.node]
            return ["\(number + 1)", markup.math(rule.typesetName(node.id)), markup.math(rule.typesetter.render(node.definition!)),
                    markup.math(rule.substituted(node) ?? ""), markup.math(rule.value(step.result))]
        }
        return markup.heading("Forward pass") + markup.table(["Step", "Variable", "Definition", "Numbers", "Value"], rows)
    }

    private func backward(_ rule: ChainRule) -> String {
        let rows = trace.steps(.backward).enumerated().map { number, step -> [String] in
            let adjoint = markup.math(rule.adjoint(step.node))
            guard !step.terms.isEmpty else { return ["\(number + 1)", adjoint, "seed", "", "", markup.math(rule.value(step.result, .adjoints))] }
            let plus = " + "
            let partials = step.terms.compactMap { term -> String? in
                guard case .partial(let p) = term.partial else { return nil }
                return markup.math(rule.derivative(term.consumer, by: step.node) + " = " + rule.typesetter.render(p))
                    + TraceReport.summed(term, of: step.node, in: graph, name: { markup.math(rule.typesetter.name($0)) }, text: markup.text)
            }
            return ["\(number + 1)", adjoint,
                    markup.math(step.terms.map { rule.symbolic($0, of: step.node) }.joined(separator: plus)),
                    partials.isEmpty ? "vector–Jacobian product" : partials.joined(separator: ", "),
                    markup.math(step.terms.map(rule.numeric).joined(separator: plus)),
                    markup.math(rule.value(step.result, .adjoints))]
        }
        return markup.heading("Backward pass")
            + markup.paragraph("Each adjoint is the sum over the node's consumers of the consumer's adjoint times the local partial.")
            + markup.table(["Step", "Adjoint", "Chain rule", "Local partials", "Numbers", "Value"], rows)
    }

    /// Every node that sends more than one contribution back: each edge's, then the sum.
    private func fanOut(_ rule: ChainRule) -> String? {
        var rows: [[String]] = []
        for step in trace.steps(.backward) {
            let edges = step.terms.flatMap(\.edges).filter { trace.edgeContributions[$0] != nil }
            guard edges.count > 1 else { continue }
            let name = markup.math(rule.typesetName(step.node))
            for edge in edges {
                let consumer = graph.nodes[graph.edges[edge].to]
                var partial = rule.derivative(consumer.id, by: step.node)
                if case .partial(let p) = trace.edgePartials[edge] { partial += " = " + rule.typesetter.render(p) }
                let through = markup.math(rule.typesetName(consumer.id)) + rule.referenceNote(edge)
                rows.append([name, through, markup.math(partial), markup.math(rule.value(trace.edgeContributions[edge]!, .adjoints))])
            }
            rows.append([name, markup.bold("sum"), "", markup.bold(markup.math(rule.adjoint(step.node) + " = " + rule.value(step.result, .adjoints)))])
        }
        guard !rows.isEmpty else { return nil }
        return markup.heading("Fan-out: contributions and their sum")
            + markup.paragraph("A variable used in several places receives one contribution along each edge; its adjoint is their sum (the multivariate chain rule).")
            + markup.table(["Variable", "Through", "Local partial", "Contribution"], rows)
    }

    private func gradientCheck(_ rule: ChainRule) -> String {
        let small = NumberFormat(digits: 2)
        let rows = trace.gradientChecks.map { check in
            [markup.math(rule.adjoint(check.parameter)) + TraceReport.sampled(check, trace.graph), markup.math(rule.value(check.adjoint, .adjoints)), markup.math(rule.value(check.finiteDifference, .adjoints)),
             markup.math(small.format(check.maximumError, style: markup.style)), check.passed ? "agrees" : markup.bold("differs")]
        } + trace.directionalChecks.map { check in
            [markup.math(TraceReport.direction(check, rule)), markup.math(rule.value(Tensor(check.reverse), .adjoints)),
             markup.math(rule.value(Tensor(check.finiteDifference), .adjoints)), markup.math(small.format(check.error, style: markup.style)),
             check.passed ? "agrees" : markup.bold("differs")]
        }
        let difference = markup.formula(latex: "(\\mathcal{L}(\\theta + h) - \\mathcal{L}(\\theta - h)) / 2h", text: "(ℒ(θ + h) − ℒ(θ − h)) / 2h")
        let step = markup.formula(latex: "h = 10^{-6} \\max(1, \\vert\\theta\\vert)", text: "h = 10⁻⁶ max(1, |θ|)")
        return markup.heading("Gradient check")
            + markup.paragraph("Central differences " + difference + " with " + step + " beside reverse mode"
                               + (trace.byHand ? ", both in full precision (not rounded by hand)." : "."))
            + markup.table(["Gradient", "Reverse mode", "Central differences", "Largest difference", "Check"], rows)
    }

    /// The lesson's `show:` quantities, each with its definition and value.
    private func derived(_ rule: ChainRule) -> String? {
        guard !trace.derived.isEmpty else { return nil }
        let rows = trace.derived.map { [markup.math(rule.derivedLine($0))] }
        return markup.heading("Under the lesson's own names")
            + markup.paragraph(markup.text("Quantities the lesson's source writes with its own names and signs, from the numbers above."))
            + markup.table(["Quantity"], rows)
    }

    /// Forward mode, a section per variable.
    private func tangents(_ rule: ChainRule) -> [String] {
        trace.forwardModes.compactMap { mode in
            let steps = trace.steps(.tangent).filter { $0.variable == mode.variable }
            guard !steps.isEmpty else { return nil }
            let rows = steps.enumerated().map { number, step in ["\(number + 1)", markup.math(rule.tangentLine(step))] }
            return markup.heading("Forward mode (tangents with respect to \(markup.math(rule.typesetName(mode.variable))))")
                + markup.table(["Step", "Tangent"], rows)
        }
    }

    private func descent(_ rule: ChainRule) -> String? {
        guard trace.learningRate != nil, !trace.descent.isEmpty else { return nil }
        let updates = trace.steps(.update).map { step in
            ["\(step.update!.iteration)", markup.math(rule.updateLine(step))]
        }
        let parameters = graph.parameters
        let rows = trace.descent.map { row in
            ["\(row.iteration)", markup.math(rule.value(Tensor(row.loss)))] + row.parameters.map { markup.math(rule.value($0, row.iteration == 0 ? .values : .updates)) }
        }
        return markup.heading("Gradient descent (" + markup.math(rule.learningRates) + ")")
            + markup.paragraph("Every gradient is computed first; only then is any parameter updated.")
            + markup.table(["Iteration", "Update"], updates) + "\n\n"
            + markup.table(["Iteration", markup.math(rule.typesetName(trace.graph.loss))] + parameters.map { markup.math(rule.typesetName($0.id)) }, rows)
    }

    /// With `compare_stale`: the loss after each iteration done right and done with the
    /// update-order erratum, and the weight the erratum uses too early.
    private func staleComparison(_ rule: ChainRule) -> String? {
        guard !trace.staleDescent.isEmpty else { return nil }
        let loss = markup.math(rule.typesetName(trace.graph.loss))
        let rows = zip(trace.descent, trace.staleDescent).map { right, stale in
            ["\(right.iteration)", markup.math(rule.value(Tensor(right.loss))), markup.math(rule.value(Tensor(stale.loss))),
             markup.math(rule.value(Tensor(stale.loss - right.loss)))]
        }
        var text = markup.text("The erratum updates the parameters from the output back and takes each later gradient through the weights "
            + "already updated, with the activations of the old forward pass.")
        if let early = trace.usedTooEarly {
            let index = graph.parameters.firstIndex { $0.id == early.weight }!
            let weight = rule.typesetName(early.weight)
            text += markup.text(" So ") + markup.math(rule.adjoint(early.parameter)) + markup.text(" is taken through ")
                + markup.math(weight + " = " + rule.value(trace.staleDescent[1].parameters[index], .updates)) + markup.text(", where the old ")
                + markup.math(weight + " = " + rule.value(trace.descent[0].parameters[index])) + markup.text(" belongs.")
        }
        return markup.heading("Update order: all gradients first, against the stale-weight erratum")
            + markup.paragraph(text)
            + markup.table(["Iteration", loss + " (all gradients first)", loss + " (stale weights)", "Difference"], rows)
    }
}
