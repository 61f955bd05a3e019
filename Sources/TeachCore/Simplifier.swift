/// Algebraic clean-up of derived expressions, so partials read as the lectures write them:
/// `½ · 2(y − t)¹ · 1` becomes `y − t`, `1 · x` becomes `x`, `0 + a` becomes `a`.
///
/// Products of elementwise factors are flattened, their numbers multiplied into one leading
/// constant, signs pulled out front, adjoints placed first; nothing else is reordered.
///
/// A chain of products is rebuilt once, at its top: the products and signs inside it are
/// only collected there, so simplifying costs time linear in the expression (rebuilding at
/// every level of `x·x·…·x` made each partial quadratic and an equation's partials cubic).
public enum Simplifier {
    public static func simplify(_ expr: Expr) -> Expr { simplify(expr, insideProduct: false) }

    private static func simplify(_ expr: Expr, insideProduct: Bool) -> Expr {
        let chained: Bool
        switch expr.kind {
        case .binary(.multiply, _, _): chained = true
        case .negate: chained = insideProduct
        default: chained = false
        }
        let e = expr.replacingChildren(expr.children.map { simplify($0, insideProduct: chained) })
        if insideProduct, chained {
            // Collected by the product at the chain's top.
            if case .binary(.multiply, let a, let b) = e.kind, let x = a.numberValue, let y = b.numberValue, let folded = fold(.multiply, x, y) {
                return .number(folded)
            }
            if case .negate(let a) = e.kind, let v = a.numberValue { return .number(-v) }
            return e
        }
        switch e.kind {
        case .negate(let a):
            if let v = a.numberValue { return .number(-v) }
            if case .negate(let inner) = a.kind { return inner }
            return e
        case .binary(let op, let a, let b):
            if let x = a.numberValue, let y = b.numberValue, let folded = fold(op, x, y) { return .number(folded) }
            switch op {
            case .multiply: return product(e)
            case .add:
                if a.numberValue == 0 { return b }
                if b.numberValue == 0 { return a }
                if case .negate(let c) = b.kind { return simplify(a - c) }
                return e
            case .subtract:
                if b.numberValue == 0 { return a }
                if a.numberValue == 0 { return simplify(-b) }
                if case .negate(let c) = b.kind { return simplify(a + c) }
                return e
            case .divide:
                if b.numberValue == 1 { return a }
                if a.numberValue == 0 { return .number(0) }
                if case .negate(let c) = a.kind { return simplify(-(c / b)) }
                return e
            case .power:
                if b.numberValue == 1 { return a }
                if b.numberValue == 0 { return .number(1) }
                return e
            case .matmul: return e
            }
        default:
            return e
        }
    }

    /// The constant `x op y`, when it is a finite number (a matrix product has no scalar rule).
    private static func fold(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double? {
        guard case .binary(let f, _, let domain) = op.operation.scalar else { return nil }
        let value = f(x, y)
        return value.isFinite && domain?(x, y, value) == nil ? value : nil
    }

    private static func isOnes(_ e: Expr) -> Bool {
        if case .ones = e.kind { return true }
        return false
    }

    /// Rebuilds a product as `c · adjoints · other factors`, with `c` the product of all numbers
    /// and signs; `0` if any factor is zero.
    private static func product(_ e: Expr) -> Expr {
        var constant = 1.0
        var adjoints: [Expr] = []
        var others: [Expr] = []
        func collect(_ f: Expr) {
            switch f.kind {
            case .binary(.multiply, let a, let b): collect(a); collect(b)
            case .negate(let a): constant = -constant; collect(a)
            case .number(let v): constant *= v
            case .adjoint: adjoints.append(f)
            default: others.append(f)
            }
        }
        collect(e)
        // 𝟙 ⊙ a = a when a has 𝟙's shape.
        let shaped = others.filter { !Self.isOnes($0) }.compactMap(\.shape)
        others.removeAll { f in
            guard case .ones(let shape) = f.kind else { return false }
            return shaped.contains(shape)
        }
        // a · (1/b) = a/b.
        var denominators: [Expr] = []
        others.removeAll { f in
            guard case .binary(.divide, let n, let d) = f.kind, n.numberValue == 1 else { return false }
            denominators.append(d)
            return true
        }
        if constant == 0 { return .number(0) }
        if !denominators.isEmpty {
            var numerator = adjoints + others
            if numerator.isEmpty { numerator = [.number(constant)]; constant = 1 }
            var quotient = numerator.dropFirst().reduce(numerator[0]) { $0 * $1 }
            for d in denominators { quotient = quotient / d }
            return constant == 1 ? quotient : constant == -1 ? -quotient : .number(constant) * quotient
        }
        let factors = adjoints + others
        guard var result = factors.first else { return .number(constant) }
        for factor in factors.dropFirst() { result = result * factor }
        if constant == 1 { return result }
        if constant == -1 { return -result }
        return .number(constant) * result
    }
}
