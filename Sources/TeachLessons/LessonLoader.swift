import Foundation
import TeachCore
import Yams

/// Reads a lesson file and turns it into a validated `Lesson`, or a located `Diagnostic`.
///
/// ```yaml
/// title: L2-regularised regression
/// inputs: {x: 1.5, t: 1, lambda: 0.1}
/// parameters: {w: 0.8, b: -0.3}
/// equations:
///   - z = w*x + b
///   - y = sigmoid(z)
/// loss: L
/// ```
public struct LessonLoader {
    public let limits: LessonLimits

    public init(limits: LessonLimits = .standard) { self.limits = limits }

    /// Loads `path`; the lesson id is the file name without its extension.
    public func load(path: String) throws(Diagnostic) -> (lesson: Lesson, source: String) {
        let bytes = try InputFile.read(path, what: "lesson file", limit: limits.bytes)
        return try load(bytes: bytes, file: path, id: Self.id(ofFile: path))
    }

    /// The id of the lesson in file `path`: its name without the extension (`l2reg`).
    public static func id(ofFile path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    public func load(bytes: [UInt8], file: String, id: String) throws(Diagnostic) -> (lesson: Lesson, source: String) {
        let reader = YAMLReader(file: file, limits: limits)
        let (source, root) = try reader.compose(bytes)
        let digest = Digest.sha256(bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
        return (try lesson(root, id: id, digest: digest, reader: reader), source)
    }

    private func lesson(_ root: Node, id: String, digest: String, reader: YAMLReader) throws(Diagnostic) -> Lesson {
        guard (1...64).contains(id.utf8.count), id.utf8.allSatisfy({ Self.isNameByte($0) || $0 == UInt8(ascii: "-") }) else {
            throw Diagnostic(file: reader.file, location: nil,
                             message: "the lesson's file name '\(id)' must be 1–64 letters, digits, '-' or '_' (it names the output folder)")
        }
        let entries = try reader.entries(root, what: "a lesson")
        try reader.check(entries, against: LessonFormat.lesson)
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        func required(_ key: String, _ example: String) throws(Diagnostic) -> Node {
            guard let node = value(key) else {
                throw Diagnostic(file: reader.file, location: SourceLocation(line: 1, column: 1), message: "the lesson has no '\(key)'; add e.g. \(example)")
            }
            return node
        }

        /// Text shown on slides and sheets, bounded so no line outgrows TeX's buffer or a page.
        func text(_ node: Node, _ what: String, limit: Int) throws(Diagnostic) -> String {
            let text = try reader.string(node, what: what)
            guard text.count <= limit else { throw reader.fail("the \(what) is \(text.count) characters long; at most \(limit)", node) }
            return text
        }
        let format = LessonFormat.lesson
        let title = try text(try required("title", "'title: L2-regularised regression'"), "title", limit: format.maxLength("title"))
        let citation = try value("source").map { node throws(Diagnostic) in try text(node, "source", limit: format.maxLength("source")) }
        let summary = try value("description").map { node throws(Diagnostic) in
            try text(node, "description", limit: format.maxLength("description"))
        }

        var declarations: [GraphBuilder.Declaration] = []
        for (key, kind) in [("inputs", Graph.Node.Kind.input), ("parameters", .parameter)] {
            guard let node = value(key) else { continue }
            for entry in try reader.entries(node, what: key) {
                try checkName(entry.key, entry.keyNode, reader)
                declarations.append(.init(name: entry.key, kind: kind, value: try reader.tensor(entry.value, what: "'\(entry.key)'"),
                                          location: location(entry.keyNode)))
            }
        }

        let expandAll = try value("expand").map { node throws(Diagnostic) in try reader.bool(node, what: "expand") } ?? false
        let equationsNode = try required("equations", "'equations: [z = w*x + b]'")
        guard case .sequence(let items) = equationsNode, !items.isEmpty else {
            throw reader.fail("equations must be a list, one '- name = expression' line per equation", equationsNode)
        }
        var parsed: [(equation: GraphBuilder.Equation, split: Split)] = []
        for item in items {
            let equation = try equation(item, expandAll: expandAll, reader: reader)
            let references = equation.equation.definition.variableOccurrences.count
            guard references <= limits.referencesPerEquation else {
                throw reader.fail("the equation references variables \(references) times, over the limit of \(limits.referencesPerEquation); "
                                  + "split it into several equations", item)
            }
            parsed.append(equation)
        }
        let stepNames = parsed.flatMap { _, split -> [String] in if case .steps(let steps) = split { steps.map(\.name) } else { [] } }
        var expander = Expander(taken: Set(declarations.map(\.name) + parsed.map(\.equation.name) + stepNames))
        var equations: [GraphBuilder.Equation] = []
        for (equation, split) in parsed {
            switch split {
            case .none: equations.append(equation)
            case .everyOperation: equations += expander.expand(equation)
            case .steps(let steps):
                do {
                    equations += try Expander.split(equation, at: steps)
                } catch {
                    throw Diagnostic(file: reader.file, location: error.step.location,
                                     message: "the step '\(error.step.name)' is not part of \(equation.name)'s equation once the steps before it are named; "
                                        + "write it with the same operations in the same order as the equation")
                }
            }
        }

        let lossNode = try required("loss", "'loss: L'")
        let loss = try reader.string(lossNode, what: "loss")
        let graph: Graph
        do {
            graph = try GraphBuilder().build(declarations: declarations, equations: equations, loss: loss,
                                             lossLocation: location(lossNode))
        } catch {
            throw Diagnostic(file: reader.file, error)
        }

        var options = Tracer.Options()
        try display(value("display"), into: &options, reader: reader)
        if let node = value("forward_mode") {
            // One name, or a list of them: one forward pass (one tangent column) each.
            let items: [Node]
            if case .sequence(let list) = node { items = Array(list) } else { items = [node] }
            guard !items.isEmpty else { throw reader.fail("forward_mode names an input or parameter, or a list of them", node) }
            for item in items {
                let name = try reader.string(item, what: "forward_mode")
                guard let variable = graph.node(named: name), variable.kind != .equation else {
                    throw reader.fail("forward_mode names an input or parameter to differentiate by, and '\(name)' is not one", item)
                }
                guard variable.shape.isScalar else { throw reader.fail("forward mode needs a scalar; '\(name)' is a \(variable.shape)", item) }
                guard !options.tangentVariables.contains(name) else { throw reader.fail("'\(name)' is listed twice in forward_mode", item) }
                options.tangentVariables.append(name)
            }
        }
        if let node = value("differentiate_inputs") {
            guard case .sequence(let names) = node else { throw reader.fail("differentiate_inputs must be a list of input names", node) }
            for item in names {
                let name = try reader.string(item, what: "an input name")
                guard graph.node(named: name)?.kind == .input else { throw reader.fail("'\(name)' is not an input", item) }
                options.differentiatedInputs.append(name)
            }
        }
        if let node = value("backward_order") { options.backwardOrder = try reader.choice(node, what: "backward_order") }
        if let node = value("descent") {
            let fields = try reader.entries(node, what: "descent")
            let descent = LessonFormat.descent
            var rates: (key: String, keyNode: Node, value: Node)?
            try reader.check(fields, against: descent)
            for field in fields {
                switch field.key {
                case "learning_rate": options.learningRate = try reader.number(field.value, what: "learning_rate")
                case "steps": options.descentSteps = try reader.integer(field.value, what: "steps", range: descent.integerRange("steps"))
                case "learning_rates": rates = field
                case "compare_stale": options.comparesStaleWeights = try reader.bool(field.value, what: "compare_stale")
                default: options.descentParameters = try descending(field.value, graph: graph, reader: reader)
                }
            }
            guard options.learningRate != nil else { throw reader.fail("descent needs a learning_rate", node) }
            if let rates { options.learningRates = try learningRates(rates.value, graph: graph, options: options, reader: reader) }
            if options.descentSteps == 0 { options.descentSteps = 1 }
        }

        if let node = value("show") { options.derived = try derivedQuantities(node, graph: graph, options: options, reader: reader) }

        try WorkEstimate.check(graph, options: options, limits: limits, file: reader.file)

        let notation = try self.notation(value("notation"), graph: graph, reader: reader)
        let exercises = try value("exercises").map { node throws(Diagnostic) in
            try ExerciseReader(reader: reader, graph: graph, options: options).exercises(node)
        }
        let layout: SlideLayout = try value("layout").map { node throws(Diagnostic) in try reader.choice(node, what: "layout") } ?? .auto
        let slides = try value("slides").map { node throws(Diagnostic) in try self.slides(node, reader: reader) } ?? SlidePlan()
        return Lesson(id: id, file: reader.file, title: title, citation: citation, summary: summary, graph: graph,
                      notation: notation, options: options, exercises: exercises, layout: layout, slides: slides, digest: digest)
    }

    /// An error at `node` unless `name` is one of the lesson's parameters.
    private func requireParameter(_ name: String, graph: Graph, at node: Node, reader: YAMLReader) throws(Diagnostic) {
        guard graph.node(named: name)?.kind != .parameter else { return }
        let hint = Suggestion.hint(for: name, in: graph.parameters.map(\.name))
        throw reader.fail("'\(name)' is not a parameter of this lesson\(hint)", node)
    }

    /// `learning_rates: {b: 0.1}` of `descent:`: a step size for each named parameter that descends.
    private func learningRates(_ node: Node, graph: Graph, options: Tracer.Options, reader: YAMLReader) throws(Diagnostic) -> [String: Double] {
        var rates: [String: Double] = [:]
        for entry in try reader.entries(node, what: "descent.learning_rates") {
            try requireParameter(entry.key, graph: graph, at: entry.keyNode, reader: reader)
            guard options.descends(entry.key) else {
                throw reader.fail("'\(entry.key)' is held fixed (it is not in descent's parameters), so it takes no learning rate", entry.keyNode)
            }
            rates[entry.key] = try reader.number(entry.value, what: "a learning rate")
        }
        return rates
    }

    /// `parameters: [w1, w2]` of `descent:`: parameters of the lesson, each once.
    private func descending(_ node: Node, graph: Graph, reader: YAMLReader) throws(Diagnostic) -> [String] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw reader.fail("descent's parameters must be a list of the parameters that descend, e.g. [w1, w2]", node)
        }
        var names: [String] = []
        for item in items {
            let name = try reader.string(item, what: "a parameter's name")
            try requireParameter(name, graph: graph, at: item, reader: reader)
            guard !names.contains(name) else { throw reader.fail("'\(name)' is listed twice", item) }
            names.append(name)
        }
        return names
    }

    private func location(_ node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
    }

    /// `[A-Za-z][A-Za-z0-9_]{0,63}`, checked byte by byte (a regular expression per name cost
    /// a tenth of loading a 100,000-node lesson; the one on the lesson id, 3% of a small render).
    static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, isLetter(first), bytes.count <= 64 else { return false }
        return bytes.allSatisfy(isNameByte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    /// A letter, a digit or `_`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private func checkName(_ name: String, _ node: Node, _ reader: YAMLReader) throws(Diagnostic) {
        guard Self.isValidName(name) else {
            throw reader.fail("'\(name)' is not a valid name: start with a letter, then letters, digits or '_' (at most 64)", node)
        }
        guard Function.callable(named: name) == nil else {
            throw reader.fail("'\(name)' is a function's name; choose another", node)
        }
    }

    /// `show: {Err6: -adjoint(I6)}`: quantities under the lesson's own names, each defined over
    /// node values and `adjoint(name)` of nodes that have one.
    /// `slides: {steps: 'forward,backward', descent: each}`.
    private func slides(_ node: Node, reader: YAMLReader) throws(Diagnostic) -> SlidePlan {
        let fields = try reader.entries(node, what: "slides")
        try reader.check(fields, against: LessonFormat.slides)
        var plan = SlidePlan()
        for field in fields {
            switch field.key {
            case "steps":
                switch StepSelection.parse(try reader.string(field.value, what: "steps")) {
                case .success(let steps) where !steps.isAuto: plan.steps = steps
                case .success: throw reader.fail("steps is all, none, or step numbers, ranges and phases like 1-20,backward", field.value)
                case .failure(let error): throw reader.fail(error.message, field.value)
                }
            default: plan.descent = try reader.choice(field.value, what: "descent")
            }
        }
        return plan
    }

    private func derivedQuantities(_ node: Node, graph: Graph, options: Tracer.Options, reader: YAMLReader) throws(Diagnostic) -> [DerivedQuantity] {
        let differentiated = Set(graph.backwardOrder(differentiating: options.differentiatedInputs).map { graph.nodes[$0].name })
        var quantities: [DerivedQuantity] = []
        for entry in try reader.entries(node, what: "show") {
            try checkName(entry.key, entry.keyNode, reader)
            guard graph.node(named: entry.key) == nil else {
                throw reader.fail("'\(entry.key)' is already a name in this lesson; a shown quantity takes a name of its own", entry.keyNode)
            }
            let text = try reader.string(entry.value, what: "'\(entry.key)'")
            var parser = ExpressionParser(text) { reader.locate(entry.value, offset: $0) }
            parser.readsAdjoints = true
            let definition: Expr
            do {
                definition = try parser.parseAlone()
            } catch {
                throw Diagnostic(file: reader.file, location: reader.locate(entry.value, offset: error.offset), message: error.message)
            }
            let quantity = DerivedQuantity(name: entry.key, definition: definition, location: location(entry.keyNode))
            guard !quantity.references.isEmpty else {
                throw reader.fail("'\(entry.key)' reads no value and no adjoint; a shown quantity is computed from the lesson's numbers", entry.value)
            }
            for (name, adjoint, at) in quantity.references {
                guard graph.node(named: name) != nil else {
                    throw Diagnostic(file: reader.file, location: at,
                                     message: "'\(name)' is not a name in this lesson\(Suggestion.hint(for: name, in: graph.nodes.map(\.name)))")
                }
                guard !adjoint || differentiated.contains(name) else {
                    throw Diagnostic(file: reader.file, location: at,
                                     message: "'\(name)' gets no adjoint (an input, or not on a path to the loss); list inputs in differentiate_inputs")
                }
            }
            do {
                quantities.append(DerivedQuantity(name: entry.key, definition: try graph.checker.annotate(definition), location: quantity.location))
            } catch {
                throw Diagnostic(file: reader.file, location: error.location, message: error.message)
            }
        }
        return quantities
    }

    /// How an equation is split into nodes: not at all, at every operation (`expand: true`),
    /// or at the lesson's own steps (`steps: [xi1 = -W*X, …]`).
    private enum Split {
        case none, everyOperation
        case steps([GraphBuilder.Equation])
    }

    /// One `- name = expression` item, or `- {equation: ..., expand: true}`, or
    /// `- {equation: ..., steps: [...]}`.
    private func equation(_ item: Node, expandAll: Bool, reader: YAMLReader) throws(Diagnostic) -> (equation: GraphBuilder.Equation, split: Split) {
        var textNode = item
        var split: Split = expandAll ? .everyOperation : .none
        if case .mapping = item {
            let fields = try reader.entries(item, what: "an equation")
            try reader.check(fields, against: LessonFormat.equation)
            guard let text = fields.first(where: { $0.key == "equation" }) else { throw reader.fail("an equation item needs 'equation: name = expression'", item) }
            textNode = text.value
            if let flag = fields.first(where: { $0.key == "expand" }) { split = try reader.bool(flag.value, what: "expand") ? .everyOperation : .none }
            if let list = fields.first(where: { $0.key == "steps" }) {
                guard case .sequence(let items) = list.value, !items.isEmpty else {
                    throw reader.fail("steps is a list of equations, '- xi1 = -W*X', in the order they are computed", list.value)
                }
                var steps: [GraphBuilder.Equation] = []
                for step in items { steps.append(try parsedEquation(step, reader: reader)) }
                split = .steps(steps)
            }
        }
        return (try parsedEquation(textNode, reader: reader), split)
    }

    /// `name = expression` in a YAML string, located in the file.
    private func parsedEquation(_ textNode: Node, reader: YAMLReader) throws(Diagnostic) -> GraphBuilder.Equation {
        let text = try reader.string(textNode, what: "an equation")
        var parser = ExpressionParser(text) { reader.locate(textNode, offset: $0) }
        let parsed: (name: String, offset: Int, definition: Expr)
        do {
            parsed = try parser.parseEquation()
        } catch {
            throw Diagnostic(file: reader.file, location: reader.locate(textNode, offset: error.offset), message: error.message)
        }
        try checkName(parsed.name, textNode, reader)
        return GraphBuilder.Equation(name: parsed.name, definition: parsed.definition, location: reader.locate(textNode, offset: parsed.offset))
    }

    private func display(_ node: Node?, into options: inout Tracer.Options, reader: YAMLReader) throws(Diagnostic) {
        guard let node else { return }
        let fields = try reader.entries(node, what: "display")
        let display = LessonFormat.display
        try reader.check(fields, against: display)
        for field in fields {
            switch field.key {
            case "by_hand": options.byHand = try reader.bool(field.value, what: "by_hand")
            case "digits", "decimals": options.format = try precision(field, in: display, reader: reader)
            default:
                let shown = Shown(rawValue: field.key)!
                let record = LessonFormat.precision(shown)
                let entries = try reader.entries(field.value, what: record.what)
                try reader.check(entries, against: record)
                for entry in entries { options.precisions[shown] = try precision(entry, in: record, reader: reader) }
            }
        }
    }

    /// `digits: N` or `decimals: N` as a number format.
    private func precision(_ field: (key: String, keyNode: Node, value: Node), in record: FormatRecord,
                           reader: YAMLReader) throws(Diagnostic) -> NumberFormat {
        let count = try reader.integer(field.value, what: field.key, range: record.integerRange(field.key))
        return field.key == "digits" ? NumberFormat(digits: count) : NumberFormat(decimals: count)
    }

    /// `name: '\LaTeX'` or `name: {latex: '\LaTeX', text: 'plain'}`.
    private func notation(_ node: Node?, graph: Graph, reader: YAMLReader) throws(Diagnostic) -> Notation {
        var notation = Notation()
        guard let node else { return notation }
        for entry in try reader.entries(node, what: "notation") {
            guard graph.node(named: entry.key) != nil else {
                let hint = Suggestion.hint(for: entry.key, in: graph.nodes.map(\.name))
                throw reader.fail("notation for '\(entry.key)', which is not a name in this lesson\(hint)", entry.keyNode)
            }
            if case .scalar = entry.value {
                notation.latex[entry.key] = try latex(entry.value, reader: reader)
                continue
            }
            let fields = try reader.entries(entry.value, what: "notation for '\(entry.key)'")
            try reader.check(fields, against: LessonFormat.notation)
            for field in fields {
                if field.key == "latex" { notation.latex[entry.key] = try latex(field.value, reader: reader) }
                else { notation.text[entry.key] = try reader.string(field.value, what: field.key) }
            }
        }
        // A name given only LaTeX shows the same symbols in plain text where that can be done.
        for (name, latex) in notation.latex where notation.text[name] == nil {
            if let text = NotationText.text(latex: latex) { notation.text[name] = text }
        }
        return notation
    }

    /// A notation's LaTeX, checked (`NotationLaTeX`): an unknown command or an unbalanced brace
    /// is an error at its column.
    private func latex(_ node: Node, reader: YAMLReader) throws(Diagnostic) -> String {
        let latex = try reader.string(node, what: "notation")
        if let problem = NotationLaTeX.firstProblem(in: latex) {
            throw Diagnostic(file: reader.file, location: reader.locate(node, offset: problem.offset), message: problem.message)
        }
        return latex
    }
}
