import TeachCore
import Yams

/// Reads a lesson's `exercises:` section against its graph.
///
/// ```yaml
/// exercises:
///   tolerance: {rtol: 0.01, atol: 1e-6}   # or {sigfig: 3} or {decdig: 2}; the default
///   carried_forward: 0.5                  # the share of points for error carried forward
///   vary:                                 # per-student numbers (with --student)
///     x: {from: 0.5, to: 2.5, decimals: 1}
///   blanks:
///     - ask: contribution w via R
///       name: dLreg_dw_via_R              # the key in answers.yaml (default: from the ask)
///       points: 2
///       visibility: hidden                # visible, hidden, after_due_date, after_published
///       hints: ["R = ½w², so ∂R/∂w = w"]
///     - ask: column adjoint               # one blank per row of the backward table
/// ```
struct ExerciseReader {
    let reader: YAMLReader
    let graph: Graph
    let options: Tracer.Options

    func exercises(_ node: Node) throws(Diagnostic) -> Exercises {
        let fields = try reader.entries(node, what: "exercises")
        let format = LessonFormat.exercises
        try reader.check(fields, against: format)
        func field(_ key: String) -> Node? { fields.first { $0.key == key }?.value }

        let tolerance = try field("tolerance").map { node throws(Diagnostic) in try self.tolerance(node) } ?? .standard
        var carriedForward = 1.0
        if let node = field("carried_forward") {
            carriedForward = try reader.number(node, what: "carried_forward")
            guard format.numberRange("carried_forward").contains(carriedForward) else { throw reader.fail("carried_forward is a share of the points, from 0 to 1", node) }
        }
        let variations = try field("vary").map { node throws(Diagnostic) in try self.variations(node) } ?? []

        guard let blanksNode = field("blanks"), case .sequence(let items) = blanksNode, !items.isEmpty else {
            throw reader.fail("exercises need 'blanks:', a list of '- ask: adjoint w' items", field("blanks") ?? node)
        }
        var blanks: [Blank] = []
        for item in items { blanks += try self.blanks(item, tolerance: tolerance) }
        var seen: [String: Blank] = [:]
        for blank in blanks {
            if let first = seen[blank.name] {
                throw Diagnostic(file: reader.file, location: blank.location,
                                 message: "two blanks are named '\(blank.name)' (first at \(first.location?.description ?? "?")); give one a 'name:'")
            }
            seen[blank.name] = blank
        }
        return Exercises(blanks: blanks, carriedForward: carriedForward, variations: variations,
                         location: node.mark.map { SourceLocation(line: $0.line, column: $0.column) })
    }

    // MARK: Blanks

    private func blanks(_ item: Node, tolerance inherited: Tolerance) throws(Diagnostic) -> [Blank] {
        let fields: [(key: String, keyNode: Node, value: Node)]
        if case .scalar = item { fields = [("ask", item, item)] } else {
            fields = try reader.entries(item, what: "a blank")
            try reader.check(fields, against: LessonFormat.blank)
        }
        func field(_ key: String) -> Node? { fields.first { $0.key == key }?.value }
        guard let askNode = field("ask") else { throw reader.fail("a blank needs 'ask:', e.g. 'ask: adjoint w'", item) }
        let ask = try reader.string(askNode, what: "ask")
        let location = askNode.mark.map { SourceLocation(line: $0.line, column: $0.column) }

        let points = try field("points").map { node throws(Diagnostic) in try reader.number(node, what: "points") } ?? 1
        let pointRange = LessonFormat.blank.numberRange("points")
        guard pointRange.contains(points) else {
            throw reader.fail("points must be from \(Int(pointRange.lowerBound)) to \(Int(pointRange.upperBound))", field("points")!)
        }
        let tolerance = try field("tolerance").map { node throws(Diagnostic) in try self.tolerance(node) } ?? inherited
        var visibility = Visibility.visible
        if let node = field("visibility") { visibility = try reader.choice(node, what: "visibility") }
        var hints: [String] = []
        if let node = field("hint") { hints.append(try reader.string(node, what: "hint")) }
        if let node = field("hints") {
            guard case .sequence(let items) = node else { throw reader.fail("hints must be a list of texts", node) }
            for hint in items { hints.append(try reader.string(hint, what: "a hint")) }
        }
        let explicitName = try field("name").map { node throws(Diagnostic) in try self.name(node) }

        let words = ask.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.first == "column" {
            let rows = try column(words, askNode)
            let prefix = explicitName ?? rows.key
            return rows.quantities.map { quantity in
                Blank(name: prefix + "." + graph.nodes[quantity.node].name, quantity: quantity, points: points,
                      tolerance: tolerance, visibility: visibility, hints: hints, location: location)
            }
        }
        let quantity = try self.quantity(ask, askNode)
        return [Blank(name: explicitName ?? Self.defaultName(quantity, graph), quantity: quantity, points: points,
                      tolerance: tolerance, visibility: visibility, hints: hints, location: location)]
    }

    private func name(_ node: Node) throws(Diagnostic) -> String {
        let name = try reader.string(node, what: "name")
        guard LessonLoader.isValidName(name) else {
            throw reader.fail("a blank's name is a letter, then letters, digits or '_' (at most 64): it is a key in answers.yaml", node)
        }
        return name
    }

    /// `adjoint_w`, `contribution_w_via_R`, `partial_z_w`, `update_w_step2`, `adjoint_W_2_1`.
    static func defaultName(_ quantity: Quantity, _ graph: Graph) -> String {
        let node = graph.nodes[quantity.node].name
        var name: String
        switch quantity.kind {
        case .value: name = "value_\(node)"
        case .adjoint: name = "adjoint_\(node)"
        case .tangent(let variable): name = "tangent_\(node)" + (variable.map { "_wrt_" + graph.nodes[$0].name } ?? "")
        case .contribution(let consumer): name = "contribution_\(node)_via_\(graph.nodes[consumer].name)"
        case .partial(let operand): name = "partial_\(node)_\(graph.nodes[operand].name)"
        case .update(let iteration): name = iteration == 1 ? "update_\(node)" : "update_\(node)_step\(iteration)"
        case .valueAfter(let iteration): name = "value_\(node)_step\(iteration)"
        case .derived(_, let shown): name = "value_\(shown)"
        }
        if let element = quantity.element { name += "_" + element.map(String.init).joined(separator: "_") }
        return name
    }

    // MARK: Quantities

    /// `adjoint w`, `contribution w via R`, `partial z/w`, `update W[1, 2] step 2`, `loss step 2`, ...
    private func quantity(_ ask: String, _ node: Node) throws(Diagnostic) -> Quantity {
        let usage = "ask for 'value z', 'adjoint w', 'contribution w via R', 'partial z/w', 'tangent y', 'update w', 'loss step 2' or 'column adjoint'"
        let compact = ask.replacingOccurrences(of: ", ", with: ",")
        let words = compact.split(separator: " ").map(String.init)
        guard let verb = words.first, words.count >= 2 else { throw reader.fail("cannot read '\(ask)': \(usage)", node) }
        let kinds = ["value", "adjoint", "tangent", "contribution", "partial", "update", "loss"]
        if verb == "tangent", words.count == 4, words[2] == "wrt" {
            let (target, element) = try self.target(words[1], node)
            return try tangent(target, element, by: words[3], node)
        }
        guard kinds.contains(verb) else {
            let hint = Suggestion.hint(for: verb, in: kinds + ["column"])
            throw reader.fail("unknown quantity '\(verb)'\(hint); \(usage)", node)
        }
        switch verb {
        case "partial":
            let names = words[1].split(separator: "/").map(String.init)
            guard words.count == 2, names.count == 2 else { throw reader.fail("write a local partial as 'partial z/w' (∂z/∂w)", node) }
            let consumer = try self.node(names[0], node), operand = try self.node(names[1], node)
            guard graph.consumers(of: operand).contains(where: { $0.consumer == consumer }) else {
                throw reader.fail("'\(names[0])' is not computed from '\(names[1])', so ∂\(names[0])/∂\(names[1]) is not a local partial", node)
            }
            guard graph.nodes[consumer].shape.isScalar, graph.nodes[operand].shape.isScalar else {
                throw reader.fail("ask for local partials between scalars; for tensors ask for 'contribution \(names[1]) via \(names[0])'", node)
            }
            return Quantity(kind: .partial(operand: operand), node: consumer)
        case "contribution":
            guard words.count == 4, words[2] == "via" else { throw reader.fail("write one term of the chain rule as 'contribution w via R'", node) }
            let (target, element) = try self.target(words[1], node)
            let consumer = try self.node(words[3], node)
            try requireAdjoint(target, node)
            guard graph.consumers(of: target).contains(where: { $0.consumer == consumer }), graph.reachesLoss[consumer] else {
                throw reader.fail("'\(words[3])' does not use '\(graph.nodes[target].name)' on a path to the loss", node)
            }
            return Quantity(kind: .contribution(consumer: consumer), node: target, element: element)
        case "loss" where words.count == 3 && words[1] == "step", "value" where words.count == 4 && words[2] == "step":
            // The loss, or an equation's value, after some steps of gradient descent.
            guard let iteration = Int(words[words.count - 1]) else { throw reader.fail("write 'loss step 2' or 'value y step 2'", node) }
            let (target, element) = verb == "loss" ? (graph.loss, nil) : try self.target(words[1], node)
            guard graph.nodes[target].kind == .equation else {
                throw reader.fail("'\(graph.nodes[target].name)' is not computed by an equation; ask for 'update \(graph.nodes[target].name) step \(iteration)'", node)
            }
            guard options.learningRate != nil, (1...options.descentSteps).contains(iteration) else {
                throw reader.fail("the lesson's 'descent:' runs \(options.descentSteps) step(s); there is no step \(iteration)", node)
            }
            return Quantity(kind: .valueAfter(iteration: iteration), node: target, element: element)
        case "update":
            var iteration = 1
            if words.count == 4, words[2] == "step", let n = Int(words[3]) { iteration = n }
            else if words.count != 2 { throw reader.fail("write 'update w' or 'update w step 2'", node) }
            let (target, element) = try self.target(words[1], node)
            guard graph.nodes[target].kind == .parameter else { throw reader.fail("only parameters are updated; '\(graph.nodes[target].name)' is not one", node) }
            guard options.descends(graph.nodes[target].name) else {
                throw reader.fail("'\(graph.nodes[target].name)' is held fixed (it is not in descent's parameters), so it has no update", node)
            }
            guard options.learningRate != nil, (1...options.descentSteps).contains(iteration) else {
                throw reader.fail("the lesson's 'descent:' runs \(options.descentSteps) step(s); there is no update \(iteration)", node)
            }
            return Quantity(kind: .update(iteration: iteration), node: target, element: element)
        default:
            guard words.count == 2 else { throw reader.fail("cannot read '\(ask)': \(usage)", node) }
            if verb == "value", let (index, element) = try derivedTarget(words[1], node) {
                let quantity = options.derived[index]
                return Quantity(kind: .derived(index: index, name: quantity.name),
                                node: graph.id(named: quantity.references[0].node)!, element: element)
            }
            let (target, element) = try self.target(words[1], node)
            switch verb {
            case "value":
                // The sheet's Given table shows every input and parameter: its value would be its own answer.
                guard graph.nodes[target].kind == .equation else {
                    throw reader.fail("'\(graph.nodes[target].name)' is given on the worksheet, so its value is no exercise; "
                                      + "ask for a value an equation computes", node)
                }
                return Quantity(kind: .value, node: target, element: element)
            case "adjoint":
                try requireAdjoint(target, node)
                return Quantity(kind: .adjoint, node: target, element: element)
            default:
                return try tangent(target, element, by: nil, node)
            }
        }
    }

    /// `tangent y` (the lesson's one forward-mode variable) or `tangent y wrt x1`.
    private func tangent(_ target: Int, _ element: [Int]?, by name: String?, _ node: Node) throws(Diagnostic) -> Quantity {
        let variable = try forwardModeVariable(name, asking: "tangent " + graph.nodes[target].name, node)
        guard tangentNodes(variable).contains(target) else {
            throw reader.fail("'\(graph.nodes[target].name)' has no tangent: the lesson's forward_mode must name a variable it depends on", node)
        }
        return Quantity(kind: .tangent(variable: options.tangentVariables.count > 1 ? variable : nil), node: target, element: element)
    }

    /// The forward-mode variable `wrt` names; with one variable, `wrt` may be left out.
    private func forwardModeVariable(_ name: String?, asking ask: String, _ node: Node) throws(Diagnostic) -> Int? {
        let variables = options.tangentVariables
        guard let name else {
            guard variables.count <= 1 else {
                throw reader.fail("the lesson has forward mode by " + variables.joined(separator: ", ") + "; say which: '\(ask) wrt \(variables[0])'", node)
            }
            return variables.first.flatMap { graph.id(named: $0) }
        }
        guard variables.contains(name) else {
            throw reader.fail("'\(name)' is not a forward_mode variable of this lesson\(Suggestion.hint(for: name, in: variables))", node)
        }
        return graph.id(named: name)
    }

    /// `column value`, `column adjoint`, `column tangent` (`column tangent wrt x1` where forward
    /// mode has several variables): the rows of that table, in order, and the answers' key for them.
    private func column(_ words: [String], _ node: Node) throws(Diagnostic) -> (key: String, quantities: [Quantity]) {
        let usage = "write 'column value', 'column adjoint' or 'column tangent'"
        guard words.count == 2 || (words.count == 4 && words[1] == "tangent" && words[2] == "wrt") else { throw reader.fail(usage, node) }
        switch words[1] {
        case "value": return ("values", graph.equations.map { Quantity(kind: .value, node: $0.id) })
        case "adjoint": return ("adjoints", adjointNodes.map { Quantity(kind: .adjoint, node: $0) })
        case "tangent":
            guard !options.tangentVariables.isEmpty else { throw reader.fail("the lesson has no forward_mode, so no tangent column", node) }
            let variable = try forwardModeVariable(words.count == 4 ? words[3] : nil, asking: "column tangent", node)
            let several = options.tangentVariables.count > 1
            return (several ? "tangents_" + words[3] : "tangents",
                    tangentNodes(variable).map { Quantity(kind: .tangent(variable: several ? variable : nil), node: $0) })
        default: throw reader.fail("a column is 'value', 'adjoint' or 'tangent', not '\(words[1])'", node)
        }
    }

    /// The nodes of the backward table, in its order.
    private var adjointNodes: [Int] { graph.backwardOrder(differentiating: options.differentiatedInputs, order: options.backwardOrder) }

    private func requireAdjoint(_ node: Int, _ at: Node) throws(Diagnostic) {
        guard adjointNodes.contains(node) else {
            throw reader.fail("'\(graph.nodes[node].name)' gets no adjoint (an input, or not on a path to the loss); list inputs in differentiate_inputs", at)
        }
    }

    /// The equation nodes that depend on the forward-mode variable `variable`.
    private func tangentNodes(_ variable: Int?) -> [Int] {
        guard let variable else { return [] }
        let moves = graph.computed(from: [variable])
        return graph.equations.filter { moves[$0.id] }.map(\.id)
    }

    private func node(_ name: String, _ at: Node) throws(Diagnostic) -> Int {
        guard let node = graph.node(named: name) else {
            let hint = Suggestion.hint(for: name, in: graph.nodes.map(\.name))
            throw reader.fail("'\(name)' is not a name in this lesson\(hint)", at)
        }
        return node.id
    }

    /// `w` or `W[2,1]`: a node and an optional 1-based element within its shape.
    private func target(_ text: String, _ at: Node) throws(Diagnostic) -> (Int, [Int]?) {
        let (name, inside) = try Self.named(text, reader: reader, at)
        let id = try node(name, at)
        return (id, try element(inside, of: name, shape: graph.nodes[id].shape, text, at))
    }

    /// `Err6` or `Err6[2]`: one of the lesson's `show:` quantities, and an optional element.
    private func derivedTarget(_ text: String, _ at: Node) throws(Diagnostic) -> (index: Int, element: [Int]?)? {
        let (name, inside) = try Self.named(text, reader: reader, at)
        guard let index = options.derived.firstIndex(where: { $0.name == name }) else { return nil }
        return (index, try element(inside, of: name, shape: options.derived[index].definition.shape!, text, at))
    }

    /// `W[2,1]` as the name and the text between the brackets (nil without brackets).
    private static func named(_ text: String, reader: YAMLReader, _ at: Node) throws(Diagnostic) -> (String, Substring?) {
        guard let open = text.firstIndex(of: "[") else { return (text, nil) }
        guard text.hasSuffix("]") else { throw reader.fail("an element is written 'W[2,1]'", at) }
        return (String(text[..<open]), text[text.index(after: open)..<text.index(before: text.endIndex)])
    }

    /// The 1-based element `2, 1` of `name`, a `shape`; nil for the whole (no brackets).
    private func element(_ inside: Substring?, of name: String, shape: Shape, _ text: String, _ at: Node) throws(Diagnostic) -> [Int]? {
        guard let inside else { return nil }
        let indices = inside.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard indices.count == shape.rank, indices.allSatisfy({ $0 != nil }) else {
            throw reader.fail("'\(name)' is a \(shape); give \(shape.rank) index(es), 1-based", at)
        }
        let element = indices.map { $0! }
        guard zip(element, shape.dimensions).allSatisfy({ (1...$1).contains($0) }) else {
            throw reader.fail("element \(text) is outside '\(name)', a \(shape) (indices start at 1)", at)
        }
        return element
    }

    // MARK: Tolerances and variation

    /// `{rtol: 0.01, atol: 1e-6}`, `{sigfig: 3}` or `{decdig: 2}`; `atol` is the absolute floor.
    private func tolerance(_ node: Node) throws(Diagnostic) -> Tolerance {
        let fields = try reader.entries(node, what: "tolerance")
        let format = LessonFormat.tolerance
        try reader.check(fields, against: format)
        var values: [String: Double] = [:]
        for field in fields {
            let value = try reader.number(field.value, what: field.key)
            guard value >= 0 else { throw reader.fail("\(field.key) must not be negative", field.value) }
            values[field.key] = value
        }
        let atol = values["atol"] ?? 1e-6
        func digits(_ key: String) throws(Diagnostic) -> Int {
            let range = format.integerRange(key)
            guard let whole = Int(exactly: values[key]!), range.contains(whole) else {
                throw reader.fail("\(key) is a whole number of digits from \(range.lowerBound) to \(range.upperBound)", fields.first { $0.key == key }!.value)
            }
            return whole
        }
        // `check` has let through at most one of rtol, sigfig and decdig.
        if values["sigfig"] != nil { return .significantFigures(try digits("sigfig"), floor: atol) }
        if values["decdig"] != nil { return .decimalDigits(try digits("decdig"), floor: atol) }
        return .relative(rtol: values["rtol"] ?? 0.01, atol: atol)
    }

    private func variations(_ node: Node) throws(Diagnostic) -> [Variation] {
        var result: [Variation] = []
        for entry in try reader.entries(node, what: "vary") {
            let id = try self.node(entry.key, entry.keyNode)
            guard graph.nodes[id].kind != .equation else { throw reader.fail("only inputs and parameters vary; '\(entry.key)' is computed", entry.keyNode) }
            let fields = try reader.entries(entry.value, what: "vary: \(entry.key)")
            let format = LessonFormat.variation
            try reader.check(fields, against: format)
            func value(_ key: String) throws(Diagnostic) -> Node {
                guard let node = fields.first(where: { $0.key == key })?.value else {
                    throw reader.fail("vary: \(entry.key) needs from, to and decimals, e.g. {from: 0.5, to: 2, decimals: 1}", entry.value)
                }
                return node
            }
            let low = try reader.number(try value("from"), what: "from"), high = try reader.number(try value("to"), what: "to")
            let decimals = try reader.integer(try value("decimals"), what: "decimals", range: format.integerRange("decimals"))
            guard low < high else { throw reader.fail("from must be below to", entry.value) }
            result.append(Variation(node: id, low: low, high: high, decimals: decimals))
        }
        return result
    }
}
