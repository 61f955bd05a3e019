/// The infix operators of the lesson language, from loosest to tightest binding:
/// `+ -`, then `* / @`, then `^` (right-associative).
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
    /// Matrix product: matrix·vector, matrix·matrix, vector·vector (the dot product), vectorᵀ·matrix.
    case matmul = "@"

    /// Binding strength; a larger number binds tighter.
    public var precedence: Int {
        switch self {
        case .add, .subtract: return 1
        case .multiply, .divide, .matmul: return 2
        case .power: return 4
        }
    }

    /// `true` for operators applied element by element with scalar broadcasting.
    public var isElementwise: Bool { self != .matmul }
}
