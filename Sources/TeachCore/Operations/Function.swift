/// The functions a lesson may call, and those only the differentiator writes into partials.
///
/// `operation` is the one place each function is defined; `Typesetter`, `ShapeChecker`,
/// `Program` (values, reverse and forward mode), `Differentiator` and the parser all read it.
///
/// Non-differentiable points take a one-sided rule that reverse mode, forward mode and the
/// symbolic partial share: `relu′(0) = 0`; `|a|′ = sign(a)` with `sign(0) = 0`; at a tie
/// `max(a, b)` and `min(a, b)` pass the whole gradient to `b`, so `max(z, 0)` is exactly
/// `relu(z)`.
public enum Function: String, Sendable, CaseIterable {
    case exp, log, sqrt, sin, cos, tanh, sigmoid, relu
    case absolute = "abs", maximum = "max", minimum = "min"
    case softmax, sum, transpose
    /// The Heaviside step `𝟙(a > 0)`, the derivative of `relu`. Derivatives only.
    case step
    /// `sign(a)`: −1, 0 or 1, the derivative of `|a|`. Derivatives only.
    case sign
    /// `𝟙(a > b)`, `𝟙(a ≥ b)`, `𝟙(a < b)`, `𝟙(a ≤ b)`: the derivatives of `max` and `min`. Derivatives only.
    case greater, greaterOrEqual, less, lessOrEqual
    /// The outer product `a bᵀ` of two vectors. Derivatives only.
    case outer

    /// `true` for the functions a lesson may name; the others appear only in derivatives.
    public var isCallable: Bool {
        switch self {
        case .exp, .log, .sqrt, .sin, .cos, .tanh, .sigmoid, .relu, .absolute, .maximum, .minimum, .softmax, .sum, .transpose:
            return true
        case .step, .sign, .greater, .greaterOrEqual, .less, .lessOrEqual, .outer:
            return false
        }
    }

    /// The functions a lesson may name, in the order the README lists them.
    public static let callable: [Function] = allCases.filter(\.isCallable)

    /// The function a lesson names `spelling`, if any.
    public static func callable(named spelling: String) -> Function? {
        callable.first { $0.rawValue == spelling }
    }

    public var arity: Int { operation.arity }

    /// The function's definition.
    public var operation: Operation {
        switch self {
        case .exp: return Self.expOperation
        case .log: return Self.logOperation
        case .sqrt: return Self.sqrtOperation
        case .sin: return Self.sinOperation
        case .cos: return Self.cosOperation
        case .tanh: return Self.tanhOperation
        case .sigmoid: return Self.sigmoidOperation
        case .relu: return Self.reluOperation
        case .absolute: return Self.absOperation
        case .maximum: return Self.maxOperation
        case .minimum: return Self.minOperation
        case .softmax: return Self.softmaxOperation
        case .sum: return Self.sumOperation
        case .transpose: return Self.transposeOperation
        case .step: return Self.stepOperation
        case .sign: return Self.signOperation
        case .greater: return Self.greaterOperation
        case .greaterOrEqual: return Self.greaterOrEqualOperation
        case .less: return Self.lessOperation
        case .lessOrEqual: return Self.lessOrEqualOperation
        case .outer: return Self.outerOperation
        }
    }

    // MARK: Elementwise functions of one argument

    /// `exp′(a) = e^a`.
    private static let expOperation = Operation.unary(
        form: .exponential, Foundation_exp,
        scaled: { g, _, r in g * r },
        derivative: { .call(.exp, [$0]) })

    /// `log′(a) = 1/a`, defined for `a > 0`.
    private static let logOperation = Operation.unary(
        form: .applied(text: "log", latex: "\\log"), Foundation_log,
        scaled: { g, a, _ in g * (1 / a) },
        derivative: { .number(1) / $0 },
        domain: { a in
            a > 0 ? nil : "log of \(a == 0 ? "zero" : "a negative number (\(NumberFormat().format(a)))")"
        })

    /// `sqrt′(a) = 1/(2√a)`, defined for `a ≥ 0`.
    private static let sqrtOperation = Operation.unary(
        form: .squareRoot, { $0.squareRoot() },
        scaled: { g, _, r in g / (2 * r) },
        derivative: { .number(1) / (.number(2) * .call(.sqrt, [$0])) },
        domain: { a in a >= 0 ? nil : "square root of a negative number (\(NumberFormat().format(a)))" })

    /// `sin′(a) = cos a`.
    private static let sinOperation = Operation.unary(
        form: .applied(text: "sin", latex: "\\sin"), Foundation_sin,
        scaled: { g, a, _ in g * Foundation_cos(a) },
        derivative: { .call(.cos, [$0]) })

    /// `cos′(a) = −sin a`.
    private static let cosOperation = Operation.unary(
        form: .applied(text: "cos", latex: "\\cos"), Foundation_cos,
        scaled: { g, a, _ in g * -Foundation_sin(a) },
        derivative: { -.call(.sin, [$0]) })

    /// `tanh′(a) = 1 − tanh²(a)`.
    private static let tanhOperation = Operation.unary(
        form: .applied(text: "tanh", latex: "\\tanh"), Foundation_tanh,
        scaled: { g, _, r in g * (1 - r * r) },
        derivative: { .number(1) - .binary(.power, .call(.tanh, [$0]), .number(2)) })

    /// `σ(a) = 1/(1 + e^(−a))`, `σ′(a) = σ(a)(1 − σ(a))`; computed without overflow on either side.
    private static let sigmoidOperation = Operation.unary(
        form: .applied(text: "σ", latex: "\\sigma"),
        { a in a >= 0 ? 1 / (1 + Foundation_exp(-a)) : Foundation_exp(a) / (1 + Foundation_exp(a)) },
        scaled: { g, _, r in g * r * (1 - r) },
        derivative: { .call(.sigmoid, [$0]) * (.number(1) - .call(.sigmoid, [$0])) })

    /// `relu(a) = max(0, a)`, `relu′(a) = 𝟙(a > 0)`: 0 at the kink `a = 0`.
    private static let reluOperation = Operation.unary(
        form: .applied(text: "relu", latex: "\\operatorname{relu}"), { $0 > 0 ? $0 : 0 },
        scaled: { g, a, _ in g * (a > 0 ? 1 : 0) },
        derivative: { .call(.step, [$0]) },
        kink: { $0 == 0 })

    /// `|a|′ = sign(a)`: 0 at the kink `a = 0`.
    private static let absOperation = Operation.unary(
        form: .absoluteValue, { Swift.abs($0) },
        scaled: { g, a, _ in g * signum(a) },
        derivative: { .call(.sign, [$0]) },
        kink: { $0 == 0 })

    /// `step(a) = 𝟙(a > 0)`, with derivative 0 (its jump is never differentiated).
    private static let stepOperation = Operation.unary(
        form: .indicator(text: ">", latex: ">"), { $0 > 0 ? 1 : 0 },
        scaled: { g, _, _ in g * 0 },
        derivative: { _ in .number(0) },
        kink: { $0 == 0 })

    /// `sign(a)`, with derivative 0.
    private static let signOperation = Operation.unary(
        form: .applied(text: "sign", latex: "\\operatorname{sign}"), signum,
        scaled: { g, _, _ in g * 0 },
        derivative: { _ in .number(0) },
        kink: { $0 == 0 })

    private static func signum(_ a: Double) -> Double { a > 0 ? 1 : a < 0 ? -1 : 0 }

    // MARK: Elementwise functions of two arguments

    /// `max(a, b)`: `∂/∂a = 𝟙(a > b)`, `∂/∂b = 𝟙(b ≥ a)`; a tie sends the gradient to `b`.
    private static let maxOperation = Operation.binary(
        form: .applied(text: "max", latex: "\\max"), name: "max", { a, b in a > b ? a : b },
        scaled: { slot, g, a, b, _ in g * (slot == 0 ? (a > b ? 1 : 0) : (b >= a ? 1 : 0)) },
        localAdjoint: { slot, a, b, g in g * (slot == 0 ? .call(.greater, [a, b]) : .call(.greaterOrEqual, [b, a])) },
        kink: { $0 == $1 })

    /// `min(a, b)`: `∂/∂a = 𝟙(a < b)`, `∂/∂b = 𝟙(b ≤ a)`; a tie sends the gradient to `b`.
    private static let minOperation = Operation.binary(
        form: .applied(text: "min", latex: "\\min"), name: "min", { a, b in a < b ? a : b },
        scaled: { slot, g, a, b, _ in g * (slot == 0 ? (a < b ? 1 : 0) : (b <= a ? 1 : 0)) },
        localAdjoint: { slot, a, b, g in g * (slot == 0 ? .call(.less, [a, b]) : .call(.lessOrEqual, [b, a])) },
        kink: { $0 == $1 })

    /// An indicator `𝟙(a ∘ b)`, 1 where the relation holds and 0 elsewhere, with derivative 0.
    private static func indicator(_ text: String, _ latex: String, _ holds: @escaping @Sendable (Double, Double) -> Bool) -> Operation {
        Operation.binary(
            form: .indicator(text: text, latex: latex), name: "𝟙", { holds($0, $1) ? 1 : 0 },
            scaled: { _, g, _, _, _ in g * 0 },
            localAdjoint: { _, _, _, _ in .number(0) },
            kink: { $0 == $1 })
    }

    private static let greaterOperation = indicator(">", ">", { $0 > $1 })
    private static let greaterOrEqualOperation = indicator("≥", "\\geq", { $0 >= $1 })
    private static let lessOperation = indicator("<", "<", { $0 < $1 })
    private static let lessOrEqualOperation = indicator("≤", "\\leq", { $0 <= $1 })

    // MARK: Functions of whole tensors

    /// `softmax(z)ₖ = e^{zₖ} / Σₗ e^{zₗ}` of a vector. With `s = softmax(z)`:
    /// `z̄ = s ⊙ (ḡ − ⟨ḡ, s⟩)` and `ṡ = s ⊙ (ż − ⟨ż, s⟩)`.
    private static let softmaxOperation = Operation.tensor(
        arity: 1, form: .applied(text: "softmax", latex: "\\operatorname{softmax}"),
        shape: { s in
            s[0].rank == 1 ? .success(s[0]) : .failure(.init(message: "softmax needs a vector, but has a \(s[0])"))
        },
        value: { $0[0].softmax },
        vjp: { _, _, r, g in let mean = Tensor.dot(g, r); return Tensor.zip(r, g.map { $0 - mean }, *)! },
        jvp: { _, r, d in let mean = Tensor.dot(d[0], r); return Tensor.zip(r, d[0].map { $0 - mean }, *)! },
        localAdjoint: { _, _, call, g in call * (g - .call(.sum, [g * call])) })

    /// `sum(a) = Σᵢ aᵢ`, a scalar: `āᵢ = ḡ`, `ṡ = Σᵢ ȧᵢ`.
    private static let sumOperation = Operation.tensor(
        arity: 1, form: .applied(text: "Σ", latex: "\\operatorname{sum}"),
        shape: { _ in .success(.scalar) },
        value: { $0[0].sum },
        vjp: { _, x, _, g in .filled(g.scalar, shape: x[0].shape) },
        jvp: { _, _, d in d[0].sum },
        localAdjoint: { _, a, _, g in g * Expr(.ones(a[0].shape ?? .scalar)) })

    /// `Aᵀ` (a vector is its own transpose): `Ā = Ḡᵀ`.
    private static let transposeOperation = Operation.tensor(
        arity: 1, form: .transpose,
        shape: { s in .success(s[0].rank == 2 ? .matrix(s[0].dimensions[1], s[0].dimensions[0]) : s[0]) },
        value: { $0[0].transposed },
        vjp: { _, _, _, g in g.transposed },
        jvp: { _, _, d in d[0].transposed },
        localAdjoint: { _, _, _, g in .call(.transpose, [g]) })

    /// `outer(a, b) = a bᵀ`: `ā = Ḡ b`, `b̄ = Ḡᵀ a`.
    private static let outerOperation = Operation.tensor(
        arity: 2, form: .outer,
        shape: { s in
            guard s[0].rank == 1, s[1].rank == 1 else { return .failure(.init(message: "outer needs two vectors")) }
            return .success(.matrix(s[0].dimensions[0], s[1].dimensions[0]))
        },
        value: { Tensor.outer($0[0], $0[1]) },
        vjp: { slot, x, _, g in slot == 0 ? Tensor.matmul(g, x[1]) : Tensor.matmul(g.transposed, x[0]) },
        jvp: { x, _, d in Tensor.outer(d[0], x[1]) + Tensor.outer(x[0], d[1]) },
        localAdjoint: { slot, x, _, g in
            slot == 0 ? .binary(.matmul, g, x[1]) : .binary(.matmul, .call(.transpose, [g]), x[0])
        })
}
