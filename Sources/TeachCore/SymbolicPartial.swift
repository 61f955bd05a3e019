/// The typeset local derivative of one consumer with respect to some of its operand references.
///
/// When the consumer is a scalar, or the operand reaches it through elementwise operations
/// only, the derivative is a *partial* `P` with the operand's shape and the chain-rule term is
/// `∂ℒ/∂c · P` (elementwise). Otherwise (a matrix product, softmax, an index) there is no
/// compact partial and the term is written as the vector–Jacobian product `V(∂ℒ/∂c)` itself,
/// e.g. `Wᵀ ∂ℒ/∂z`.
public enum SymbolicPartial: Sendable {
    case partial(Expr)
    case vectorJacobianProduct(Expr)

    /// The expression shown: `P`, or the whole product `V(ḡ)`.
    public var expression: Expr {
        switch self {
        case .partial(let e), .vectorJacobianProduct(let e): return e
        }
    }
}

/// Symbolic reverse mode over one expression tree.
public enum Differentiator {
    /// The local derivative of `expr` (a consumer's shape-annotated definition) with respect to
    /// the occurrences in `occurrences`, its adjoint written as `.adjoint(consumer)`.
    public static func partial(of expr: Expr, consumer: String, occurrences: Set<Int>,
                               checker: ShapeChecker) -> SymbolicPartial {
        let seed = Expr(.adjoint(consumer), shape: expr.shape)
        var counter = 0
        var elementwise = true
        let product = vjp(expr, adjoint: seed, occurrences: occurrences, counter: &counter, elementwise: &elementwise)
            ?? Expr.number(0)
        let scalarConsumer = expr.shape?.isScalar ?? false
        if scalarConsumer || elementwise {
            let partial = Simplifier.simplify(substituting(one: consumer, in: product))
            return .partial((try? checker.annotate(partial)) ?? partial)
        }
        let simplified = Simplifier.simplify(product)
        return .vectorJacobianProduct((try? checker.annotate(simplified)) ?? simplified)
    }

    /// Replaces the seed adjoint by the number 1: since `V` is linear in the seed, `V(1) = P`.
    private static func substituting(one consumer: String, in expr: Expr) -> Expr {
        if case .adjoint(let name) = expr.kind, name == consumer { return .number(1) }
        return expr.replacingChildren(expr.children.map { substituting(one: consumer, in: $0) })
    }

    /// The sum of the contributions that `adjoint` (arriving at `expr`) sends to the selected
    /// occurrences below it, or `nil` when none of them is below.
    private static func vjp(_ expr: Expr, adjoint: Expr, occurrences: Set<Int>, counter: inout Int,
                            elementwise: inout Bool) -> Expr? {
        if case .variable = expr.kind {
            defer { counter += 1 }
            return occurrences.contains(counter) ? adjoint : nil
        }
        let shape = expr.shape ?? .scalar
        var terms: [Expr] = []
        for (slot, child) in expr.children.enumerated() {
            let childAdjoint = localAdjoint(expr, slot: slot, adjoint: adjoint, elementwise: &elementwise)
            let childShape = child.shape ?? .scalar
            let reduced = childShape != shape && childShape.isScalar ? Expr.call(.sum, [childAdjoint]) : childAdjoint
            if childShape != shape && childShape.isScalar { elementwise = false }
            if let term = vjp(child, adjoint: reduced, occurrences: occurrences, counter: &counter, elementwise: &elementwise) {
                terms.append(term)
            }
        }
        guard var sum = terms.first else { return nil }
        for term in terms.dropFirst() { sum = sum + term }
        return sum
    }

    /// The adjoint that `adjoint` at `expr` sends to its operand in `slot`, before any
    /// reduction of a broadcast scalar: the operation's symbolic VJP.
    private static func localAdjoint(_ expr: Expr, slot: Int, adjoint g: Expr, elementwise: inout Bool) -> Expr {
        if case .index(let a, let indices) = expr.kind {
            elementwise = false
            return g * Expr(.basis(indices, a.shape ?? .scalar))
        }
        let operation = expr.operation!
        if !operation.isElementwise { elementwise = false }
        return operation.localAdjoint(slot, expr.children, expr, g)
    }
}
