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
        partials(of: expr, consumer: consumer, occurrences: [occurrences], checker: checker)[0]
    }

    /// `partial(of:…)` for each set of occurrences in turn, the definition's census taken once.
    public static func partials(of expr: Expr, consumer: String, occurrences: [Set<Int>],
                                checker: ShapeChecker) -> [SymbolicPartial] {
        var census = Census()
        census.take(expr)
        let compact = (expr.shape?.isScalar ?? false) || isElementwise(expr)
        // A compact partial is the product with the seed 1: `V` is linear in the seed, so
        // `V(1) = P` (no operation's adjoint looks at the seed, only passes it on).
        let seed = compact ? Expr.number(1) : Expr(.adjoint(consumer), shape: expr.shape)
        func finished(_ product: Expr) -> SymbolicPartial {
            let simplified = Simplifier.simplify(product)
            let annotated = (try? checker.annotate(simplified)) ?? simplified
            return compact ? .partial(annotated) : .vectorJacobianProduct(annotated)
        }
        if occurrences.allSatisfy({ $0.count == 1 }) {
            // One reference each (every edge's own partial): one walk gives them all.
            var walk = Walk(occurrences: [], census: census)
            var arriving: [Expr] = []
            walk.everyReference(expr, adjoint: seed, into: &arriving)
            return occurrences.map { finished(arriving[$0.first!]) }
        }
        return occurrences.map { selected in
            var walk = Walk(occurrences: selected, census: census)
            return finished(walk.vjp(expr, adjoint: seed) ?? Expr.number(0))
        }
    }

    /// Per node of a definition, in pre-order: the variable references below it (the leaves
    /// `Walk` numbers in reading order) and the nodes of its subtree.
    private struct Census {
        var references: [Int] = []
        var sizes: [Int] = []

        @discardableResult
        mutating func take(_ expr: Expr) -> (references: Int, size: Int) {
            let position = references.count
            references.append(0)
            sizes.append(0)
            var total = (references: 0, size: 1)
            if case .variable = expr.kind { total.references = 1 }
            expr.forEachChild { child in
                let below = take(child)
                total.references += below.references
                total.size += below.size
            }
            references[position] = total.references
            sizes[position] = total.size
            return total
        }
    }

    /// One walk down a definition for the selected occurrences, its place kept as the number
    /// of references passed (`counter`) and the pre-order position (`position`).
    private struct Walk {
        let occurrences: Set<Int>
        let census: Census
        var counter = 0
        var position = 0

        init(occurrences: Set<Int>, census: Census) {
            self.occurrences = occurrences
            self.census = census
        }

        /// The sum of the contributions that `adjoint` (arriving at `expr`) sends to the
        /// selected occurrences below it, or `nil` when none of them is below. A child holding
        /// none of them is passed over, so one partial builds expressions only along the paths
        /// to its occurrences: a 45-term sum's 45 partials no longer build every term's adjoint.
        mutating func vjp(_ expr: Expr, adjoint: Expr) -> Expr? {
            position += 1
            if case .variable = expr.kind {
                defer { counter += 1 }
                return occurrences.contains(counter) ? adjoint : nil
            }
            let shape = expr.shape ?? .scalar
            var terms: [Expr] = []
            for (slot, child) in expr.children.enumerated() {
                let references = census.references[position]
                guard occurrences.contains(where: { $0 >= counter && $0 < counter + references }) else {
                    counter += references
                    position += census.sizes[position]
                    continue
                }
                if let term = vjp(child, adjoint: Self.adjoint(adjoint, at: expr, reaching: child, in: slot, shape: shape)) {
                    terms.append(term)
                }
            }
            guard var sum = terms.first else { return nil }
            for term in terms.dropFirst() { sum = sum + term }
            return sum
        }

        /// The adjoint that arrives at every variable reference below `expr` when `adjoint`
        /// arrives at `expr`, appended in reading order: `vjp` for each reference alone, in one
        /// walk. A child without references is passed over.
        mutating func everyReference(_ expr: Expr, adjoint: Expr, into arriving: inout [Expr]) {
            position += 1
            if case .variable = expr.kind {
                arriving.append(adjoint)
                return
            }
            let shape = expr.shape ?? .scalar
            var slot = 0
            expr.forEachChild { child in
                defer { slot += 1 }
                guard census.references[position] > 0 else {
                    position += census.sizes[position]
                    return
                }
                everyReference(child, adjoint: Self.adjoint(adjoint, at: expr, reaching: child, in: slot, shape: shape), into: &arriving)
            }
        }

        /// What `adjoint` at `expr` (of `shape`) sends to `child` in `slot`, summed where a
        /// scalar child is broadcast.
        private static func adjoint(_ adjoint: Expr, at expr: Expr, reaching child: Expr, in slot: Int, shape: Shape) -> Expr {
            let childAdjoint = Differentiator.localAdjoint(expr, slot: slot, adjoint: adjoint)
            let childShape = child.shape ?? .scalar
            return childShape != shape && childShape.isScalar ? Expr.call(.sum, [childAdjoint]) : childAdjoint
        }
    }

    /// Whether every operation of `expr` is elementwise, with no index and no scalar operand
    /// broadcast against a larger one: then each operand's adjoint is the consumer's times a
    /// partial of the operand's shape.
    private static func isElementwise(_ expr: Expr) -> Bool {
        let children = expr.children
        guard !children.isEmpty else { return true }
        if case .index = expr.kind { return false }
        if expr.operation?.isElementwise == false { return false }
        let shape = expr.shape ?? .scalar
        return children.allSatisfy { child in
            let childShape = child.shape ?? .scalar
            return !(childShape != shape && childShape.isScalar) && isElementwise(child)
        }
    }

    /// The adjoint that `adjoint` at `expr` sends to its operand in `slot`, before any
    /// reduction of a broadcast scalar: the operation's symbolic VJP.
    fileprivate static func localAdjoint(_ expr: Expr, slot: Int, adjoint g: Expr) -> Expr {
        if case .index(let a, let indices) = expr.kind { return g * Expr(.basis(indices, a.shape ?? .scalar)) }
        return expr.operation!.localAdjoint(slot, expr.children, expr, g)
    }
}
