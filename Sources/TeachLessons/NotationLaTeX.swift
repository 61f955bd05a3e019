import TeachCore

/// The LaTeX a lesson may write for a name's notation (`notation: {w: '\hat{w}'}`): commands
/// that pdflatex with amsmath and amssymb (what `slides.tex` loads), GitHub's MathJax and KaTeX
/// all know in math mode, and balanced braces. Anything else would stop the slides' pdflatex
/// run, or show as an error in `tables.md`, far from the lesson line that caused it; checked at
/// load time it is an error on that line.
enum NotationLaTeX {
    /// Math-mode commands by name (without the backslash), in a fixed order for suggestions.
    static let commands: [String] = [
        // Accents and decorations.
        "hat", "widehat", "tilde", "widetilde", "bar", "overline", "underline", "vec", "dot", "ddot",
        "check", "breve", "acute", "grave", "mathring", "overrightarrow",
        // Greek letters and their variants.
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
        "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
        // Alphabets and text.
        "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "boldsymbol",
        "operatorname", "text", "textrm", "textit", "textbf",
        // Symbols and operators.
        "ell", "partial", "nabla", "top", "intercal", "prime", "star", "ast", "circ", "cdot", "times",
        "odot", "otimes", "oplus", "infty", "hbar", "imath", "jmath", "emptyset", "sum", "prod",
        "log", "ln", "exp", "max", "min", "arg", "tanh", "sinh", "cosh", "sin", "cos",
        "frac", "tfrac", "dfrac", "sqrt", "left", "right", "big", "Big", "bigl", "bigr",
        "langle", "rangle", "lVert", "rVert", "vert", "Vert", "mid", "lbrack", "rbrack",
        "leq", "geq", "neq", "approx", "sim", "propto", "in", "to", "mapsto", "leftarrow", "rightarrow",
        "quad", "qquad",
    ]

    /// The characters a backslash may escape in math mode: spacing (`\,` `\;` `\:` `\!` `\ `),
    /// braces, bars and the specials. Text accents such as `\"` or `\^` fail in math mode.
    static let symbols: [Character] = [",", ";", ":", "!", " ", "{", "}", "|", "_", "%", "#", "&", "$", "\\"]

    /// A problem in one notation string: where (a character offset) and what.
    struct Problem {
        let offset: Int
        let message: String
    }

    /// The first problem in `latex`, or nil when pdflatex and the Markdown renderers accept it.
    static func firstProblem(in latex: String) -> Problem? {
        let characters = Array(latex)
        var open: [Int] = []
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\\":
                let start = index
                index += 1
                guard index < characters.count else { return Problem(offset: start, message: "a lone '\\' ends the notation") }
                guard characters[index].isASCII, characters[index].isLetter else {
                    guard symbols.contains(characters[index]) else {
                        let shown = characters[index].unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
                            ? characters[index].unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined()
                            : "\\" + String(characters[index])
                        return Problem(offset: start, message: "'\(shown)' is not allowed in notation: after '\\' write a command's name, "
                                       + "spacing (\\, \\; \\: \\!) or an escaped special (\\{ \\} \\| \\_ \\% \\# \\& \\$)")
                    }
                    index += 1
                    continue
                }
                while index < characters.count, characters[index].isASCII, characters[index].isLetter { index += 1 }
                let name = String(characters[(start + 1)..<index])
                if !commands.contains(name) {
                    let hint = Suggestion.closest(to: name, in: commands).map { " (did you mean '\\\($0)'?)" } ?? ""
                    return Problem(offset: start, message: "unknown LaTeX command '\\\(name)'\(hint); notation may use "
                                   + "Greek letters, accents such as \\hat, alphabets such as \\mathcal and common math symbols")
                }
                continue
            case "{": open.append(index)
            case "}":
                guard open.popLast() != nil else { return Problem(offset: index, message: "'}' closes no '{'") }
            default: break
            }
            index += 1
        }
        return open.first.map { Problem(offset: $0, message: "'{' is never closed") }
    }
}
