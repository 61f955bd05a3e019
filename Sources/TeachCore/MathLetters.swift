/// The letters of TeX's math: Greek letters by command, and the math alphabets as Unicode's
/// mathematical alphanumerics. One table for every place teach sets a letter: the MathML it
/// writes, and the plain text of a name (frames, captions, terminals).

/// The Greek letters by TeX command (`\epsilon` is TeX's ϵ, `\varepsilon` its ε).
public enum GreekLetters {
    public static let byCommand: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
        "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
        "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
        "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
}

/// A math alphabet: the letters (and digits) it sets, as Unicode's mathematical alphanumerics.
public enum MathAlphabet: String, Sendable {
    case mathrm, mathit, mathbf, mathsf, mathtt, mathcal, mathbb, mathfrak, boldsymbol

    /// Each letter and digit in this alphabet.
    public func map(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map(map)))
    }

    private func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        let upper = v >= 65 && v <= 90, lower = v >= 97 && v <= 122, digit = v >= 48 && v <= 57
        if let hole = Self.holes[self]?[Character(scalar)] { return hole }
        let base: (upper: UInt32?, lower: UInt32?, digit: UInt32?)
        switch self {
        case .mathrm: return scalar
        case .mathit: base = (0x1D434, 0x1D44E, nil)
        case .mathbf: base = (0x1D400, 0x1D41A, 0x1D7CE)
        case .boldsymbol: base = (0x1D468, 0x1D482, 0x1D7CE)
        case .mathsf: base = (0x1D5A0, 0x1D5BA, 0x1D7E2)
        case .mathtt: base = (0x1D670, 0x1D68A, 0x1D7F6)
        case .mathcal: base = (0x1D49C, 0x1D4B6, nil)
        case .mathbb: base = (0x1D538, 0x1D552, 0x1D7D8)
        case .mathfrak: base = (0x1D504, 0x1D51E, nil)
        }
        let offset: UInt32?
        if upper, let b = base.upper { offset = b + v - 65 } else if lower, let b = base.lower { offset = b + v - 97 }
        else if digit, let b = base.digit { offset = b + v - 48 } else { offset = nil }
        return offset.flatMap(Unicode.Scalar.init) ?? scalar
    }

    /// Letters Unicode set earlier in the Letterlike Symbols block, where the run has a hole.
    private static let holes: [MathAlphabet: [Character: Unicode.Scalar]] = [
        .mathit: ["h": "\u{210E}"],
        .mathcal: ["B": "\u{212C}", "E": "\u{2130}", "F": "\u{2131}", "H": "\u{210B}", "I": "\u{2110}", "L": "\u{2112}",
                   "M": "\u{2133}", "R": "\u{211B}", "e": "\u{212F}", "g": "\u{210A}", "o": "\u{2134}"],
        .mathbb: ["C": "\u{2102}", "H": "\u{210D}", "N": "\u{2115}", "P": "\u{2119}", "Q": "\u{211A}", "R": "\u{211D}", "Z": "\u{2124}"],
        .mathfrak: ["C": "\u{212D}", "H": "\u{210C}", "I": "\u{2111}", "R": "\u{211C}", "Z": "\u{2128}"],
    ]
}

/// Unicode's superscript and subscript characters, for scripts in plain text (`W⁽¹⁾`, `w₁,₂`).
public enum UnicodeScripts {
    /// `text` in subscript characters, or nil where one of its characters has none (a comma
    /// stays a comma).
    public static func lowered(_ text: String) -> String? { scripted(text, subscripts) }

    /// `text` in superscript characters, or nil where one has none.
    public static func raised(_ text: String) -> String? { scripted(text, superscripts) }

    private static func scripted(_ text: String, _ table: [Character: Character]) -> String? {
        var out = ""
        for c in text {
            guard let mapped = table[c] ?? (c == "," ? "," : nil) else { return nil }
            out.append(mapped)
        }
        return out
    }

    private static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "−": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ",
        "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
    ]

    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "f": "ᶠ",
        "g": "ᵍ", "h": "ʰ", "i": "ⁱ", "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ", "p": "ᵖ", "r": "ʳ",
        "s": "ˢ", "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ", "T": "ᵀ", "⊤": "ᵀ", "′": "′",
    ]
}
