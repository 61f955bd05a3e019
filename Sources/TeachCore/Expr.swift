/// An expression of the lesson language, or one the differentiator derived from it.
///
/// Every node may carry the place it was written (for diagnostics) and, once checked,
/// its shape (so typesetting can tell `⊙` from a scalar product).
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case variable(String)
        case negate(Expr)
        case binary(BinaryOperator, Expr, Expr)
        case call(Function, [Expr])
        /// 1-based element access, `z[2]` or `W[2, 1]`.
        case index(Expr, [Int])
        /// The adjoint `∂ℒ/∂name` arriving from a consumer. Derivatives only.
        case adjoint(String)
        /// A vector or matrix of ones, `𝟙`. Derivatives only.
        case ones(Shape)
        /// The unit tensor `e_k`: one at a 1-based position, zero elsewhere. Derivatives only.
        case basis([Int], Shape)
    }

    public var kind: Kind
    public var location: SourceLocation?
    public var shape: Shape?

    public init(_ kind: Kind, at location: SourceLocation? = nil, shape: Shape? = nil) {
        self.kind = kind
        self.location = location
        self.shape = shape
    }

    public static func number(_ value: Double) -> Expr { Expr(.number(value), shape: .scalar) }
    public static func variable(_ name: String) -> Expr { Expr(.variable(name)) }
    public static func call(_ function: Function, _ arguments: [Expr]) -> Expr { Expr(.call(function, arguments)) }
    public static func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr) -> Expr { Expr(.binary(op, a, b)) }

    public static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { .binary(.subtract, a, b) }
    public static func * (a: Expr, b: Expr) -> Expr { .binary(.multiply, a, b) }
    public static func / (a: Expr, b: Expr) -> Expr { .binary(.divide, a, b) }
    public static prefix func - (a: Expr) -> Expr { Expr(.negate(a)) }

    /// The direct subexpressions, left to right.
    public var children: [Expr] {
        switch kind {
        case .number, .variable, .adjoint, .ones, .basis: return []
        case .negate(let a): return [a]
        case .binary(_, let a, let b): return [a, b]
        case .call(_, let arguments): return arguments
        case .index(let a, _): return [a]
        }
    }

    /// Calls `body` on each direct subexpression, left to right, as `children` lists them but
    /// without making the list: tree walks over a large lesson visit millions of nodes.
    public func forEachChild<Failure: Error>(_ body: (Expr) throws(Failure) -> Void) throws(Failure) {
        switch kind {
        case .number, .variable, .adjoint, .ones, .basis: return
        case .negate(let a), .index(let a, _): try body(a)
        case .binary(_, let a, let b): try body(a); try body(b)
        case .call(_, let arguments): for argument in arguments { try body(argument) }
        }
    }

    /// A copy with the direct subexpressions replaced (same count and order as `children`).
    public func replacingChildren(_ new: [Expr]) -> Expr {
        var copy = self
        switch kind {
        case .number, .variable, .adjoint, .ones, .basis: return self
        case .negate: copy.kind = .negate(new[0])
        case .binary(let op, _, _): copy.kind = .binary(op, new[0], new[1])
        case .call(let function, _): copy.kind = .call(function, new)
        case .index(_, let indices): copy.kind = .index(new[0], indices)
        }
        return copy
    }

    /// Variable references in reading order (pre-order, left to right); the position in this
    /// list is the reference's *occurrence* number, which names one edge of the graph.
    public var variableOccurrences: [(name: String, location: SourceLocation?)] {
        var found: [(name: String, location: SourceLocation?)] = []
        func visit(_ e: Expr) {
            if case .variable(let name) = e.kind { found.append((name, e.location)) }
            e.forEachChild(visit)
        }
        visit(self)
        return found
    }

    /// `true` when the expression contains no variable or adjoint: its value is a constant.
    public var isConstant: Bool {
        switch kind {
        case .variable, .adjoint: return false
        default: return children.allSatisfy(\.isConstant)
        }
    }

    /// The operation this node applies to its children, or nil for a leaf or an element access.
    public var operation: Operation? { kind.operation }

    /// The numeric value of a `.number` leaf.
    public var numberValue: Double? {
        if case .number(let v) = kind { return v }
        return nil
    }
}

extension Expr.Kind {
    /// The operation a node of this kind applies to its children, or nil for a leaf or an
    /// element access.
    public var operation: Operation? {
        switch self {
        case .negate: return Negation.operation
        case .binary(let op, _, _): return op.operation
        case .call(let function, _): return function.operation
        case .number, .variable, .adjoint, .ones, .basis, .index: return nil
        }
    }
}
