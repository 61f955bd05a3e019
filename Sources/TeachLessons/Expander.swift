import TeachCore

/// Rewrites an equation into one equation per elementary operation, as lecture 002's ξ-chain
/// does: `L = 1/2*(y - t)^2` becomes `ξ₁ = y − t`, `ξ₂ = ξ₁²`, `L = ½ ξ₂`.
///
/// Intermediates are named `xi1, xi2, …` (typeset ξ₁, ξ₂) in evaluation order, numbered
/// across the lesson and skipping names already taken; constant subexpressions stay inline.
struct Expander {
    private(set) var counter = 0
    let taken: Set<String>

    init(taken: Set<String>) { self.taken = taken }

    mutating func expand(_ equation: GraphBuilder.Equation) -> [GraphBuilder.Equation] {
        var emitted: [GraphBuilder.Equation] = []
        let children = equation.definition.children.map { split($0, into: &emitted) }
        emitted.append(GraphBuilder.Equation(name: equation.name, definition: equation.definition.replacingChildren(children),
                                             location: equation.location))
        return emitted
    }

    /// Replaces a non-leaf, non-constant subexpression by a fresh node defined by it.
    private mutating func split(_ expr: Expr, into emitted: inout [GraphBuilder.Equation]) -> Expr {
        guard !expr.children.isEmpty, !expr.isConstant else { return expr }
        let inner = expr.replacingChildren(expr.children.map { split($0, into: &emitted) })
        let name = freshName()
        emitted.append(GraphBuilder.Equation(name: name, definition: inner, location: expr.location))
        return Expr(.variable(name), at: expr.location)
    }

    private mutating func freshName() -> String {
        repeat { counter += 1 } while taken.contains("xi\(counter)")
        return "xi\(counter)"
    }
}
