import TeachCore

/// The LaTeX a lesson may write for a name's notation (`notation: {w: '\hat{w}'}`), checked at
/// load time by a whitelist of *tokens* and the structure TeX needs, so that every notation that
/// passes is harmless to and compiles in pdflatex (with amsmath and amssymb, as `slides.tex`
/// loads them), GitHub's MathJax and KaTeX:
///
/// - characters: ASCII letters and digits, spaces, and `+ - * / = < > ( ) [ ] | . , ; : ! ? '`;
///   nothing else raw (no `&`, `%`, `#`, `$`, `~`, `"`, control characters or non-ASCII
///   letters, which pdflatex's default fonts cannot set: `ω` is written `\omega`);
/// - `\` starts one of `commands` or escapes one of `symbols`; `\\` and every other command
///   (`\input`, `\catcode`, …) are refused, and `^^`, TeX's way of spelling any character, is a
///   superscript without an argument;
/// - structure: braces balance; `^` and `_` take an argument, at most one each per base (a
///   prime `'` counts as a superscript); a command takes its arguments (`\frac` two, an accent
///   or alphabet one), each a braced group or a single token; `\left` and `\right` pair up
///   inside one group, each with a delimiter; a text argument (`\text{…}`) holds only letters,
///   digits, spaces and `- , . ( ) : '`.
enum NotationLaTeX {
    /// Commands with the number of arguments they take, in a fixed order for suggestions.
    static let arity: [(name: String, arguments: Int)] =
        // Accents and decorations.
        ["hat", "widehat", "tilde", "widetilde", "bar", "overline", "underline", "vec", "dot", "ddot",
         "check", "breve", "acute", "grave", "mathring", "overrightarrow"].map { ($0, 1) }
        // Greek letters and their variants.
        + ["alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
           "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
           "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
           "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"].map { ($0, 0) }
        // Alphabets (math) and text.
        + ["mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "boldsymbol"].map { ($0, 1) }
        + textCommands.map { ($0, 1) }
        // Symbols and operators.
        + ["ell", "partial", "nabla", "top", "intercal", "prime", "star", "ast", "circ", "cdot", "times",
           "odot", "otimes", "oplus", "infty", "hbar", "imath", "jmath", "emptyset", "sum", "prod",
           "log", "ln", "exp", "max", "min", "arg", "tanh", "sinh", "cosh", "sin", "cos",
           "langle", "rangle", "lVert", "rVert", "vert", "Vert", "mid", "lbrack", "rbrack",
           "leq", "geq", "neq", "approx", "sim", "propto", "in", "to", "mapsto", "leftarrow", "rightarrow",
           "quad", "qquad"].map { ($0, 0) }
        + [("frac", 2), ("tfrac", 2), ("dfrac", 2), ("sqrt", 1), ("left", 0), ("right", 0)]

    static let commands: [String] = arity.map(\.name)

    /// Commands whose argument is set as text: only letters, digits, spaces and `textSymbols`.
    static let textCommands = ["operatorname", "text", "textrm", "textit", "textbf"]
    static let textSymbols: Set<Character> = ["-", ",", ".", "(", ")", ":", "'", " "]

    /// The characters a backslash may escape in math mode: spacing (`\,` `\;` `\:` `\!` `\ `),
    /// braces, bars and the specials. Text accents such as `\"` or `\^` fail in math mode, and
    /// `\\` ends a line, which math cannot.
    static let symbols: [Character] = [",", ";", ":", "!", " ", "{", "}", "|", "_", "%", "#", "&", "$"]

    /// The characters allowed as they are.
    static let plain: Set<Character> = Set("+-*/=<>()[]|.,;:!?' ")

    /// What may follow `\left` or `\right`.
    static let delimiters: Set<String> = ["(", ")", "[", "]", ".", "|", "\\{", "\\}", "\\|",
                                          "\\langle", "\\rangle", "\\lVert", "\\rVert", "\\vert", "\\Vert", "\\lbrack", "\\rbrack"]

    /// Greek letters as they may be typed, with the command that sets them.
    static let greek: [Character: String] = {
        let lower = Array("αβγδεζηθικλμνξπρστυφχψω"), upper = Array("ΓΔΘΛΞΠΣΥΦΨΩ")
        let lowerNames = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
                          "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
        let upperNames = ["Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"]
        return Dictionary(uniqueKeysWithValues: Array(zip(lower, lowerNames)) + Array(zip(upper, upperNames)))
    }()

    /// A problem in one notation string: where (a character offset) and what.
    struct Problem: Error {
        let offset: Int
        let message: String
    }

    /// The first problem in `latex`, or nil when pdflatex and the Markdown renderers accept it.
    static func firstProblem(in latex: String) -> Problem? {
        var parser = Parser(characters: Array(latex))
        do {
            try parser.list(closing: nil)
            return nil
        } catch {
            return error
        }
    }

    /// One token: a character, an escaped symbol (`\{`) or a command (`\hat`), at `offset`.
    struct Token {
        enum Kind: Equatable { case character(Character), escaped(Character), command(String) }
        let kind: Kind
        let offset: Int

        var spelling: String {
            switch kind {
            case .character(let c): return String(c)
            case .escaped(let c): return "\\" + String(c)
            case .command(let name): return "\\" + name
            }
        }
    }

    struct Parser {
        let characters: [Character]
        var index = 0
        var depth = 0

        init(characters: [Character]) { self.characters = characters }

        /// The next token, unread.
        func peek() throws(Problem) -> Token? {
            guard index < characters.count else { return nil }
            let c = characters[index]
            guard c == "\\" else { return Token(kind: .character(c), offset: index) }
            guard index + 1 < characters.count else { throw Problem(offset: index, message: "a lone '\\' ends the notation") }
            let next = characters[index + 1]
            guard next.isASCII, next.isLetter else {
                guard NotationLaTeX.symbols.contains(next) else {
                    let shown = next.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
                        ? next.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined()
                        : "\\" + String(next)
                    throw Problem(offset: index, message: "'\(shown)' is not allowed in notation: after '\\' write a command's name, "
                                  + "spacing (\\, \\; \\: \\!) or an escaped special (\\{ \\} \\| \\_ \\% \\# \\& \\$)")
                }
                return Token(kind: .escaped(next), offset: index)
            }
            var end = index + 1
            while end < characters.count, characters[end].isASCII, characters[end].isLetter { end += 1 }
            let name = String(characters[(index + 1)..<end])
            guard NotationLaTeX.commands.contains(name) else {
                let hint = Suggestion.closest(to: name, in: NotationLaTeX.commands).map { " (did you mean '\\\($0)'?)" } ?? ""
                throw Problem(offset: index, message: "unknown LaTeX command '\\\(name)'\(hint); notation may use "
                              + "Greek letters, accents such as \\hat, alphabets such as \\mathcal and common math symbols")
            }
            return Token(kind: .command(name), offset: index)
        }

        mutating func next() throws(Problem) -> Token? {
            guard let token = try peek() else { return nil }
            switch token.kind {
            case .character: index += 1
            case .escaped: index += 2
            case .command(let name): index += 1 + name.count
            }
            return token
        }

        /// Atoms until the `}` closing the group opened at `closing` (nil: the end).
        mutating func list(closing open: Int?) throws(Problem) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 32 else { throw Problem(offset: index, message: "notation nests deeper than 32 groups") }
            // TeX allows one superscript and one subscript per base; primes come before the
            // superscript and merge with it (w'^2), after it they are a second one (w^2').
            var superscripted = false, subscripted = false
            var openLeft: [Int] = []
            while let token = try next() {
                switch token.kind {
                case .character("}"):
                    guard open != nil else { throw Problem(offset: token.offset, message: "'}' closes no '{'") }
                    if let left = openLeft.first { throw Problem(offset: left, message: "'\\left' has no '\\right' before the group ends") }
                    return
                case .character("^"), .character("'"):
                    if superscripted {
                        throw Problem(offset: token.offset, message: "a second superscript on one base (write w^{23} or {w^2}^3)")
                    }
                    if token.kind == .character("^") {
                        superscripted = true
                        try argument(of: "^", at: token.offset)
                    }
                case .character("_"):
                    if subscripted { throw Problem(offset: token.offset, message: "a second subscript on one base (write w_{12})") }
                    subscripted = true
                    try argument(of: "_", at: token.offset)
                default:
                    // A new base: its scripts start afresh.
                    (superscripted, subscripted) = (false, false)
                    if case .command("left") = token.kind { try delimiter(after: token); openLeft.append(token.offset); continue }
                    if case .command("right") = token.kind {
                        guard openLeft.popLast() != nil else { throw Problem(offset: token.offset, message: "'\\right' has no '\\left' before it") }
                        try delimiter(after: token)
                        continue
                    }
                    try atom(token)
                }
            }
            if let open { throw Problem(offset: open, message: "'{' is never closed") }
            if let left = openLeft.first { throw Problem(offset: left, message: "'\\left' has no '\\right'") }
        }

        /// One atom that starts with `token` (already read), with its arguments.
        mutating func atom(_ token: Token) throws(Problem) {
            switch token.kind {
            case .character("{"): try list(closing: token.offset)
            case .character(let c):
                guard (c.isASCII && (c.isLetter || c.isNumber)) || NotationLaTeX.plain.contains(c) else { throw Self.refused(c, at: token.offset) }
            case .escaped: break
            case .command(let name):
                let count = NotationLaTeX.arity.first { $0.name == name }!.arguments
                for _ in 0..<count {
                    if NotationLaTeX.textCommands.contains(name) { try textArgument(of: name, at: token.offset) }
                    else { try argument(of: "\\" + name, at: token.offset) }
                }
            }
        }

        /// A script's or command's argument: a braced group, or one token that takes none.
        mutating func argument(of owner: String, at offset: Int) throws(Problem) {
            while index < characters.count, characters[index] == " " { index += 1 }
            guard let token = try next() else {
                let what = ["\\frac", "\\tfrac", "\\dfrac"].contains(owner) ? "two arguments" : "an argument"
                throw Problem(offset: offset, message: "'\(owner)' needs \(what), as in \(Self.example(owner))")
            }
            switch token.kind {
            case .character("{"): try list(closing: token.offset)
            case .character("^") where owner == "^":
                throw Problem(offset: offset, message: "'^^' (TeX's way of spelling any character) is not allowed in notation; "
                              + "a superscript reads w^{2}")
            case .character("}"), .character("^"), .character("_"), .character("'"):
                throw Problem(offset: offset, message: "'\(owner)' needs an argument, as in \(Self.example(owner))")
            case .command(let name) where NotationLaTeX.arity.first(where: { $0.name == name })!.arguments > 0 || name == "left" || name == "right":
                throw Problem(offset: token.offset, message: "'\(token.spelling)' as the argument of '\(owner)' needs braces: {\(token.spelling){…}}")
            default: try atom(token)
            }
        }

        /// `\text{…}`: a braced group of letters, digits, spaces and a few punctuation marks.
        mutating func textArgument(of name: String, at offset: Int) throws(Problem) {
            guard index < characters.count, characters[index] == "{" else {
                throw Problem(offset: offset, message: "'\\\(name)' needs its text in braces, as in \\\(name){reg}")
            }
            index += 1
            while index < characters.count, characters[index] != "}" {
                let c = characters[index]
                guard (c.isASCII && (c.isLetter || c.isNumber)) || NotationLaTeX.textSymbols.contains(c) else {
                    throw Problem(offset: index, message: "'\(Self.shown(c))' is not allowed in the text of '\\\(name)': write letters, digits, spaces and - , . ( ) : '")
                }
                index += 1
            }
            guard index < characters.count else { throw Problem(offset: offset, message: "'{' is never closed") }
            index += 1
        }

        /// The delimiter after `\left` or `\right`.
        mutating func delimiter(after token: Token) throws(Problem) {
            guard let next = try next(), NotationLaTeX.delimiters.contains(next.spelling) else {
                throw Problem(offset: token.offset, message: "'\(token.spelling)' needs a delimiter after it, such as ( [ | or . for none")
            }
        }

        static func example(_ owner: String) -> String {
            switch owner {
            case "^": return "w^{2}"
            case "_": return "w_{1}"
            case "\\frac", "\\tfrac", "\\dfrac": return "\(owner){1}{2}"
            default: return "\(owner){w}"
            }
        }

        /// A character as an error shows it: invisible ones as `U+0007`.
        static func shown(_ c: Character) -> String {
            guard c.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0.properties.generalCategory == .control
                || (!$0.isASCII && !$0.properties.isAlphabetic) }) else { return String(c) }
            return c.unicodeScalars.map { scalar in
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }.joined()
        }

        static func refused(_ c: Character, at offset: Int) -> Problem {
            if let command = NotationLaTeX.greek[c] {
                return Problem(offset: offset, message: "'\(c)' cannot be set by pdflatex in math; write \\\(command)")
            }
            let reason: String
            switch c {
            case "&": reason = "'&' aligns columns, which a name cannot; write \\& for the sign"
            case "%", "#", "$": reason = "'\(c)' is special to LaTeX; write \\\(c) for the sign"
            case "~", "\"", "@", "`": reason = "'\(c)' is not allowed in notation"
            default:
                reason = c.isASCII
                    ? (c.unicodeScalars.first!.properties.generalCategory == .control
                        ? "the control character \(shown(c)) is not allowed in notation" : "'\(c)' is not allowed in notation")
                    : "'\(shown(c))' is not ASCII, and pdflatex's default fonts cannot set it; write it as a LaTeX command"
            }
            return Problem(offset: offset, message: reason)
        }
    }
}
