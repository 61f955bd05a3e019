import TeachCore

/// LaTeX math as MathML Core, which current browsers lay out natively (no script, no network):
/// the LaTeX teach writes (`ChainRule` in LaTeX style) and every notation a lesson may write
/// (`NotationLaTeX`'s whitelist).
///
///     \frac{\partial \mathcal{L}}{\partial w} = x_{1}^{2}
///     → <mfrac><mrow><mi mathvariant="normal">∂</mi><mi>ℒ</mi></mrow>…</mfrac><mo>=</mo><msubsup>…
///
/// Letters are `<mi>`, numbers `<mn>`, operators `<mo>`; `\frac`, `\sqrt`, scripts, accents,
/// `\left…\right` and matrices become their MathML elements. Alphabets (`\mathcal`, `\mathbf`, …)
/// map to Unicode's mathematical letters, since MathML Core styles only upright letters itself.
/// Anything outside that subset is an error, never passed through.
enum MathML {
    struct Unsupported: Error {
        let message: String
    }

    /// `<math display="block">…</math>`.
    static func block(_ latex: String) throws(Unsupported) -> String {
        var converter = Converter(latex)
        return "<math display=\"block\">" + (try converter.whole()) + "</math>"
    }

    /// `<math>…</math>`, in a line of text.
    static func inline(_ latex: String) throws(Unsupported) -> String {
        var converter = Converter(latex)
        return "<math>" + (try converter.whole()) + "</math>"
    }
}

private struct Converter {
    private let characters: [Character]
    private var position = 0

    init(_ latex: String) { characters = Array(latex) }

    /// What ends a list of atoms.
    private enum End { case text, group, right, matrix(String) }

    mutating func whole() throws(MathML.Unsupported) -> String {
        let (rows, _) = try list(until: .text)
        guard rows.count == 1 else { try fail("a line break outside a matrix") }
        return Self.row(rows[0])
    }

    private func fail(_ message: String) throws(MathML.Unsupported) -> Never {
        throw MathML.Unsupported(message: message + " at character \(position + 1)")
    }

    private static func row(_ cells: [[String]]) -> String {
        let pieces = cells.flatMap { $0 }
        return pieces.count == 1 ? pieces[0] : "<mrow>" + pieces.joined() + "</mrow>"
    }

    /// Atoms up to `end`: rows (split at `\\`) of cells (split at `&`) of MathML pieces, and for
    /// `\right` the closing delimiter.
    private mutating func list(until end: End, variant: MathAlphabet? = nil) throws(MathML.Unsupported) -> (rows: [[[String]]], closing: String?) {
        var rows: [[[String]]] = [[[]]]
        var base: String?, sub: String?, sup: String?
        /// Whether the last piece is an operand: after none, a `-` before a digit is a sign.
        var afterOperand = false
        func flush() {
            guard let b = base else { return }
            let piece: String
            switch (sub, sup) {
            case (nil, nil): piece = b
            case (let s?, nil): piece = "<msub>" + b + s + "</msub>"
            case (nil, let p?): piece = "<msup>" + b + p + "</msup>"
            case (let s?, let p?): piece = "<msubsup>" + b + s + p + "</msubsup>"
            }
            rows[rows.count - 1][rows[rows.count - 1].count - 1].append(piece)
            afterOperand = !piece.hasPrefix("<mo") && !piece.hasPrefix("<mspace")
            base = nil; sub = nil; sup = nil
        }
        func atom(_ piece: String) { flush(); base = piece }

        while position < characters.count {
            let c = characters[position]
            switch c {
            case " ", "\n", "\t": position += 1
            case "{":
                position += 1
                let inner = try list(until: .group, variant: variant)
                atom(Self.row(inner.rows[0]))
            case "}":
                guard case .group = end else { try fail("a '}' that closes nothing") }
                position += 1
                flush()
                return (rows, nil)
            case "^", "_":
                position += 1
                let script = try argument(variant: nil)
                if base == nil { base = "<mrow></mrow>" }
                if c == "^" {
                    guard sup == nil else { try fail("two superscripts") }
                    sup = script
                } else {
                    guard sub == nil else { try fail("two subscripts") }
                    sub = script
                }
            case "'":
                position += 1
                if base == nil { base = "<mrow></mrow>" }
                sup = "<mo>′</mo>"
            case "&":
                guard case .matrix = end else { try fail("'&' outside a matrix") }
                position += 1
                flush()
                rows[rows.count - 1].append([])
                afterOperand = false
            case "\\":
                position += 1
                guard position < characters.count else { try fail("a '\\' at the end") }
                let next = characters[position]
                if next == "\\" {
                    guard case .matrix = end else { try fail("a line break outside a matrix") }
                    position += 1
                    flush()
                    rows.append([[]])
                    afterOperand = false
                    continue
                }
                guard next.isLetter else {
                    position += 1
                    if let space = Self.spaces[next] { flush(); rows[rows.count - 1][rows[rows.count - 1].count - 1].append(space); continue }
                    guard let escaped = Self.escaped[next] else { try fail("'\\\(next)'") }
                    atom(escaped)
                    continue
                }
                let name = command()
                switch name {
                case "right":
                    guard case .right = end else { try fail("a '\\right' without its '\\left'") }
                    flush()
                    return (rows, try delimiter())
                case "end":
                    guard case .matrix(let environment) = end, try braced() == environment else { try fail("an '\\end' that ends nothing") }
                    flush()
                    return (rows, nil)
                default:
                    if let piece = try construct(name, variant: variant) {
                        atom(piece)
                    } else {
                        flush()
                        rows[rows.count - 1][rows[rows.count - 1].count - 1].append(Self.symbols[name]!)
                    }
                }
            default:
                position += 1
                let lastIsOperand = base.map { !$0.hasPrefix("<mo") } ?? afterOperand
                let signed = c == "-" && !lastIsOperand && position < characters.count && characters[position].isNumber
                if signed || c.isNumber || (c == "." && position < characters.count && characters[position].isNumber) {
                    // A number, with its sign where the minus is one (`(−0.0594)`, `= −0.0091`).
                    var number = signed ? "−" : String(c)
                    while position < characters.count, characters[position].isNumber || characters[position] == "." {
                        number.append(characters[position]); position += 1
                    }
                    atom("<mn>" + (variant.map { $0.map(number) } ?? number) + "</mn>")
                } else if c.isLetter {
                    if let variant {
                        // A word in an alphabet is one identifier: \mathrm{reg}.
                        var word = String(c)
                        while position < characters.count, characters[position].isLetter { word.append(characters[position]); position += 1 }
                        atom(variant.identifier(word))
                    } else {
                        atom("<mi>" + Self.escape(String(c)) + "</mi>")
                    }
                } else if let op = Self.operators[c] {
                    // As in TeX, a bracket written as it stands keeps its size (only \left and \right grow).
                    atom(("()[]|".contains(c) ? "<mo stretchy=\"false\">" : "<mo>") + op + "</mo>")
                } else {
                    try fail("'\(c)'")
                }
            }
        }
        guard case .text = end else { try fail("the end, where a group, '\\right' or '\\end' was still open") }
        flush()
        return (rows, nil)
    }

    /// The piece a command makes, or nil for a symbol of `symbols` (which takes no scripts apart).
    private mutating func construct(_ name: String, variant: MathAlphabet?) throws(MathML.Unsupported) -> String? {
        if let letter = GreekLetters.byCommand[name] {
            return "<mi" + (letter.first!.isUppercase ? " mathvariant=\"normal\"" : "") + ">" + letter + "</mi>"
        }
        if let identifier = Self.identifiers[name] { return identifier }
        if Self.functions.contains(name) { return "<mi>" + name + "</mi>" }
        if let alphabet = MathAlphabet(rawValue: name) { return try argument(variant: alphabet) }
        if let accent = Self.accents[name] {
            let base = try argument(variant: variant)
            return name == "underline" ? "<munder accentunder=\"true\">" + base + "<mo>" + accent + "</mo></munder>"
                : "<mover accent=\"true\">" + base + "<mo>" + accent + "</mo></mover>"
        }
        switch name {
        case "frac", "tfrac", "dfrac":
            let numerator = try argument(variant: variant)
            return "<mfrac>" + numerator + (try argument(variant: variant)) + "</mfrac>"
        case "sqrt": return "<msqrt>" + (try argument(variant: variant)) + "</msqrt>"
        case "text", "textrm", "textit", "textbf": return "<mtext>" + Self.escape(try braced()) + "</mtext>"
        case "operatorname": return "<mi>" + Self.escape(try braced()) + "</mi>"
        case "left":
            let open = try delimiter()
            let inner = try list(until: .right, variant: variant)
            let content = inner.rows[0].flatMap { $0 }.joined()
            // Fences grow only around what is taller than a line (a fraction, a matrix, a root).
            let tall = ["<mfrac", "<mtable", "<msqrt"].contains { content.contains($0) }
            func fence(_ mo: String) -> String { tall ? mo : mo.replacingOccurrences(of: "<mo>", with: "<mo stretchy=\"false\">") }
            return "<mrow>" + fence(open) + content + fence(inner.closing!) + "</mrow>"
        case "begin":
            let environment = try braced()
            guard let fences = Self.matrices[environment] else { try fail("the environment '\(environment)'") }
            let rows = try list(until: .matrix(environment), variant: variant).rows
            let table = "<mtable>" + rows.map { "<mtr>" + $0.map { "<mtd>" + $0.joined() + "</mtd>" }.joined() + "</mtr>" }.joined() + "</mtable>"
            return fences.open.isEmpty ? table : "<mrow><mo>" + fences.open + "</mo>" + table + "<mo>" + fences.close + "</mo></mrow>"
        default:
            guard Self.symbols[name] != nil else { try fail("the command '\\\(name)'") }
            return nil
        }
    }

    /// A command's argument: a braced group or one token (a character, or a command with
    /// what it takes).
    private mutating func argument(variant: MathAlphabet?) throws(MathML.Unsupported) -> String {
        position = skipSpaces()
        guard position < characters.count else { try fail("a missing argument") }
        let c = characters[position]
        position += 1
        switch c {
        case "{": return Self.row(try list(until: .group, variant: variant).rows[0])
        case "\\":
            guard position < characters.count else { try fail("a '\\' at the end") }
            guard characters[position].isLetter else {
                let next = characters[position]
                position += 1
                guard let piece = Self.spaces[next] ?? Self.escaped[next] else { try fail("'\\\(next)'") }
                return piece
            }
            let name = command()
            return try construct(name, variant: variant) ?? Self.symbols[name]!
        default:
            var one = Converter(String(c))
            return Self.row(try one.list(until: .text, variant: variant).rows[0])
        }
    }

    /// The letters of a command's name, after its backslash.
    private mutating func command() -> String {
        var name = ""
        while position < characters.count, characters[position].isLetter { name.append(characters[position]); position += 1 }
        return name
    }

    /// `{text}`, as written.
    private mutating func braced() throws(MathML.Unsupported) -> String {
        position = skipSpaces()
        guard position < characters.count, characters[position] == "{" else { try fail("a missing '{'") }
        var text = "", depth = 0
        position += 1
        while position < characters.count {
            let c = characters[position]
            position += 1
            if c == "}" { if depth == 0 { return text }; depth -= 1 }
            if c == "{" { depth += 1 }
            text.append(c)
        }
        try fail("a '{' never closed")
    }

    /// The delimiter after `\left` or `\right`: `<mo>(</mo>`, or nothing for `.`.
    private mutating func delimiter() throws(MathML.Unsupported) -> String {
        position = skipSpaces()
        guard position < characters.count else { try fail("a missing delimiter") }
        let c = characters[position]
        position += 1
        if c == "." { return "" }
        if c == "\\" {
            if position < characters.count, !characters[position].isLetter {
                let escaped = characters[position]
                position += 1
                switch escaped {
                case "{": return "<mo>{</mo>"
                case "}": return "<mo>}</mo>"
                case "|": return "<mo>‖</mo>"
                default: try fail("the delimiter '\\\(escaped)'")
                }
            }
            let name = command()
            guard let symbol = Self.delimiters[name] else { try fail("the delimiter '\\\(name)'") }
            return "<mo>" + symbol + "</mo>"
        }
        guard let op = Self.operators[c], "()[]|".contains(c) else { try fail("the delimiter '\(c)'") }
        return "<mo>" + op + "</mo>"
    }

    private func skipSpaces() -> Int {
        var p = position
        while p < characters.count, characters[p] == " " { p += 1 }
        return p
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: Tables

    /// Characters that are operators as they stand (`-` is the minus sign).
    static let operators: [Character: String] = [
        "+": "+", "-": "−", "=": "=", "<": "&lt;", ">": "&gt;", "(": "(", ")": ")", "[": "[", "]": "]",
        "|": "|", ",": ",", ";": ";", ":": ":", "!": "!", "?": "?", "/": "/", "*": "∗", ".": ".",
    ]

    /// `\,` and its kind: spacing.
    static let spaces: [Character: String] = [
        ",": "<mspace width=\"0.1667em\"/>", ":": "<mspace width=\"0.2222em\"/>", ";": "<mspace width=\"0.2778em\"/>",
        " ": "<mspace width=\"0.3333em\"/>", "!": "",
    ]

    /// `\{` and the other escaped specials.
    static let escaped: [Character: String] = [
        "{": "<mo>{</mo>", "}": "<mo>}</mo>", "|": "<mo>‖</mo>", "_": "<mi>_</mi>", "%": "<mi>%</mi>",
        "#": "<mi>#</mi>", "&": "<mi>&amp;</mi>", "$": "<mi>$</mi>",
    ]

    /// Letter-like symbols, set upright where TeX sets them so.
    static let identifiers: [String: String] = [
        "partial": "<mi mathvariant=\"normal\">∂</mi>", "nabla": "<mi mathvariant=\"normal\">∇</mi>",
        "ell": "<mi>ℓ</mi>", "infty": "<mi mathvariant=\"normal\">∞</mi>", "hbar": "<mi>ℏ</mi>", "imath": "<mi>ı</mi>",
        "jmath": "<mi>ȷ</mi>", "emptyset": "<mi mathvariant=\"normal\">∅</mi>", "top": "<mi mathvariant=\"normal\">⊤</mi>",
        "intercal": "<mi mathvariant=\"normal\">⊺</mi>", "prime": "<mo>′</mo>",
    ]

    /// Operators and relations by command.
    static let symbols: [String: String] = [
        "star": "⋆", "ast": "∗", "circ": "∘", "cdot": "·", "cdots": "⋯", "ldots": "…", "vdots": "⋮", "ddots": "⋱", "times": "×", "odot": "⊙", "otimes": "⊗", "oplus": "⊕",
        "sum": "∑", "prod": "∏", "langle": "⟨", "rangle": "⟩", "lVert": "‖", "rVert": "‖", "vert": "|", "Vert": "‖",
        "mid": "∣", "lbrack": "[", "rbrack": "]", "leq": "≤", "geq": "≥", "neq": "≠", "approx": "≈", "sim": "∼",
        "propto": "∝", "in": "∈", "to": "→", "mapsto": "↦", "leftarrow": "←", "rightarrow": "→",
    ].mapValues { "<mo>" + $0 + "</mo>" }.merging(["quad": "<mspace width=\"1em\"/>", "qquad": "<mspace width=\"2em\"/>"]) { $1 }

    /// Named functions, set upright.
    static let functions: Set<String> = ["log", "ln", "exp", "max", "min", "arg", "tanh", "sinh", "cosh", "sin", "cos"]

    /// `\left` and `\right` delimiters by command.
    static let delimiters: [String: String] = ["langle": "⟨", "rangle": "⟩", "lVert": "‖", "rVert": "‖", "vert": "|",
                                                "Vert": "‖", "lbrack": "[", "rbrack": "]"]

    /// Accents over (or, for `\underline`, under) their argument.
    static let accents: [String: String] = [
        "hat": "^", "widehat": "^", "tilde": "~", "widetilde": "~", "bar": "¯", "overline": "¯", "underline": "_",
        "vec": "→", "overrightarrow": "→", "dot": "˙", "ddot": "¨", "check": "ˇ", "breve": "˘", "acute": "´",
        "grave": "`", "mathring": "˚",
    ]

    /// Matrix environments and their fences.
    static let matrices: [String: (open: String, close: String)] = [
        "matrix": ("", ""), "bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"),
    ]
}

private extension MathAlphabet {
    /// A word in this alphabet as one identifier.
    func identifier(_ word: String) -> String {
        let mapped = map(word)
        // MathML Core sets a one-letter identifier italic unless told: upright alphabets say so.
        let upright = self == .mathrm && word.count == 1
        return "<mi" + (upright ? " mathvariant=\"normal\"" : "") + ">" + Converter.escape(mapped) + "</mi>"
    }
}
