/// Everything teach knows about one operation of the lesson language: how it is typeset, the
/// shapes it accepts, its value, its vector–Jacobian product (reverse mode), its
/// Jacobian–vector product (forward mode), its symbolic local derivative, and where it is not
/// differentiable. `Function.operation` and `BinaryOperator.operation` hold one such record per
/// case, so a new operation is one new case and one new record.
///
/// Elementwise operations are built from their scalar rules (`unary`, `binary`), which fixes
/// broadcasting, shapes, reverse and forward mode once for all of them.
///
/// A class, so that handing an instruction or an expression its operation shares the one
/// record instead of copying ten closures.
public final class Operation: Sendable {
    /// How a call is written; `Typesetter` renders each form in text and LaTeX.
    public enum Form: Sendable {
        /// `σ(z)`, `max(a, b)`: a head and its arguments in parentheses.
        case applied(text: String, latex: String)
        /// `exp(a)` in text, `e^{a}` in LaTeX.
        case exponential
        /// `√(a)`, `\sqrt{a}`.
        case squareRoot
        /// `|a|`.
        case absoluteValue
        /// `aᵀ`.
        case transpose
        /// `a bᵀ`.
        case outer
        /// `𝟙(a > b)`; with one argument the right side is 0 (`𝟙(a > 0)`).
        case indicator(text: String, latex: String)
        /// An infix or prefix operator, typeset by its binding strength.
        case symbol(String)
    }

    /// The number of operands.
    public let arity: Int
    /// `true` when each element of the result depends only on the same element of each operand
    /// (scalars broadcast), so the local derivative is a partial of the operand's shape.
    public let isElementwise: Bool
    public let form: Form
    /// The result's shape, or what is wrong with the operands' shapes.
    let shape: @Sendable (_ operands: [Shape]) -> Result<Shape, ShapeRuleError>
    /// The value, or why it cannot be computed (`log` of a negative number).
    let value: @Sendable (_ operands: [Tensor]) throws(DomainError) -> Tensor
    /// `(∂result/∂operand_slot)ᵀ ḡ`, the operand's share of the result's adjoint `ḡ`.
    let vjp: @Sendable (_ slot: Int, _ operands: [Tensor], _ result: Tensor, _ adjoint: Tensor) -> Tensor
    /// `Σₖ (∂result/∂operandₖ) ẋₖ`, the result's tangent (every operand has one, zeros if held).
    let jvp: @Sendable (_ operands: [Tensor], _ result: Tensor, _ tangents: [Tensor]) -> Tensor
    /// The symbolic VJP: the adjoint that `adjoint` (arriving at `call`) sends to the operand in
    /// `slot`, before a broadcast scalar operand sums it.
    let localAdjoint: @Sendable (_ slot: Int, _ operands: [Expr], _ call: Expr, _ adjoint: Expr) -> Expr
    /// `true` where the operation is not differentiable at these operands (relu at 0, a tie of
    /// max); there reverse mode takes the one-sided rule the record states and central
    /// differences disagree.
    let isAtKink: @Sendable (_ operands: [Tensor]) -> Bool
    /// The rule of an elementwise operation on single numbers (the one its tensor rules are
    /// built from), for constant folding and for graphs of scalars (`ScalarTape`).
    let scalar: ScalarRule?

    /// An elementwise operation on numbers: its value `f`; reverse mode's `scaled`, the share
    /// `ḡ · ∂r/∂operand` of the result's adjoint ḡ (`unary`'s and `binary`'s rules); and why a
    /// value cannot be computed (nil where it can): `domain(a)` for one operand,
    /// `domain(a, b, r)` with the result for two.
    enum ScalarRule: Sendable {
        case unary(@Sendable (Double) -> Double, scaled: @Sendable (_ g: Double, _ a: Double, _ r: Double) -> Double,
                   domain: (@Sendable (Double) -> String?)?)
        case binary(@Sendable (Double, Double) -> Double,
                    scaled: @Sendable (_ slot: Int, _ g: Double, _ a: Double, _ b: Double, _ r: Double) -> Double,
                    domain: (@Sendable (Double, Double, Double) -> String?)?)

        /// The number of operands.
        var arity: Int {
            switch self {
            case .unary: 1
            case .binary: 2
            }
        }
    }

    init(arity: Int, isElementwise: Bool, form: Form,
         shape: @escaping @Sendable ([Shape]) -> Result<Shape, ShapeRuleError>,
         value: @escaping @Sendable ([Tensor]) throws(DomainError) -> Tensor,
         vjp: @escaping @Sendable (Int, [Tensor], Tensor, Tensor) -> Tensor,
         jvp: @escaping @Sendable ([Tensor], Tensor, [Tensor]) -> Tensor,
         localAdjoint: @escaping @Sendable (Int, [Expr], Expr, Expr) -> Expr,
         isAtKink: @escaping @Sendable ([Tensor]) -> Bool, scalar: ScalarRule?) {
        self.arity = arity
        self.isElementwise = isElementwise
        self.form = form
        self.shape = shape
        self.value = value
        self.vjp = vjp
        self.jvp = jvp
        self.localAdjoint = localAdjoint
        self.isAtKink = isAtKink
        self.scalar = scalar
    }

    /// The error message of a shape rule.
    public struct ShapeRuleError: Error, Sendable { public let message: String }
    /// The error message of a value that cannot be computed.
    public struct DomainError: Error, Sendable { public let message: String }
}

extension Operation {
    /// A non-elementwise operation, each rule given on whole tensors.
    static func tensor(arity: Int, form: Form,
                       shape: @escaping @Sendable ([Shape]) -> Result<Shape, ShapeRuleError>,
                       value: @escaping @Sendable ([Tensor]) -> Tensor,
                       vjp: @escaping @Sendable (Int, [Tensor], Tensor, Tensor) -> Tensor,
                       jvp: @escaping @Sendable ([Tensor], Tensor, [Tensor]) -> Tensor,
                       localAdjoint: @escaping @Sendable (Int, [Expr], Expr, Expr) -> Expr) -> Operation {
        Operation(arity: arity, isElementwise: false, form: form, shape: shape, value: { x throws(DomainError) in value(x) },
                  vjp: vjp, jvp: jvp, localAdjoint: localAdjoint, isAtKink: { _ in false }, scalar: nil)
    }

    /// An elementwise function of one operand, `r = f(a)`.
    ///
    /// - `scaled(ḡ, a, r)` is `ḡ · f′(a)`, written in the order its rounding should follow;
    ///   forward mode uses the same rule with the tangent for `ḡ`: `ṙ = f′(a) ȧ`.
    /// - `derivative(a)` is `f′(a)` as the lectures write it; the symbolic adjoint is `ḡ · f′(a)`.
    /// - `localAdjoint(a, ḡ)` replaces that symbolic adjoint where a shorter form reads better.
    /// - `domain(a)` says why `f(a)` cannot be computed, or nil.
    static func unary(form: Form, _ f: @escaping @Sendable (Double) -> Double,
                      scaled: @escaping @Sendable (_ g: Double, _ a: Double, _ r: Double) -> Double,
                      derivative: @escaping @Sendable (Expr) -> Expr,
                      localAdjoint: (@Sendable (_ a: Expr, _ g: Expr) -> Expr)? = nil,
                      domain: (@Sendable (Double) -> String?)? = nil,
                      kink: @escaping @Sendable (Double) -> Bool = { _ in false }) -> Operation {
        Operation(
            arity: 1, isElementwise: true, form: form,
            shape: { .success($0[0]) },
            value: { x throws(DomainError) in
                if let domain {
                    for a in x[0].scalars { if let problem = domain(a) { throw DomainError(message: problem) } }
                }
                return x[0].map(f)
            },
            vjp: { _, x, r, g in
                Tensor(shape: g.shape, scalars: (0..<g.scalars.count).map { scaled(g.scalars[$0], x[0].scalars[$0], r.scalars[$0]) })
            },
            jvp: { x, r, d in
                Tensor(shape: r.shape, scalars: (0..<r.scalars.count).map { scaled(d[0].scalars[$0], x[0].scalars[$0], r.scalars[$0]) })
            },
            localAdjoint: { _, a, _, g in localAdjoint?(a[0], g) ?? g * derivative(a[0]) },
            isAtKink: { x in x[0].scalars.contains(where: kink) },
            scalar: .unary(f, scaled: scaled, domain: domain))
    }

    /// An elementwise operation of two operands, `r = f(a, b)`, a scalar operand broadcasting
    /// against the other.
    ///
    /// - `scaled(slot, ḡ, a, b, r)` is `ḡ · ∂f/∂(a or b)`; reverse mode sums it over the
    ///   broadcast elements of a scalar operand.
    /// - `tangent(a, b, r, ȧ, ḃ)` is forward mode's `ṙ`; by default
    ///   `scaled(0, ȧ, …) + scaled(1, ḃ, …)`.
    /// - `localAdjoint(slot, a, b, ḡ)` is the symbolic form of `scaled`.
    /// - `domain(a, b, r)` says why the value cannot be computed, or nil.
    static func binary(form: Form, name: String, _ f: @escaping @Sendable (Double, Double) -> Double,
                       scaled: @escaping @Sendable (_ slot: Int, _ g: Double, _ a: Double, _ b: Double, _ r: Double) -> Double,
                       tangent: (@Sendable (_ a: Double, _ b: Double, _ r: Double, _ da: Double, _ db: Double) -> Double)? = nil,
                       localAdjoint: @escaping @Sendable (_ slot: Int, _ a: Expr, _ b: Expr, _ g: Expr) -> Expr,
                       domain: (@Sendable (Double, Double, Double) -> String?)? = nil,
                       kink: @escaping @Sendable (Double, Double) -> Bool = { _, _ in false }) -> Operation {
        let tangent = tangent ?? { a, b, r, da, db in scaled(0, da, a, b, r) + scaled(1, db, a, b, r) }
        return Operation(
            arity: 2, isElementwise: true, form: form,
            shape: { s in
                guard let shape = Tensor.broadcastShape(s[0], s[1]) else {
                    return .failure(ShapeRuleError(message: "'\(name)' needs equal shapes or a scalar operand, but has \(s[0]) and \(s[1])"))
                }
                return .success(shape)
            },
            value: { x throws(DomainError) in
                let r = Tensor.zip(x[0], x[1], f)!
                if let domain {
                    for i in r.scalars.indices {
                        if let problem = domain(x[0].element(i), x[1].element(i), r.scalars[i]) { throw DomainError(message: problem) }
                    }
                }
                return r
            },
            vjp: { slot, x, r, g in
                Tensor(shape: r.shape, scalars: (0..<r.scalars.count).map { i in
                    scaled(slot, g.scalars[i], x[0].element(i), x[1].element(i), r.scalars[i])
                }).unbroadcast(to: x[slot].shape)
            },
            jvp: { x, r, d in
                Tensor(shape: r.shape, scalars: (0..<r.scalars.count).map { i in
                    tangent(x[0].element(i), x[1].element(i), r.scalars[i], d[0].element(i), d[1].element(i))
                })
            },
            localAdjoint: { slot, operands, _, g in localAdjoint(slot, operands[0], operands[1], g) },
            isAtKink: { x in
                let count = max(x[0].scalars.count, x[1].scalars.count)
                return (0..<count).contains { kink(x[0].element($0), x[1].element($0)) }
            },
            scalar: .binary(f, scaled: scaled, domain: domain))
    }
}

extension Tensor {
    /// Element `i` of a value broadcast to a larger shape: a scalar is the same everywhere.
    @inline(__always) func element(_ i: Int) -> Double { isScalar ? scalars[0] : scalars[i] }
}
