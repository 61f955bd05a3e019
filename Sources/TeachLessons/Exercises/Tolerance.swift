import Foundation

/// When a student's number counts as the key's, as PrairieLearn defines it:
///
///     relabs:  |s − t| ≤ atol + rtol·|t|
///     sigfig:  |s − t| < 0.51·10^(⌊log₁₀|t|⌋ − digits + 1)
///     decdig:  |s − t| < 0.51·10^(−digits)
///
/// Every rule also accepts `|s − t| ≤ floor`, so a key of exactly 0 (a dead ReLU's gradient)
/// is gradable under `sigfig` too.
public enum Tolerance: Sendable, Equatable {
    case relative(rtol: Double, atol: Double)
    case significantFigures(Int, floor: Double)
    case decimalDigits(Int, floor: Double)

    /// One percent, with an absolute floor of 10⁻⁶.
    public static let standard = Tolerance.relative(rtol: 0.01, atol: 1e-6)

    public func accepts(_ student: Double, key: Double) -> Bool {
        guard student.isFinite, key.isFinite else { return false }
        let error = abs(student - key)
        switch self {
        case .relative(let rtol, let atol):
            return error <= atol + rtol * abs(key)
        case .significantFigures(let digits, let absoluteFloor):
            if error <= absoluteFloor { return true }
            guard key != 0 else { return false }
            let exponent = floor(log10(abs(key))) - Double(digits) + 1
            return error < 0.51 * pow(10, exponent)
        case .decimalDigits(let digits, let absoluteFloor):
            return error <= absoluteFloor || error < 0.51 * pow(10, -Double(digits))
        }
    }

    /// The largest `|s − t|` the rule accepts for `key`: Moodle's absolute tolerance. (The
    /// significant-figure and decimal rules accept strictly less; the boundary itself, one
    /// number, is the only difference.)
    public func halfWidth(key: Double) -> Double {
        switch self {
        case .relative(let rtol, let atol): return atol + rtol * abs(key)
        case .significantFigures(let digits, let absoluteFloor):
            guard key != 0 else { return absoluteFloor }
            return max(absoluteFloor, 0.51 * pow(10, floor(log10(abs(key))) - Double(digits) + 1))
        case .decimalDigits(let digits, let absoluteFloor): return max(absoluteFloor, 0.51 * pow(10, -Double(digits)))
        }
    }

    /// How the rule reads to a student: `within 1% (or 1e−6)`, `to 3 significant figures`.
    public var description: String {
        switch self {
        case .relative(let rtol, let atol):
            return "within \(Self.number(rtol * 100))% (or \(Self.number(atol)))"
        case .significantFigures(let digits, _): return "to \(digits) significant figure\(digits == 1 ? "" : "s")"
        case .decimalDigits(let digits, _): return "to \(digits) decimal place\(digits == 1 ? "" : "s")"
        }
    }

    private static func number(_ value: Double) -> String {
        let text = String(format: "%g", value)
        return text.replacingOccurrences(of: "-", with: "−")
    }
}
