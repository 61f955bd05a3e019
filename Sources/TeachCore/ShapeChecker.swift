/// A problem found while checking an expression's shapes, at the operator that caused it.
public struct ShapeError: Error, Sendable {
    public let message: String
    public let location: SourceLocation?
}

/// Infers the shape of every subexpression and rejects operations whose shapes do not fit.
///
/// Each operation's rule is its `Operation.shape` (elementwise operations broadcast a scalar,
/// `@` follows the matrix product); indices are 1-based, one per dimension.
public struct ShapeChecker: Sendable {
    /// Shapes of the variables (and of the adjoints, by node name) an expression may use.
    public let shapeOf: @Sendable (String) -> Shape?

    public init(shapeOf: @escaping @Sendable (String) -> Shape?) { self.shapeOf = shapeOf }

    /// Returns `expr` with `shape` set on every node.
    public func annotate(_ expr: Expr) throws(ShapeError) -> Expr {
        var children: [Expr] = []
        try expr.forEachChild { (child) throws(ShapeError) in children.append(try annotate(child)) }
        var result = expr.replacingChildren(children)
        result.shape = try shape(of: result, children: children.map { $0.shape! })
        return result
    }

    private func fail(_ message: String, _ expr: Expr) -> ShapeError {
        ShapeError(message: message, location: expr.location)
    }

    private func shape(of expr: Expr, children: [Shape]) throws(ShapeError) -> Shape {
        switch expr.kind {
        case .number: return .scalar
        case .variable(let name), .adjoint(let name):
            guard let shape = shapeOf(name) else { throw fail("undefined name '\(name)'", expr) }
            return shape
        case .ones(let shape), .basis(_, let shape): return shape
        case .negate, .binary, .call:
            switch expr.operation!.shape(children) {
            case .success(let shape): return shape
            case .failure(let error): throw fail(error.message, expr)
            }
        case .index(_, let indices):
            let a = children[0]
            guard indices.count == a.rank else {
                throw fail("a \(a) takes \(a.rank) \(a.rank == 1 ? "index" : "indices"), not \(indices.count)", expr)
            }
            for (position, dimension) in zip(indices, a.dimensions) where !(1...max(dimension, 1)).contains(position) {
                throw fail("index \(position) is out of range 1…\(dimension)", expr)
            }
            return .scalar
        }
    }
}
