import TeachCore
import TeachLessons

/// `trace.json`, the contract other tools read.
public struct TraceDocument: Document {
    public static let name = "trace"
    public static let summary = "trace.json: every step as data"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        try write(OutputFile(path: "trace.json", text: TraceReport(lesson: context.lesson, trace: context.trace).json().serialized()))
    }
}

/// `teach trace` output: every step in lecture order as readable text, or the JSON contract.
public struct TraceReport {
    public let lesson: Lesson
    public let trace: Trace

    public init(lesson: Lesson, trace: Trace) {
        self.lesson = lesson
        self.trace = trace
    }

    private var rule: ChainRule { ChainRule(trace: trace, typesetter: lesson.typesetter(.text)) }

    public func text() -> String {
        let rule = self.rule
        var out = ["\(lesson.title)  (\(lesson.file))"]
        if trace.byHand { out.append(Self.byHandPolicy(trace)) }
        // Forward mode gets a section per variable.
        let forwardModes = trace.forwardModes.map { mode in
            ("Forward mode (tangents with respect to \(rule.typesetName(mode.variable)))",
             trace.steps(.tangent).filter { $0.variable == mode.variable })
        }
        let sections = [("Forward", trace.steps(.forward)), ("Backward", trace.steps(.backward))] + forwardModes
            + [("Gradient descent", trace.steps(.update))]
        for (heading, steps) in sections {
            guard let phase = steps.first?.phase else { continue }
            out.append("")
            out.append(heading)
            for (number, step) in steps.enumerated() {
                let line: String
                switch phase {
                case .forward: line = rule.forwardLine(step)
                case .backward: line = rule.backwardLine(step)
                case .tangent: line = rule.tangentLine(step)
                case .update: line = "[\(step.update!.iteration)] " + rule.updateLine(step)
                }
                out.append(Self.numbered(number + 1) + line)
                if phase == .backward, let partials = partialsLine(step, rule) { out.append("     where " + partials) }
            }
        }
        if !trace.derived.isEmpty {
            out.append("")
            out.append("Shown under the lesson's own names")
            for derived in trace.derived { out.append("  " + rule.derivedLine(derived)) }
        }
        out.append("")
        let parameterCount = trace.graph.parameters.count, elementCount = trace.graph.parameters.map(\.shape.count).reduce(0, +)
        let checkedCount = trace.gradientChecks.map { $0.elements?.count ?? trace.graph.nodes[$0.parameter].shape.count }.reduce(0, +)
        out.append("Gradient check (central differences, h = 1e−6·max(1, |θ|)\(trace.byHand ? ", in full precision" : ""))"
                   + (checkedCount < elementCount ? ": \(checkedCount) of the \(elementCount) elements of \(parameterCount) parameters, evenly spaced, "
                      + "and \(trace.directionalChecks.count) random directions d through all of them (h = 1e−6·max(1, max |θ|))" : ""))
        for check in trace.gradientChecks {
            let name = rule.typesetName(check.parameter)
            out.append("  \(rule.adjoint(check.parameter))\(Self.sampled(check, trace.graph)): reverse mode \(rule.value(check.adjoint, .adjoints)), finite differences \(rule.value(check.finiteDifference, .adjoints)), "
                       + "largest difference \(String(format: "%.1e", check.maximumError)): \(check.passed ? "ok" : "MISMATCH") (\(name))")
        }
        for check in trace.directionalChecks {
            out.append("  \(Self.direction(check, rule)): reverse mode \(rule.value(Tensor(check.reverse), .adjoints)), finite differences \(rule.value(Tensor(check.finiteDifference), .adjoints)), "
                       + "difference \(String(format: "%.1e", check.error)): \(check.passed ? "ok" : "MISMATCH")")
        }
        if !trace.descent.isEmpty {
            out.append("")
            out.append("Descent (\(rule.learningRates))")
            for row in trace.descent {
                let parameters = zip(trace.graph.parameters, row.parameters).map { "\(rule.typesetName($0.id)) = \(rule.value($1, row.iteration == 0 ? .values : .updates))" }
                out.append("  iteration \(row.iteration): \(rule.typesetName(trace.graph.loss)) = \(rule.value(Tensor(row.loss))); "
                           + parameters.joined(separator: ", "))
            }
        }
        if !trace.staleDescent.isEmpty {
            out.append("")
            out.append("Stale-weight erratum (from the output back, earlier gradients through weights already updated, old activations)")
            for (right, stale) in zip(trace.descent, trace.staleDescent) {
                out.append("  iteration \(right.iteration): \(rule.typesetName(trace.graph.loss)) = \(rule.value(Tensor(right.loss))) all gradients first, "
                           + "\(rule.value(Tensor(stale.loss))) with stale weights")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `  7  `: a step's number right-aligned in three columns, as `%3d` prints it, and two spaces.
    private static func numbered(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: " ", count: max(0, 3 - digits.count)) + digits + "  "
    }

    /// `∂z/∂w = x, ∂R/∂w = w` for the compact partials of a backward step.
    private func partialsLine(_ step: Trace.Step, _ rule: ChainRule) -> String? {
        let parts = step.terms.compactMap { term -> String? in
            guard case .partial(let p) = term.partial else { return nil }
            return rule.derivative(term.consumer, by: step.node)
                + " = " + rule.typesetter.render(p) + Self.summed(term, of: step.node, in: trace.graph, name: rule.typesetter.name)
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The version of the trace contract `json()` writes, its first key; each change is listed
    /// in the README. 2: `version` itself, and `iterations`.
    public static let jsonVersion = 2

    /// The trace contract (documented in the README).
    public func json() -> JSONValue {
        let graph = trace.graph
        let text = lesson.typesetter(.text), latex = lesson.typesetter(.latex)
        func optionalTensor(_ t: Tensor?) -> JSONValue { t.map(JSONValue.tensor) ?? .null }
        func partialJSON(_ partial: SymbolicPartial, value: Tensor?) -> JSONValue {
            let form: String
            switch partial { case .partial: form = "partial"; case .vectorJacobianProduct: form = "vjp" }
            return .object([("form", .string(form)), ("text", .string(text.render(partial.expression))),
                            ("latex", .string(latex.render(partial.expression))), ("value", optionalTensor(value))])
        }
        let nodes: [JSONValue] = graph.nodes.map { node in
            var fields: [(String, JSONValue)] = [
                ("id", .string(node.name)), ("kind", .string(node.kind.rawValue)),
                ("shape", .array(node.shape.dimensions.map { .integer($0) })),
                ("text", .string(text.name(node.name))), ("latex", .string(latex.name(node.name))),
            ]
            if let definition = node.definition {
                fields.append(("equation", .string(text.render(definition))))
                fields.append(("equation_latex", .string(latex.render(definition))))
            }
            fields.append(("value", .tensor(trace.values[node.id])))
            fields.append(("adjoint", optionalTensor(trace.adjoints[node.id])))
            // One forward-mode variable: `tangent`; several: `tangents`, by variable.
            if let mode = trace.forwardModes.first, trace.forwardModes.count == 1 { fields.append(("tangent", optionalTensor(mode.tangents[node.id]))) }
            if trace.forwardModes.count > 1 {
                fields.append(("tangents", .object(trace.forwardModes.map { (graph.nodes[$0.variable].name, optionalTensor($0.tangents[node.id])) })))
            }
            return .object(fields)
        }
        let edges: [JSONValue] = graph.edges.map { edge in
            // Where the variable appears more than once in the equation, which of its references
            // this is (as the captions and tables number them); `occurrence` counts every reference.
            let reference = graph.reference(edge.id)
            let numbered: [(String, JSONValue)] = reference.count > 1 ? [("reference", .integer(reference.number))] : []
            return .object([("from", .string(graph.nodes[edge.from].name)), ("to", .string(graph.nodes[edge.to].name)),
                     ("occurrence", .integer(edge.occurrence + 1))] + numbered + [
                     ("partial", partialJSON(trace.edgePartials[edge.id], value: trace.edgePartialValues[edge.id])),
                     ("contribution", optionalTensor(trace.edgeContributions[edge.id]))])
        }
        let steps: [JSONValue] = trace.steps.map { step in
            var fields: [(String, JSONValue)] = [("index", .integer(step.index + 1)), ("phase", .string(step.phase.rawValue)),
                                                 ("node", .string(graph.nodes[step.node].name))]
            switch step.phase {
            case .forward:
                fields.append(("equation", .string(text.render(graph.nodes[step.node].definition!))))
                fields.append(("operands", .array(uniqueOperands(step.node).map { .object([("id", .string(graph.nodes[$0].name)), ("value", .tensor(trace.values[$0]))]) })))
                fields.append(("value", .tensor(step.result)))
            case .backward:
                fields.append(("terms", .array(step.terms.map { term in
                    .object([("consumer", .string(graph.nodes[term.consumer].name)),
                             ("edges", .array(term.edges.map { .integer(graph.edges[$0].occurrence + 1) })),
                             ("consumer_adjoint", optionalTensor(trace.adjoints[term.consumer])),
                             ("partial", partialJSON(term.partial, value: term.partialValue)),
                             ("contribution", .tensor(term.contribution))])
                })))
                fields.append(("adjoint", .tensor(step.result)))
            case .tangent:
                fields.append(("with_respect_to", .string(graph.nodes[step.variable!].name)))
                fields.append(("terms", .array(step.tangentTerms.map { term in
                    .object([("operand", .string(graph.nodes[term.operand].name)),
                             ("partial", partialJSON(term.partial, value: term.partialValue)),
                             ("operand_tangent", .tensor(term.operandTangent)), ("contribution", .tensor(term.contribution))])
                })))
                fields.append(("tangent", .tensor(step.result)))
            case .update:
                let update = step.update!
                fields.append(("iteration", .integer(update.iteration)))
                fields.append(("learning_rate", .number(update.learningRate)))
                fields.append(("old", .tensor(update.old)))
                fields.append(("gradient", .tensor(update.gradient)))
                fields.append(("value", .tensor(step.result)))
            }
            return .object(fields)
        }
        let checks: [JSONValue] = trace.gradientChecks.map { check in
            // Where only some elements were checked, which (1-based, row-major) and their values.
            let elements: [(String, JSONValue)] = check.elements.map { [("elements", .array($0.map { .integer($0 + 1) }))] } ?? []
            return .object([("parameter", .string(graph.nodes[check.parameter].name))] + elements
                           + [("adjoint", .tensor(check.adjoint)), ("finite_difference", .tensor(check.finiteDifference)),
                              ("max_error", .number(check.maximumError)), ("passed", .bool(check.passed))])
        }
        var root: [(String, JSONValue)] = [
            ("version", .integer(Self.jsonVersion)), ("lesson", .string(lesson.id)), ("title", .string(lesson.title)), ("loss", .string(trace.loss.name)),
            trace.format.decimals.map { ("decimals", .integer($0)) } ?? ("digits", .integer(trace.format.digits)), ("by_hand", .bool(trace.byHand)),
            ("nodes", .array(nodes)), ("edges", .array(edges)), ("steps", .array(steps)), ("gradient_check", .array(checks)),
        ]
        if !trace.directionalChecks.isEmpty {
            // Along random directions d through every parameter element (`seed` of SplitMix64).
            root.append(("directional_check", .array(trace.directionalChecks.map { check in
                .object([("seed", .integer(Int(check.seed))), ("reverse", .number(check.reverse)),
                         ("finite_difference", .number(check.finiteDifference)), ("passed", .bool(check.passed))])
            })))
        }
        func rows(_ descent: [Trace.DescentRow]) -> JSONValue {
            .array(descent.map { row in
                .object([("iteration", .integer(row.iteration)), ("loss", .number(row.loss)),
                         ("parameters", .object(zip(graph.parameters, row.parameters).map { ($0.name, .tensor($1)) }))])
            })
        }
        if !trace.descent.isEmpty {
            root.append(("descent", rows(trace.descent)))
            // The numbers each iteration's updates read: its pass's values, adjoints and edges.
            root.append(("iterations", .array(trace.passes.enumerated().map { index, pass in
                var fields: [(String, JSONValue)] = [
                    ("iteration", .integer(index + 1)),
                    ("values", .object(graph.nodes.map { ($0.name, .tensor(pass.values[$0.id])) })),
                    ("adjoints", .object(graph.nodes.map { ($0.name, optionalTensor(pass.adjoints[$0.id])) })),
                    ("edges", .array(graph.edges.map { edge in
                        .object([("partial", optionalTensor(pass.edgePartialValues[edge.id])), ("contribution", optionalTensor(pass.edgeContributions[edge.id]))])
                    })),
                ]
                if !trace.derived.isEmpty {
                    fields.append(("shown", .object(zip(trace.derived, pass.derived).map { ($0.quantity.name, optionalTensor($1)) })))
                }
                return .object(fields)
            })))
        }
        if !trace.staleDescent.isEmpty { root.append(("stale_descent", rows(trace.staleDescent))) }
        if !trace.derived.isEmpty {
            // The lesson's `show:` quantities, under its own names and signs.
            root.append(("shown", .array(trace.derived.map { derived in
                .object([("name", .string(derived.quantity.name)), ("text", .string(text.name(derived.quantity.name))),
                         ("latex", .string(latex.name(derived.quantity.name))),
                         ("definition", .string(text.render(derived.quantity.definition))),
                         ("definition_latex", .string(latex.render(derived.quantity.definition))), ("value", .tensor(derived.value))])
            })))
        }
        return .object(root)
    }

    /// The operands of a node, each once, in reading order.
    private func uniqueOperands(_ node: Int) -> [Int] {
        var seen: [Int] = []
        for edge in trace.graph.nodes[node].incoming where !seen.contains(trace.graph.edges[edge].from) {
            seen.append(trace.graph.edges[edge].from)
        }
        return seen
    }

    /// What `by_hand` rounds, said once for every document that states it.
    static func byHandPolicy(_ trace: Trace) -> String {
        "By hand: every number shown is rounded to \(trace.precision) before it is used: each value, each local partial, "
            + "each contribution (the shown adjoint times the shown partial), each adjoint, tangent and update. "
            + "The gradient check alone works in full precision, as finite differences must."
    }

    /// `, the sum over w's 3 references in m`: where a term merges several references to the
    /// variable in one equation (each is an edge of its own in the frames and the fan-out table).
    /// `name` writes a variable's name, `text` the words around it (each as its document needs).
    static func summed(_ term: Trace.Term, of variable: Int, in graph: Graph,
                       name: (String) -> String, text: (String) -> String = { $0 }) -> String {
        guard term.edges.count > 1 else { return "" }
        return text(", the sum over ") + name(graph.nodes[variable].name) + text("'s \(term.edges.count) references in ")
            + name(graph.nodes[term.consumer].name)
    }

    /// `∇L·d₁ (random direction 1)`: what a directional check compares.
    static func direction(_ check: Trace.DirectionalCheck, _ rule: ChainRule) -> String {
        "∇\(rule.typesetName(rule.trace.graph.loss))·\(rule.typesetter.name("d\(check.seed)")) (random direction \(check.seed))"
    }

    /// ` at 63 of 900 elements` for a check of some elements of a parameter, else nothing.
    static func sampled(_ check: Trace.GradientCheck, _ graph: Graph) -> String {
        check.elements.map { " at \($0.count) of \(graph.nodes[check.parameter].shape.count) elements" } ?? ""
    }
}
