/// The functions a lesson may call, plus the few that only appear in derivatives.
public enum Function: String, Sendable, CaseIterable {
    case exp, log, sqrt, sin, cos, tanh, sigmoid, relu, softmax, sum, transpose
    /// The Heaviside step `𝟙(a > 0)`, the derivative of `relu`. Derivatives only.
    case step
    /// The outer product `a bᵀ` of two vectors. Derivatives only.
    case outer

    /// The functions a lesson may name; `step` and `outer` are written by the differentiator.
    public static let callable: [Function] = [.exp, .log, .sqrt, .sin, .cos, .tanh, .sigmoid, .relu,
                                              .softmax, .sum, .transpose]

    public var arity: Int { self == .outer ? 2 : 1 }

    /// `true` when the function acts on each element on its own (so its Jacobian is diagonal).
    public var isElementwise: Bool {
        switch self {
        case .softmax, .sum, .transpose, .outer: return false
        default: return true
        }
    }

    /// Applies an elementwise function to one number.
    ///
    ///     σ(a) = 1 / (1 + e^(−a)),   relu(a) = max(0, a),   step(a) = 𝟙(a > 0)
    public func apply(_ a: Double) -> Double {
        switch self {
        case .exp: return Foundation_exp(a)
        case .log: return Foundation_log(a)
        case .sqrt: return a.squareRoot()
        case .sin: return Foundation_sin(a)
        case .cos: return Foundation_cos(a)
        case .tanh: return Foundation_tanh(a)
        case .sigmoid: return a >= 0 ? 1 / (1 + Foundation_exp(-a)) : Foundation_exp(a) / (1 + Foundation_exp(a))
        case .relu: return a > 0 ? a : 0
        case .step: return a > 0 ? 1 : 0
        case .softmax, .sum, .transpose, .outer: preconditionFailure("\(self) is not elementwise")
        }
    }

    /// The derivative of an elementwise function, as the lectures write it.
    ///
    ///     exp′(a) = e^a          log′(a) = 1/a        sqrt′(a) = 1/(2√a)
    ///     sin′(a) = cos a        cos′(a) = −sin a     tanh′(a) = 1 − tanh²(a)
    ///     σ′(a) = σ(a)(1 − σ(a)) relu′(a) = 𝟙(a > 0)  step′(a) = 0
    public func derivative(at a: Expr) -> Expr {
        switch self {
        case .exp: return .call(.exp, [a])
        case .log: return .number(1) / a
        case .sqrt: return .number(1) / (.number(2) * .call(.sqrt, [a]))
        case .sin: return .call(.cos, [a])
        case .cos: return -.call(.sin, [a])
        case .tanh: return .number(1) - .binary(.power, .call(.tanh, [a]), .number(2))
        case .sigmoid: return .call(.sigmoid, [a]) * (.number(1) - .call(.sigmoid, [a]))
        case .relu: return .call(.step, [a])
        case .step: return .number(0)
        case .softmax, .sum, .transpose, .outer: preconditionFailure("\(self) is not elementwise")
        }
    }
}
