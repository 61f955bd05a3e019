/// A problem found while checking an expression's shapes, at the operator that caused it.
public struct ShapeError: Error, Sendable {
    public let message: String
    public let location: SourceLocation?
}

/// Infers the shape of every subexpression and rejects operations whose shapes do not fit.
///
/// Rules: `+ - * / ^` act elementwise with scalar broadcasting; `A @ B` follows the matrix
/// product (`[r,c]@[c] = [r]`, `[r,c]@[c,k] = [r,k]`, `[n]@[n] = []`, `[n]@[n,k] = [k]`);
/// `sum` gives a scalar; `softmax` takes a vector; indices are 1-based, one per dimension.
public struct ShapeChecker: Sendable {
    /// Shapes of the variables (and of the adjoints, by node name) an expression may use.
    public let shapeOf: @Sendable (String) -> Shape?

    public init(shapeOf: @escaping @Sendable (String) -> Shape?) { self.shapeOf = shapeOf }

    /// Returns `expr` with `shape` set on every node.
    public func annotate(_ expr: Expr) throws(ShapeError) -> Expr {
        var children: [Expr] = []
        for child in expr.children { children.append(try annotate(child)) }
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
        case .negate: return children[0]
        case .binary(let op, _, _):
            let (a, b) = (children[0], children[1])
            if op == .matmul { return try matmulShape(a, b, expr) }
            guard let shape = Tensor.broadcastShape(a, b) else {
                throw fail("'\(op.rawValue)' needs equal shapes or a scalar operand, but has \(a) and \(b)", expr)
            }
            return shape
        case .call(let function, _):
            let a = children[0]
            switch function {
            case .sum: return .scalar
            case .transpose:
                return a.rank == 2 ? .matrix(a.dimensions[1], a.dimensions[0]) : a
            case .softmax:
                guard a.rank == 1 else { throw fail("softmax needs a vector, but has a \(a)", expr) }
                return a
            case .outer:
                guard a.rank == 1, children[1].rank == 1 else { throw fail("outer needs two vectors", expr) }
                return .matrix(a.dimensions[0], children[1].dimensions[0])
            default: return a
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

    private func matmulShape(_ a: Shape, _ b: Shape, _ expr: Expr) throws(ShapeError) -> Shape {
        let mismatch = fail("'@' cannot multiply a \(a) by a \(b)", expr)
        switch (a.rank, b.rank) {
        case (2, 1): guard a.dimensions[1] == b.dimensions[0] else { throw mismatch }; return .vector(a.dimensions[0])
        case (2, 2): guard a.dimensions[1] == b.dimensions[0] else { throw mismatch }; return .matrix(a.dimensions[0], b.dimensions[1])
        case (1, 1): guard a == b else { throw mismatch }; return .scalar
        case (1, 2): guard a.dimensions[0] == b.dimensions[0] else { throw mismatch }; return .vector(b.dimensions[1])
        default: throw fail("'@' needs vectors or matrices; use '*' with a scalar", expr)
        }
    }
}
