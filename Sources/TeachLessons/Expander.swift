import TeachCore

/// Rewrites an equation into one equation per step, as lecture 002's ξ-chain does:
/// `L = 1/2*(y - t)^2` becomes `ξ₁ = y − t`, `ξ₂ = ξ₁²`, `L = ½ ξ₂`.
///
/// `expand` splits at every elementary operation, naming the intermediates `xi1, xi2, …`
/// (typeset ξ₁, ξ₂) in evaluation order, numbered across the lesson and skipping names already
/// taken; constant subexpressions stay inline. `split(_:at:)` takes the lesson's own steps
/// and names instead.
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

    /// A step of `split(_:at:)` that is not part of its equation once the steps before it are
    /// taken out.
    struct StepNotFound: Error {
        let step: GraphBuilder.Equation
    }

    /// The lesson's own split, `steps: [xi1 = -W*X, xi2 = exp(xi1), …]`: each step in turn
    /// replaces every subexpression of the equation equal to its definition (written with the
    /// earlier steps' names) by its name. The steps, then the rest of the equation, are the
    /// result; each node computes exactly what that part of the equation did.
    static func split(_ equation: GraphBuilder.Equation, at steps: [GraphBuilder.Equation]) throws(StepNotFound) -> [GraphBuilder.Equation] {
        var rest = equation.definition
        for step in steps {
            var found = 0
            rest = replacing(step.definition, by: Expr(.variable(step.name), at: step.location), in: rest, count: &found)
            guard found > 0 else { throw StepNotFound(step: step) }
        }
        return steps + [GraphBuilder.Equation(name: equation.name, definition: rest, location: equation.location)]
    }

    /// `expr` with every subexpression equal to `part` (the same operations on the same
    /// names and numbers) replaced by `name`.
    private static func replacing(_ part: Expr, by name: Expr, in expr: Expr, count: inout Int) -> Expr {
        if same(expr, part) {
            count += 1
            return name
        }
        var children: [Expr] = []
        for child in expr.children { children.append(replacing(part, by: name, in: child, count: &count)) }
        return expr.replacingChildren(children)
    }

    /// Whether two expressions apply the same operations to the same operands, wherever written.
    static func same(_ a: Expr, _ b: Expr) -> Bool {
        let head: Bool
        switch (a.kind, b.kind) {
        case (.number(let x), .number(let y)): head = x == y
        case (.variable(let x), .variable(let y)): head = x == y
        case (.negate, .negate): head = true
        case (.binary(let x, _, _), .binary(let y, _, _)): head = x == y
        case (.call(let f, _), .call(let g, _)): head = f == g
        case (.index(_, let i), .index(_, let j)): head = i == j
        default: head = false
        }
        return head && a.children.count == b.children.count && zip(a.children, b.children).allSatisfy { same($0, $1) }
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
