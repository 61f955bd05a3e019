/// A validated computational graph: nodes in lecture order (inputs, parameters, then one
/// node per equation), and one edge per variable reference in an equation.
public struct Graph: Sendable {
    public struct Node: Sendable {
        /// What the lesson says a node is; the raw value is its `kind` in `trace.json`.
        public enum Kind: String, Sendable {
            case input, parameter
            /// Computed by an equation.
            case equation = "node"
        }

        public let id: Int
        public let name: String
        public let kind: Kind
        public let shape: Shape
        /// The value given in the lesson (inputs and parameters).
        public let given: Tensor?
        /// The shape-annotated right-hand side (equation nodes).
        public let definition: Expr?
        public let program: Program?
        /// The edges into this node, one per operand reference, in reading order.
        public let incoming: [Int]
        public let location: SourceLocation?
    }

    /// One reference to `from` inside the definition of `to`; `occurrence` is its position
    /// among the references of that definition.
    public struct Edge: Sendable, Equatable {
        public let id: Int
        public let from: Int
        public let to: Int
        public let occurrence: Int
    }

    public let nodes: [Node]
    public let edges: [Edge]
    public let loss: Int
    /// For each node, the edges leaving it, ordered by consumer then occurrence.
    public let outgoing: [[Int]]
    /// Node ids by name, for lookups only (never iterated).
    private let ids: [String: Int]
    /// The graph compiled for fast forward passes, when every value in it is a scalar.
    let scalarTape: ScalarTape?
    /// The parameters and the equation nodes, each in lecture order.
    public let parameters: [Node], equations: [Node]

    public init(nodes: [Node], edges: [Edge], loss: Int) {
        self.nodes = nodes
        self.edges = edges
        self.loss = loss
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        for edge in edges { outgoing[edge.from].append(edge.id) }
        self.outgoing = outgoing
        let ids = Dictionary(nodes.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        self.ids = ids
        self.scalarTape = ScalarTape(nodes: nodes) { ids[$0] }
        self.parameters = nodes.filter { $0.kind == .parameter }
        self.equations = nodes.filter { $0.kind == .equation }
    }

    public func id(named name: String) -> Int? { ids[name] }
    public func node(named name: String) -> Node? { ids[name].map { nodes[$0] } }

    /// What a definition reads, for evaluating it: `.variable(n)` is node n's value among
    /// `values`, `.adjoint(n)` its adjoint among `adjoints` (zeros where it has none).
    public func reader(values: [Tensor], adjoints: [Tensor?] = []) -> (Expr.Kind) -> Tensor {
        { [ids] kind in
            switch kind {
            case .variable(let name): return values[ids[name]!]
            case .adjoint(let name):
                let id = ids[name]!
                return (id < adjoints.count ? adjoints[id] : nil) ?? .zeros(values[id].shape)
            default: preconditionFailure("a definition reads only values and adjoints")
            }
        }
    }

    /// The same graph with other given values for some inputs or parameters (a student's
    /// variant); shapes must match.
    public func replacingGiven(_ values: [Int: Tensor]) -> Graph {
        let replaced = nodes.map { node in
            guard let value = values[node.id] else { return node }
            precondition(node.given != nil && value.shape == node.shape, "only given values of the same shape are replaced")
            return Node(id: node.id, name: node.name, kind: node.kind, shape: node.shape, given: value,
                        definition: node.definition, program: node.program, incoming: node.incoming, location: node.location)
        }
        return Graph(nodes: replaced, edges: edges, loss: loss)
    }

    /// The parameters from the output back: by their distance to the loss (the fewest
    /// equations between them and it first), ties in the lesson's order. The order a
    /// walk-through that updates layer by layer from the output takes.
    public var parametersFromOutput: [Node] {
        var distance = [Int](repeating: Int.max, count: nodes.count)
        distance[loss] = 0
        for node in nodes.reversed() where distance[node.id] != Int.max {
            for edge in node.incoming { distance[edges[edge].from] = min(distance[edges[edge].from], distance[node.id] + 1) }
        }
        return parameters.enumerated().sorted { (distance[$0.element.id], $0.offset) < (distance[$1.element.id], $1.offset) }.map(\.element)
    }

    /// Which reference to its variable an edge is, among that variable's references in the
    /// same equation: `(2, 3)` for the second `w` of `m = w x + w w`. Every document names a
    /// repeated reference by this number.
    public func reference(_ edge: Int) -> (number: Int, count: Int) {
        let e = edges[edge]
        let same = nodes[e.to].incoming.filter { edges[$0].from == e.from }
        return ((same.firstIndex(of: edge) ?? 0) + 1, same.count)
    }

    /// The consumers of `node`, each once, in lecture order, with the edges to each.
    public func consumers(of node: Int) -> [(consumer: Int, edges: [Int])] {
        var result: [(Int, [Int])] = []
        for edgeID in outgoing[node] {
            let consumer = edges[edgeID].to
            if let last = result.indices.last, result[last].0 == consumer {
                result[last].1.append(edgeID)
            } else {
                result.append((consumer, [edgeID]))
            }
        }
        return result
    }

    /// `true` for every node the loss depends on (the loss included).
    public var reachesLoss: [Bool] {
        var reaches = [Bool](repeating: false, count: nodes.count)
        reaches[loss] = true
        for node in nodes.reversed() where reaches[node.id] {
            for edge in node.incoming { reaches[edges[edge].from] = true }
        }
        return reaches
    }

    /// The order in which the backward pass takes the equations.
    public enum BackwardOrder: String, Sendable, CaseIterable {
        /// The lesson's equations from the last back to the first.
        case reverse
        /// By level, the loss first: an equation's level is the longest chain of equations
        /// from it to the loss, and equations of one level keep the lesson's order (`E_o1`
        /// before `E_o2`, `out_o1` before `out_o2`, as a layer-by-layer walk-through takes them).
        case levels
    }

    /// The nodes that get an adjoint, in the order reverse mode records them: the equations from
    /// the loss back (in `order`), then the parameters and the inputs named in `inputs`; each
    /// only if the loss depends on it. Either order takes every consumer before what it consumes.
    public func backwardOrder(differentiating inputs: [String], order: BackwardOrder = .reverse) -> [Int] {
        let reaches = reachesLoss
        let listed = Set(inputs)
        let leaves = nodes.filter { $0.kind == .parameter || ($0.kind == .input && listed.contains($0.name)) }.map(\.id)
        let equationOrder: [Int]
        switch order {
        case .reverse: equationOrder = equations.reversed().map(\.id)
        case .levels:
            let level = levelsToLoss
            equationOrder = equations.enumerated().sorted { (level[$0.element.id], $0.offset) < (level[$1.element.id], $1.offset) }.map(\.element.id)
        }
        return (equationOrder + leaves).filter { reaches[$0] }
    }

    /// Per node, the longest chain of edges from it to the loss (0 for the loss; `Int.min`
    /// where the loss does not depend on it).
    private var levelsToLoss: [Int] {
        var level = [Int](repeating: Int.min, count: nodes.count)
        level[loss] = 0
        for node in nodes.reversed() where level[node.id] != Int.min {
            for edge in node.incoming { level[edges[edge].from] = max(level[edges[edge].from], level[node.id] + 1) }
        }
        return level
    }

    /// `true` for every node in `start` and every node computed from one of them.
    public func computed(from start: [Int]) -> [Bool] {
        var result = [Bool](repeating: false, count: nodes.count)
        for id in start { result[id] = true }
        for node in nodes where !result[node.id] { result[node.id] = node.incoming.contains { result[edges[$0].from] } }
        return result
    }

    /// A shape checker that knows every node's shape (adjoints share their node's shape).
    public var checker: ShapeChecker {
        ShapeChecker { [ids, nodes] name in ids[name].map { nodes[$0].shape } }
    }
}
