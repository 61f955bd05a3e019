/// How variable names are typeset, in plain text and in LaTeX.
///
/// A lesson may give any name its own typesetting; otherwise: Greek names become letters
/// (`lambda` → `λ`, `\lambda`), trailing digits become a subscript (`xi1` → `ξ₁`, `\xi_{1}`),
/// `_` starts a subscript (`L_reg` → `L_{reg}`), and `hat` after a name puts a hat on it
/// (`yhat` → `ŷ`, `\hat{y}`).
public struct Notation: Sendable {
    public var text: [String: String]
    public var latex: [String: String]

    public init(text: [String: String] = [:], latex: [String: String] = [:]) {
        self.text = text
        self.latex = latex
    }

    private static let greek: [(name: String, letter: String)] = [
        ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ε"), ("zeta", "ζ"),
        ("eta", "η"), ("theta", "θ"), ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"),
        ("pi", "π"), ("rho", "ρ"), ("sigma", "σ"), ("tau", "τ"), ("phi", "φ"), ("chi", "χ"), ("psi", "ψ"),
        ("omega", "ω"), ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"),
        ("Pi", "Π"), ("Sigma", "Σ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
    ]

    private static let subscriptDigits: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
    ]

    public func text(_ name: String) -> String {
        if let given = text[name] { return given }
        let (base, index) = Self.split(name)
        let subscriptText = index.map { i in i.allSatisfy(\.isNumber) ? String(i.compactMap { Self.subscriptDigits[$0] }) : "_" + i } ?? ""
        return Self.textBase(base) + subscriptText
    }

    public func latex(_ name: String) -> String {
        if let given = latex[name] { return given }
        let (base, index) = Self.split(name)
        return Self.latexBase(base) + (index.map { "_{\($0)}" } ?? "")
    }

    /// `xi12` → (`xi`, `12`); `L_reg` → (`L`, `reg`); `w` → (`w`, nil).
    private static func split(_ name: String) -> (String, String?) {
        if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex {
            return (String(name[..<underscore]), String(name[name.index(after: underscore)...]))
        }
        let digits = name.reversed().prefix(while: \.isNumber).count
        guard digits > 0, digits < name.count else { return (name, nil) }
        return (String(name.dropLast(digits)), String(name.suffix(digits)))
    }

    private static func textBase(_ base: String) -> String {
        if let letter = greek.first(where: { $0.name == base })?.letter { return letter }
        if base.count > 3, base.hasSuffix("hat") { return textBase(String(base.dropLast(3))) + "\u{0302}" }
        return base
    }

    private static func latexBase(_ base: String) -> String {
        if greek.contains(where: { $0.name == base }) { return "\\" + base }
        if base.count > 3, base.hasSuffix("hat") { return "\\hat{\(latexBase(String(base.dropLast(3))))}" }
        return base.count > 1 ? "\\mathit{\(base)}" : base
    }
}
