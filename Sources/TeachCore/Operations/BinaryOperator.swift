/// The infix operators of the lesson language, from loosest to tightest binding:
/// `+ -`, then `* / @`, then `^` (right-associative).
///
/// `operation` is the one place each operator is defined; `Negation.operation` defines `-a`.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
    /// Matrix product: matrix·vector, matrix·matrix, vector·vector (the dot product), vectorᵀ·matrix.
    case matmul = "@"

    /// The operator's definition.
    public var operation: Operation {
        switch self {
        case .add: return Self.addOperation
        case .subtract: return Self.subtractOperation
        case .multiply: return Self.multiplyOperation
        case .divide: return Self.divideOperation
        case .power: return Self.powerOperation
        case .matmul: return Self.matmulOperation
        }
    }

    /// `a + b`: both partials 1.
    private static let addOperation = Operation.binary(
        form: .symbol("+"), name: "+", +,
        scaled: { _, g, _, _, _ in g },
        localAdjoint: { _, _, _, g in g })

    /// `a − b`: partials 1 and −1.
    private static let subtractOperation = Operation.binary(
        form: .symbol("-"), name: "-", -,
        scaled: { slot, g, _, _, _ in slot == 0 ? g : -g },
        localAdjoint: { slot, _, _, g in slot == 0 ? g : -g })

    /// `a ⊙ b` (elementwise, or a scalar times anything): `∂/∂a = b`, `∂/∂b = a`.
    private static let multiplyOperation = Operation.binary(
        form: .symbol("*"), name: "*", *,
        scaled: { slot, g, a, b, _ in g * (slot == 0 ? b : a) },
        localAdjoint: { slot, a, b, g in slot == 0 ? g * b : g * a })

    /// `a / b`: `∂/∂a = 1/b`, `∂/∂b = −a/b²` (reverse mode writes it `−r/b` with `r = a/b`);
    /// forward mode `ṙ = (ȧ b − a ḃ)/b²`. Division by zero is an error.
    private static let divideOperation = Operation.binary(
        form: .symbol("/"), name: "/", /,
        scaled: { slot, g, _, b, r in slot == 0 ? g / b : -g * (r / b) },
        tangent: { a, b, _, da, db in (da * b - a * db) / (b * b) },
        localAdjoint: { slot, a, b, g in slot == 0 ? g / b : -(g * a / .binary(.power, b, .number(2))) },
        domain: { _, b, _ in b == 0 ? "division by zero" : nil })

    /// `a^b`: `∂/∂a = b a^(b−1)`, `∂/∂b = a^b log a` (taken as 0 where `a ≤ 0`, where only whole
    /// exponents are defined). A negative base with a fractional exponent is an error.
    private static let powerOperation = Operation.binary(
        form: .symbol("^"), name: "^", Foundation_pow,
        scaled: { slot, g, a, b, r in slot == 0 ? g * (b * Foundation_pow(a, b - 1)) : g * (a > 0 ? r * Foundation_log(a) : 0) },
        localAdjoint: { slot, a, b, g in
            slot == 0 ? g * b * .binary(.power, a, b - .number(1)) : g * .binary(.power, a, b) * .call(.log, [a])
        },
        domain: { _, _, r in r.isNaN ? "a negative number raised to a non-integer power" : nil })

    /// `A B` with the lectures' vector conventions (a vector is a column on the right, a row on
    /// the left). Given `Ḡ = ∂ℒ/∂C`: `Ā = Ḡ Bᵀ`, `B̄ = Aᵀ Ḡ`; forward `Ċ = Ȧ B + A Ḃ`.
    private static let matmulOperation = Operation.tensor(
        arity: 2, form: .symbol("@"),
        shape: { s in matmulShape(s[0], s[1]) },
        value: { Tensor.matmul($0[0], $0[1]) },
        vjp: { slot, x, _, g in matmulVJP(slot: slot, a: x[0], b: x[1], g: g) },
        jvp: { x, _, d in Tensor.matmul(d[0], x[1]) + Tensor.matmul(x[0], d[1]) },
        localAdjoint: { slot, x, _, g in
            let (a, b) = (x[0], x[1])
            switch (a.shape?.rank ?? 0, b.shape?.rank ?? 0, slot) {
            case (1, 1, 0): return g * b
            case (1, 1, _): return g * a
            case (2, 1, 0): return .call(.outer, [g, b])
            case (1, 2, 0): return .binary(.matmul, b, g)
            case (1, 2, _): return .call(.outer, [a, g])
            case (_, _, 0): return .binary(.matmul, g, .call(.transpose, [b]))
            default: return .binary(.matmul, .call(.transpose, [a]), g)
            }
        })

    /// `[r,c]@[c] = [r]`, `[r,c]@[c,k] = [r,k]`, `[n]@[n] = []`, `[n]@[n,k] = [k]`.
    private static func matmulShape(_ a: Shape, _ b: Shape) -> Result<Shape, Operation.ShapeRuleError> {
        let mismatch = Result<Shape, Operation.ShapeRuleError>.failure(.init(message: "'@' cannot multiply a \(a) by a \(b)"))
        switch (a.rank, b.rank) {
        case (2, 1): return a.dimensions[1] == b.dimensions[0] ? .success(.vector(a.dimensions[0])) : mismatch
        case (2, 2): return a.dimensions[1] == b.dimensions[0] ? .success(.matrix(a.dimensions[0], b.dimensions[1])) : mismatch
        case (1, 1): return a == b ? .success(.scalar) : mismatch
        case (1, 2): return a.dimensions[0] == b.dimensions[0] ? .success(.vector(b.dimensions[1])) : mismatch
        default: return .failure(.init(message: "'@' needs vectors or matrices; use '*' with a scalar"))
        }
    }

    /// The adjoint of one factor of `C = A B`, vectors as columns on the right and rows on the left.
    private static func matmulVJP(slot: Int, a: Tensor, b: Tensor, g: Tensor) -> Tensor {
        switch (a.shape.rank, b.shape.rank, slot) {
        case (1, 1, 0): return b.map { $0 * g.scalar }
        case (1, 1, _): return a.map { $0 * g.scalar }
        case (2, 1, 0): return Tensor.outer(g, b)
        case (1, 2, 0): return Tensor.matmul(b, g)
        case (1, 2, _): return Tensor.outer(a, g)
        case (_, _, 0): return Tensor.matmul(g, b.transposed)
        default: return Tensor.matmul(a.transposed, g)
        }
    }
}

/// The prefix `-a`.
public enum Negation {
    /// `−a`: partial −1.
    public static let operation = Operation.unary(
        form: .symbol("-"), { -$0 },
        scaled: { g, _, _ in -g },
        derivative: { _ in .number(-1) },
        localAdjoint: { _, g in -g })
}
