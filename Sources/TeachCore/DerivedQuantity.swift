/// A number a lesson shows under its own name and sign convention, computed from the trace:
/// a textbook's error `Err₆ = −∂E/∂I₆`, written `show: {Err6: -adjoint(I6)}`.
///
/// Its definition reads node values by name and adjoints as `adjoint(name)`, with the
/// operations of an equation.
public struct DerivedQuantity: Sendable {
    public let name: String
    /// Shape-checked; `.variable(n)` is node n's value, `.adjoint(n)` its adjoint.
    public let definition: Expr
    public let location: SourceLocation?

    public init(name: String, definition: Expr, location: SourceLocation?) {
        self.name = name
        self.definition = definition
        self.location = location
    }

    /// What it reads, each once, in reading order: a node's name, whether its adjoint, and
    /// where it first reads it.
    public var references: [(node: String, adjoint: Bool, location: SourceLocation?)] {
        var found: [(node: String, adjoint: Bool, location: SourceLocation?)] = []
        func note(_ name: String, adjoint: Bool, _ expr: Expr) {
            if !found.contains(where: { $0.node == name && $0.adjoint == adjoint }) { found.append((name, adjoint, expr.location)) }
        }
        func walk(_ expr: Expr) {
            switch expr.kind {
            case .variable(let name): note(name, adjoint: false, expr)
            case .adjoint(let name): note(name, adjoint: true, expr)
            default: expr.children.forEach(walk)
            }
        }
        walk(definition)
        return found
    }

    /// Its value at these node values and adjoints (nil adjoints read as zeros), unrounded.
    public func value(in graph: Graph, values: [Tensor], adjoints: [Tensor?]) throws(EvaluationError) -> Tensor {
        try Program(definition).value(graph.reader(values: values, adjoints: adjoints))
    }

    /// The kind of number it is shown (and, by hand, rounded) as: an adjoint's when it reads one.
    public var shown: Shown { references.contains { $0.adjoint } ? .adjoints : .values }
}
