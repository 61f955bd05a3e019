import TeachCore

/// The plain text of a name whose notation the lesson gives in LaTeX only, so that frames,
/// captions and terminals show the symbols the slides show: `\mathcal{L}_{\mathrm{reg}}` →
/// `ℒ_reg`, `W^{(1)}` → `W⁽¹⁾`, `w_{1,2}` → `w₁,₂`, `w^{(1)}_{21}` → `w⁽¹⁾₂₁`, `\hat{y}` → `ŷ`.
///
/// Letters and Greek letters as `GreekLetters` and `MathAlphabet` set them (upright and italic
/// alphabets as plain letters); a script in Unicode's superscript or subscript characters where
/// each of its characters has one, else after `^` or `_` (`ℒ_reg`: there is no subscript g); an
/// accent as a combining mark on one letter. Notation with anything else (a fraction, a root, a
/// text command) has no text form here: the name keeps its default (`Notation.text`).
enum NotationText {
    static func text(latex: String) -> String? {
        var reader = Reader(characters: Array(latex))
        guard let text = reader.sequence(), reader.position == reader.characters.count, !text.isEmpty else { return nil }
        return text
    }

    private struct Reader {
        let characters: [Character]
        var position = 0

        /// Tokens up to a closing brace or the end.
        mutating func sequence() -> String? {
            var out = ""
            while position < characters.count, characters[position] != "}" {
                guard let piece = token() else { return nil }
                out += piece
            }
            return out
        }

        /// One token: a character, a braced group, a command with its argument, or a script
        /// on what came before.
        mutating func token() -> String? {
            let c = characters[position]
            position += 1
            switch c {
            case " ": return ""
            case "{":
                guard let inner = sequence(), position < characters.count else { return nil }
                position += 1
                return inner
            case "^", "_":
                guard position < characters.count, let argument = argument() else { return nil }
                let scripted = c == "^" ? UnicodeScripts.raised(argument) : UnicodeScripts.lowered(argument)
                return scripted ?? String(c) + argument
            case "\\": return command()
            case "-": return "−"
            case "'": return "′"
            default: return c.isLetter || c.isNumber || "+*/=<>()[]|.,;:!?".contains(c) ? String(c) : nil
            }
        }

        /// A braced group or a single token.
        mutating func argument() -> String? {
            while position < characters.count, characters[position] == " " { position += 1 }
            guard position < characters.count else { return nil }
            return token()
        }

        mutating func command() -> String? {
            let start = position
            while position < characters.count, characters[position].isLetter { position += 1 }
            let name = String(characters[start..<position])
            if let letter = GreekLetters.byCommand[name] { return letter }
            if let alphabet = MathAlphabet(rawValue: name) {
                guard let inner = argument() else { return nil }
                return [.mathrm, .mathit, .mathsf, .mathtt].contains(alphabet) ? inner : alphabet.map(inner)
            }
            if let mark = NotationText.accents[name] {
                guard let inner = argument(), inner.count == 1 else { return nil }
                return inner + String(mark)
            }
            return NotationText.symbols[name]
        }
    }

    /// Combining marks for the accents that sit on one letter.
    static let accents: [String: Character] = [
        "hat": "\u{0302}", "widehat": "\u{0302}", "tilde": "\u{0303}", "widetilde": "\u{0303}", "bar": "\u{0304}",
        "overline": "\u{0305}", "vec": "\u{20D7}", "dot": "\u{0307}", "ddot": "\u{0308}", "check": "\u{030C}",
        "breve": "\u{0306}", "acute": "\u{0301}", "grave": "\u{0300}", "mathring": "\u{030A}",
    ]

    /// Symbols a name's notation may hold, as text.
    static let symbols: [String: String] = [
        "ell": "ℓ", "partial": "∂", "nabla": "∇", "top": "⊤", "intercal": "⊺", "prime": "′", "star": "⋆", "ast": "∗",
        "circ": "∘", "cdot": "·", "times": "×", "infty": "∞", "hbar": "ℏ", "imath": "ı", "jmath": "ȷ",
    ]
}
