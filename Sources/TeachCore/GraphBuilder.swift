/// A problem in the structure of a lesson: an undefined name, a redefinition, a cycle, a
/// shape mismatch, a loss that is not a scalar. Located where it was written.
public struct GraphError: Error, Sendable, Equatable {
    public let message: String
    public let location: SourceLocation?

    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }
}

/// Builds a `Graph` from declarations and equations, checking names, order and shapes.
public struct GraphBuilder {
    public struct Declaration {
        public let name: String
        public let kind: Graph.Node.Kind
        public let value: Tensor
        public let location: SourceLocation?

        public init(name: String, kind: Graph.Node.Kind, value: Tensor, location: SourceLocation?) {
            self.name = name
            self.kind = kind
            self.value = value
            self.location = location
        }
    }

    public struct Equation: Sendable {
        public let name: String
        public let definition: Expr
        public let location: SourceLocation?

        public init(name: String, definition: Expr, location: SourceLocation?) {
            self.name = name
            self.definition = definition
            self.location = location
        }
    }

    public init() {}

    public func build(declarations: [Declaration], equations: [Equation], loss: String,
                      lossLocation: SourceLocation?) throws(GraphError) -> Graph {
        var nodes: [Graph.Node] = []
        var edges: [Graph.Edge] = []
        var index: [String: Int] = [:]
        var shapes: [String: Shape] = [:]
        let laterDefinitions = Dictionary(equations.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })

        func define(_ name: String, at location: SourceLocation?) throws(GraphError) {
            if let previous = index[name] {
                let whereFirst = nodes[previous].location.map { " (first defined at \($0))" } ?? ""
                throw GraphError("'\(name)' is defined twice\(whereFirst)", at: location)
            }
            index[name] = nodes.count
        }

        for declaration in declarations {
            try define(declaration.name, at: declaration.location)
            shapes[declaration.name] = declaration.value.shape
            nodes.append(Graph.Node(id: nodes.count, name: declaration.name, kind: declaration.kind,
                                    shape: declaration.value.shape, given: declaration.value, definition: nil,
                                    program: nil, incoming: [], location: declaration.location))
        }

        for (position, equation) in equations.enumerated() {
            // The references in reading order, the same in the shape-annotated definition.
            let occurrences = equation.definition.variableOccurrences
            for (name, location) in occurrences where index[name] == nil {
                if name == equation.name {
                    throw GraphError("'\(name)' is defined in terms of itself (a cycle)", at: location)
                }
                if let later = laterDefinitions[name], later > position {
                    if depends(equations, later, on: equation.name, laterDefinitions) {
                        throw GraphError("cycle: '\(name)' and '\(equation.name)' are defined in terms of each other", at: location)
                    }
                    throw GraphError("'\(name)' is used before its equation; write equations in the order they are computed", at: location)
                }
                let known = Array(index.keys).sorted() + Function.callable.map(\.rawValue)
                let hint = Suggestion.hint(for: name, in: known)
                throw GraphError("undefined name '\(name)'\(hint)", at: location)
            }
            let annotated: Expr
            do {
                // The checker's copy of `shapes` ends with this block, so adding this equation's
                // shape below does not copy the whole dictionary (which made building quadratic).
                let checker = ShapeChecker { [shapes] in shapes[$0] }
                annotated = try checker.annotate(equation.definition)
            } catch {
                throw GraphError(error, at: equation.location)
            }
            try define(equation.name, at: equation.location)
            let id = nodes.count
            var incoming: [Int] = []
            for (occurrence, reference) in occurrences.enumerated() {
                incoming.append(edges.count)
                edges.append(Graph.Edge(id: edges.count, from: index[reference.name]!, to: id, occurrence: occurrence))
            }
            shapes[equation.name] = annotated.shape!
            nodes.append(Graph.Node(id: id, name: equation.name, kind: .equation, shape: annotated.shape!, given: nil,
                                    definition: annotated, program: Program(annotated), incoming: incoming,
                                    location: equation.location))
        }

        guard let lossID = index[loss] else {
            let hint = Suggestion.hint(for: loss, in: nodes.map(\.name))
            throw GraphError("the loss '\(loss)' is not defined\(hint)", at: lossLocation)
        }
        guard nodes[lossID].shape.isScalar else {
            throw GraphError("the loss must be a scalar, but '\(loss)' is a \(nodes[lossID].shape)", at: lossLocation)
        }
        return Graph(nodes: nodes, edges: edges, loss: lossID)
    }

    /// `true` when equation `start` (transitively, through other equations) uses `name`.
    private func depends(_ equations: [Equation], _ start: Int, on name: String, _ positions: [String: Int]) -> Bool {
        var stack = [start]
        var seen = Set<Int>()
        while let current = stack.popLast() {
            guard seen.insert(current).inserted else { continue }
            for (used, _) in equations[current].definition.variableOccurrences {
                if used == name { return true }
                if let next = positions[used] { stack.append(next) }
            }
        }
        return false
    }
}
