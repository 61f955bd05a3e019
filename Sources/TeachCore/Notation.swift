/// How variable names are typeset, in plain text and in LaTeX.
///
/// A lesson may give any name its own typesetting; otherwise: Greek names become letters
/// (`lambda` → `λ`, `\lambda`), digits after letters become a subscript (`xi1` → `ξ₁`,
/// `\xi_{1}`; `x1w1` → `x₁w₁`), `_` starts a subscript (`net_h1` → `netₕ₁`, `L_reg` → `L_reg`
/// where a letter has no subscript character, `L_{reg}`), and `hat` after a name puts a hat on
/// it (`yhat` → `ŷ`, `\hat{y}`).
public struct Notation: Sendable {
    public var text: [String: String]
    public var latex: [String: String]

    public init(text: [String: String] = [:], latex: [String: String] = [:]) {
        self.text = text
        self.latex = latex
    }

    /// The same notation with each of `names` set in `style`, as `text(_:)` or `latex(_:)`
    /// gives it, so that typesetting one of them is a lookup.
    public func resolved(_ names: [String], style: NumberFormat.Style) -> Notation {
        var resolved = self
        for name in names {
            switch style {
            case .text: if text[name] == nil { resolved.text[name] = text(name) }
            case .latex: if latex[name] == nil { resolved.latex[name] = latex(name) }
            }
        }
        return resolved
    }

    public func text(_ name: String) -> String {
        if let given = text[name] { return given }
        let (base, index) = Self.split(name)
        return Self.runs(base, before: index).map { run, digits in digits ? UnicodeScripts.lowered(run)! : Self.textBase(run) }.joined()
            + (index.map { UnicodeScripts.lowered($0) ?? "_" + $0 } ?? "")
    }

    public func latex(_ name: String) -> String {
        if let given = latex[name] { return given }
        let (base, index) = Self.split(name)
        return Self.runs(base, before: index).map { run, digits in digits ? "_{\(run)}" : Self.latexBase(run) }.joined()
            + (index.map { "_{\($0)}" } ?? "")
    }

    /// A base's runs of digits and of other characters: `x1w` → `x`, `1`, `w` (each inner run of
    /// digits a subscript, as `x1w1` is x₁w₁); the base whole where a run of digits would end it
    /// before its subscript (`w1_2`: a subscript on a subscript).
    private static func runs(_ base: String, before index: String?) -> [(run: String, digits: Bool)] {
        if index != nil, base.last?.isNumber == true { return [(base, false)] }
        var runs: [(run: String, digits: Bool)] = []
        for c in base {
            let digit = c.isASCII && c.isNumber && !runs.isEmpty
            if let last = runs.last, last.digits == digit { runs[runs.count - 1].run.append(c) } else { runs.append((String(c), digit)) }
        }
        return runs
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
        if let letter = GreekLetters.byCommand[base] { return letter }
        if base.count > 3, base.hasSuffix("hat") { return textBase(String(base.dropLast(3))) + "\u{0302}" }
        return base
    }

    private static func latexBase(_ base: String) -> String {
        if GreekLetters.byCommand[base] != nil { return "\\" + base }
        if base.count > 3, base.hasSuffix("hat") { return "\\hat{\(latexBase(String(base.dropLast(3))))}" }
        return base.count > 1 ? "\\mathit{\(base)}" : base
    }
}
