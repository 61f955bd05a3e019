/// Writes expressions as a person reads them: plain Unicode text (`σ(z)(1 − σ(z))`) or LaTeX
/// (`\sigma(z)\left(1 - \sigma(z)\right)`), with only the parentheses precedence requires.
///
/// With `values`, variables are replaced by their formatted values (`0.8·1.5 + (−0.3)`),
/// negative values always in parentheses.
public struct Typesetter: Sendable {
    public let style: NumberFormat.Style
    public let notation: Notation
    /// The name of the node whose derivatives adjoints denote (`ℒ` in `∂ℒ/∂z`).
    public let loss: String
    public let format: NumberFormat

    public init(style: NumberFormat.Style, notation: Notation, loss: String, format: NumberFormat) {
        self.style = style
        self.notation = notation
        self.loss = loss
        self.format = format
    }

    /// Binding strengths: sums, products, signs, powers, atoms.
    private enum Level: Int, Comparable {
        case sum = 1, product, sign, power, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    private struct Rendered {
        let text: String
        let level: Level
        /// The rendering is a number (or a substituted value), so a product needs a visible dot.
        let isNumeric: Bool
    }

    /// The name of a variable.
    public func name(_ name: String) -> String { style == .latex ? notation.latex(name) : notation.text(name) }

    /// `∂ℒ/∂name`, the adjoint of a node.
    public func adjoint(_ of: String) -> String { derivative(loss, of) }

    /// `∂a/∂b`.
    public func derivative(_ a: String, _ b: String) -> String { derivative(typeset: name(a), name(b)) }

    /// `∂a/∂b` of two names already typeset.
    public func derivative(typeset a: String, _ b: String) -> String {
        style == .latex ? "\\frac{\\partial \(a)}{\\partial \(b)}" : "∂\(a)/∂\(b)"
    }

    public func render(_ expr: Expr, values: ((String) -> Tensor?)? = nil) -> String {
        render(expr, values).text
    }

    public func number(_ value: Double) -> String { format.format(value, style: style) }

    /// `expr` as the right factor of a product: in parentheses where it is a sum or has a sign,
    /// `(y − t)` in `∂ℒ/∂y · (y − t)`.
    public func factor(_ expr: Expr) -> String {
        let rendered = render(expr, nil)
        guard rendered.level <= .sign else { return rendered.text }
        return style == .latex ? "\\left(\(rendered.text)\\right)" : "(\(rendered.text))"
    }

    private func render(_ e: Expr, _ values: ((String) -> Tensor?)?) -> Rendered {
        let latex = style == .latex
        switch e.kind {
        case .number(let v):
            return Rendered(text: number(v), level: v < 0 ? .sign : .atom, isNumeric: true)
        case .variable(let n):
            if let value = values?(n), value.isScalar {
                let text = number(value.scalar)
                return value.scalar < 0 || text.hasPrefix("−") || text.hasPrefix("-")
                    ? Rendered(text: parenthesized(text), level: .atom, isNumeric: true)
                    : Rendered(text: text, level: .atom, isNumeric: true)
            }
            return Rendered(text: name(n), level: .atom, isNumeric: false)
        case .adjoint(let n):
            return Rendered(text: adjoint(n), level: .atom, isNumeric: false)
        case .ones:
            return Rendered(text: latex ? "\\mathbf{1}" : "𝟙", level: .atom, isNumeric: false)
        case .basis(let indices, _):
            let list = indices.map(String.init).joined(separator: ",")
            return Rendered(text: latex ? "e_{\(list)}" : "e[\(list)]", level: .atom, isNumeric: false)
        case .negate(let a):
            return Rendered(text: (latex ? "-" : "−") + operand(a, at: .product, values), level: .sign, isNumeric: false)
        case .index(let a, let indices):
            let list = indices.map(String.init).joined(separator: ",")
            let base = operand(a, at: .atom, values)
            return Rendered(text: latex ? "\(base)_{\(list)}" : "\(base)[\(list)]", level: .atom, isNumeric: false)
        case .binary(let op, let a, let b):
            return binary(op, a, b, hadamard: !(a.shape?.isScalar ?? true) && !(b.shape?.isScalar ?? true), values)
        case .call(let function, let arguments):
            return call(function, arguments, values)
        }
    }

    private func parenthesized(_ s: String) -> String { style == .latex ? "\\left(\(s)\\right)" : "(\(s))" }

    private func operand(_ e: Expr, at level: Level, _ values: ((String) -> Tensor?)?) -> String {
        let r = render(e, values)
        return r.level < level ? parenthesized(r.text) : r.text
    }

    private func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, hadamard: Bool,
                        _ values: ((String) -> Tensor?)?) -> Rendered {
        let latex = style == .latex
        switch op {
        case .add, .subtract:
            let sign = op == .add ? " + " : (latex ? " - " : " − ")
            let right = operand(b, at: op == .add ? .product : .sign, values)
            return Rendered(text: operand(a, at: .sum, values) + sign + right, level: .sum, isNumeric: false)
        case .multiply, .matmul:
            let left = render(a, values), right = render(b, values)
            let l = left.level < .product ? parenthesized(left.text) : left.text
            let r = right.level <= .sign ? parenthesized(right.text) : right.text
            let joiner: String
            if op == .multiply && hadamard {
                joiner = latex ? " \\odot " : " ⊙ "
            } else if left.isNumeric || right.isNumeric {
                joiner = latex ? " \\cdot " : "·"
            } else if r.hasPrefix("(") || r.hasPrefix("\\left(") {
                joiner = ""
            } else {
                joiner = " "
            }
            return Rendered(text: l + joiner + r, level: .product, isNumeric: false)
        case .divide:
            if latex {
                return Rendered(text: "\\frac{\(render(a, values).text)}{\(render(b, values).text)}", level: .atom, isNumeric: false)
            }
            if let p = a.numberValue, let q = b.numberValue, let glyph = Self.vulgarFraction(p, q) {
                return Rendered(text: glyph, level: .atom, isNumeric: false)
            }
            let slash = hadamard ? " ⊘ " : "/"
            return Rendered(text: operand(a, at: .product, values) + slash + operand(b, at: .power, values),
                            level: .product, isNumeric: false)
        case .power:
            let base = operand(a, at: .atom, values)
            let numeric = render(a, values).isNumeric
            if latex { return Rendered(text: Self.raised(base, render(b, values).text), level: .power, isNumeric: numeric) }
            if let v = b.numberValue, let small = Self.superscript(v) {
                return Rendered(text: base + small, level: .power, isNumeric: numeric)
            }
            return Rendered(text: base + "^" + operand(b, at: .atom, values), level: .power, isNumeric: numeric)
        }
    }

    /// `½`, `⅓`, `¼` … for the fractions that have a glyph, or nil.
    private static func vulgarFraction(_ p: Double, _ q: Double) -> String? {
        let glyphs: [String: String] = ["1/2": "½", "1/3": "⅓", "2/3": "⅔", "1/4": "¼", "3/4": "¾", "1/5": "⅕", "1/6": "⅙", "1/8": "⅛"]
        guard let n = Int(exactly: p), let d = Int(exactly: q) else { return nil }
        return glyphs["\(n)/\(d)"]
    }

    /// `²` for a small whole exponent, or nil.
    private static func superscript(_ v: Double) -> String? {
        guard let n = Int(exactly: v), (0...9).contains(n) else { return nil }
        return String(Array("⁰¹²³⁴⁵⁶⁷⁸⁹")[n])
    }

    private func call(_ function: Function, _ arguments: [Expr], _ values: ((String) -> Tensor?)?) -> Rendered {
        let latex = style == .latex
        let inner = arguments.map { render($0, values) }
        // In a list of arguments a substituted negative value needs no parentheses: max(2, −1).
        let argument = inner.count == 1 ? inner[0].text : inner.map { listed($0) }.joined(separator: ", ")
        func applied(_ head: String) -> Rendered {
            // A substituted negative value already carries its parentheses.
            let alreadyEnclosed = inner.count == 1 && inner[0].isNumeric && (argument.hasPrefix("(") || argument.hasPrefix("\\left("))
            return Rendered(text: head + (alreadyEnclosed ? argument : parenthesized(argument)), level: .atom, isNumeric: false)
        }
        switch function.operation.form {
        case .applied(let text, let latexHead): return applied(latex ? latexHead : text)
        case .exponential:
            return latex ? Rendered(text: "e^{\(argument)}", level: .power, isNumeric: false) : applied("exp")
        case .squareRoot: return latex ? Rendered(text: "\\sqrt{\(argument)}", level: .atom, isNumeric: false) : applied("√")
        case .absoluteValue:
            return Rendered(text: latex ? "\\left|\(argument)\\right|" : "|\(argument)|", level: .atom, isNumeric: false)
        case .indicator(let text, let latexRelation):
            let relation = " \(latex ? latexRelation : text) "
            let sides = inner.map(\.text).joined(separator: relation) + (inner.count == 1 ? relation + "0" : "")
            return Rendered(text: latex ? "\\mathbf{1}\\left(\(sides)\\right)" : "𝟙(\(sides))", level: .atom, isNumeric: false)
        case .transpose:
            let base = operand(arguments[0], at: .atom, values)
            return Rendered(text: latex ? Self.raised(base, "\\top") : "\(base)ᵀ", level: .power, isNumeric: false)
        case .outer:
            let a = operand(arguments[0], at: .power, values), b = operand(arguments[1], at: .atom, values)
            return Rendered(text: latex ? "\(a) " + Self.raised(b, "\\top") : "\(a) \(b)ᵀ", level: .product, isNumeric: false)
        case .symbol(let symbol): preconditionFailure("'\(symbol)' is an operator, not a function")
        }
    }

    /// A substituted value without the parentheses it carries for products.
    private func listed(_ r: Rendered) -> String {
        guard r.isNumeric else { return r.text }
        for (open, close) in [("(", ")"), ("\\left(", "\\right)")] where r.text.hasPrefix(open) && r.text.hasSuffix(close) {
            return String(r.text.dropFirst(open.count).dropLast(close.count))
        }
        return r.text
    }

    /// `base^{exponent}` in LaTeX; a base that already carries a superscript (`W^{(2)}`) is
    /// braced first, since `W^{(2)}^{\top}` is a double superscript.
    static func raised(_ base: String, _ exponent: String) -> String {
        (base.contains("^") ? "{\(base)}" : base) + "^{\(exponent)}"
    }
}
