/// Escaping for every target a lesson's text reaches. Lesson text is data: whatever it holds
/// (`"`, `<`, `&`, `|`, `\`, `{`, `$`, newlines, control or bidirectional characters) comes out
/// literally in DOT, SVG, Markdown and LaTeX, never as markup.
public enum Escape {
    /// Control characters as their visible pictures (`␊`, `␀`) and bidirectional formatting
    /// characters as `<U+202E>`, so nothing reorders or hides the text around it.
    public static func visible(_ text: String) -> String { visible(text, keepingBreaks: false) }

    /// As `visible`, but with line breaks and tabs kept as they are where `keepingBreaks`.
    private static func visible(_ text: String, keepingBreaks: Bool) -> String {
        func kept(_ scalar: Unicode.Scalar) -> Bool { keepingBreaks && (scalar == "\n" || scalar == "\t") }
        guard mayHide(text, keepingBreaks: keepingBreaks), text.unicodeScalars.contains(where: { isHidden($0) && !kept($0) }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case _ where kept(scalar): out.unicodeScalars.append(scalar)
            case 0x00...0x1F: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.unicodeScalars.append("\u{2421}")
            case _ where isHidden(scalar): out += "<U+" + String(scalar.value, radix: 16, uppercase: true) + ">"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for a terminal: as `visible`, but line breaks and tabs kept, so that an escape
    /// sequence or a bell in a lesson's title, name or file name reaches no terminal raw.
    public static func terminal(_ text: String) -> String { visible(text, keepingBreaks: true) }

    /// Whether `text`'s UTF-8 may hold a character `isHidden` names, read from its bytes (a
    /// trace's megabytes of text hold none): a control byte, or the leading bytes of a C1
    /// control (C2 80–9F), of U+061C (D8 9C), of U+200E–U+2069 (E2 80, E2 81), of U+FEFF
    /// (EF BB) or of U+FFFE and U+FFFF (EF BF). A true here is settled by the characters themselves.
    private static func mayHide(_ text: String, keepingBreaks: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for i in bytes.indices {
                let byte = bytes[i], next = i + 1 < bytes.count ? bytes[i + 1] : 0
                switch byte {
                case 0x09 where keepingBreaks, 0x0A where keepingBreaks: continue
                case 0x00...0x1F, 0x7F: return true
                case 0xC2 where 0x80...0x9F ~= next, 0xD8 where next == 0x9C, 0xE2 where next == 0x80 || next == 0x81,
                     0xEF where next == 0xBB || next == 0xBF: return true
                default: continue
                }
            }
            return false
        }
    }

    /// A control or bidirectional formatting character, which `visible` makes visible; also
    /// the two noncharacters U+FFFE and U+FFFF, which XML 1.0 forbids (with the C0 controls,
    /// the only characters a Swift string can hold that no XML document may).
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// Text inside an HTML-like Graphviz label: XML-escaped, and backslashes doubled because
    /// Graphviz 2.42 still expands `\N` and friends inside `<…>`.
    static func graphvizHTML(_ text: String) -> String {
        let escaped = xml(text)
        guard escaped.utf8.contains(UInt8(ascii: "\\")) else { return escaped }
        var out = ""
        for scalar in escaped.unicodeScalars {
            if scalar == "\\" { out.unicodeScalars.append(scalar) }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Text in the HTML of a Moodle Cloze question: escaped as `xml` escapes it, and its braces
    /// as character references, so that no lesson text can open an embedded answer
    /// (`{1:SHORTANSWER:=x}`) or stand for one (`{#1}`): Moodle finds those in the HTML as
    /// written, where `&#123;` is no brace, and the browser shows the brace.
    static func clozeText(_ text: String) -> String {
        xml(text).replacingOccurrences(of: "{", with: "&#123;").replacingOccurrences(of: "}", with: "&#125;")
    }

    /// Text in XML character data or a quoted attribute (SVG titles, HTML).
    static func xml(_ text: String) -> String {
        let text = visible(text)
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }  // & < > " '
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A one-line DOT comment (`// …`): nothing in it can end the line.
    static func dotComment(_ text: String) -> String { "// " + visible(text) }

    /// What `markdown` escapes, all ASCII: a backslash goes in before the byte, except for the
    /// three that HTML reads, which are written as entities.
    private static let markdownSpecials = Array("\\`*_[]<>#|$~!{}&".utf8)

    /// Markdown prose (also a table cell): every character Markdown, HTML or GitHub's math
    /// could read as markup is escaped: `<`, `>` and `&` as the entities every Markdown reads
    /// (the original Markdown and pandoc's `markdown_strict` take no backslash before `<`, so
    /// `\<javascript:…>` would still be a link there), the others with a backslash.
    static func markdown(_ text: String) -> String {
        let specials = markdownSpecials
        let shown = visible(text)
        guard shown.utf8.contains(where: specials.contains) else { return shown }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(shown.utf8.count + 16)
        for byte in shown.utf8 {
            switch byte {
            case UInt8(ascii: "<"): bytes += Array("&lt;".utf8)
            case UInt8(ascii: ">"): bytes += Array("&gt;".utf8)
            case UInt8(ascii: "&"): bytes += Array("&amp;".utf8)
            default:
                if specials.contains(byte) { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// LaTeX math inside `$…$` in a Markdown table cell: escaped as `latexMath` escapes it, and
    /// a `|`, which would split the cell, written `\vert` (`\|` as `\Vert`). A reader without a
    /// math extension (CommonMark, GFM, pandoc's strict Markdown) reads `$…$` as text, so nothing
    /// in it may read as markup there: a space after each `<` (raw HTML and autolinks need a
    /// name right after it) and between `]` and `(` (an inline link or image), which LaTeX
    /// math ignores.
    static func markdownMath(_ latex: String) -> String {
        let escaped = latexMath(latex)
        guard escaped.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "]") }) else { return escaped }
        var out = ""
        var previous: Unicode.Scalar = " "
        let scalars = Array(escaped.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : " "
            switch scalar {
            case "|": out += previous == "\\" ? "Vert " : "\\vert "
            case "<" where next != " ": out += "< "
            case "]" where next == "(": out += "] "
            default: out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    /// `text` with each line break (`\n`, `\r\n`, U+2028, …) as one space.
    private static func oneLine(_ text: String) -> String {
        let breaks: ClosedRange<UInt32> = 0x0A...0x0D
        guard text.unicodeScalars.contains(where: { breaks.contains($0.value) || [0x85, 0x2028, 0x2029].contains($0.value) }) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    /// LaTeX text mode for pdflatex: specials as their text commands, Latin-1 as is, Greek and
    /// a few math symbols in math mode, anything else as a visible `<U+…>` code.
    static func latex(_ text: String) -> String {
        var out = ""
        for scalar in visible(text).unicodeScalars {
            switch scalar {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "$", "&", "#", "%", "_": out += "\\" + String(scalar)
            case "^": out += "\\textasciicircum{}"
            case "~": out += "\\textasciitilde{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "\"": out += "\\textquotedbl{}"
            default:
                if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) {
                    out.unicodeScalars.append(scalar)
                } else if let command = latexSymbols[scalar] {
                    out += "\\ensuremath{" + command + "}"
                } else {
                    out += "\\texttt{\\textless{}U+" + String(scalar.value, radix: 16, uppercase: true) + "\\textgreater{}}"
                }
            }
        }
        return out
    }

    /// LaTeX math written by the lesson (its notation), for pdflatex or a Markdown renderer's
    /// math: `$`, `%` and `#` would end the math, comment out the rest or fail, so they are
    /// escaped; line breaks become spaces.
    static func latexMath(_ latex: String) -> String {
        let text = visible(oneLine(latex))
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "#") }) else { return text }
        var out = ""
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if scalar == "$" || scalar == "%" || scalar == "#", previous != "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
            previous = scalar
        }
        return out
    }

    private static let latexSymbols: [Unicode.Scalar: String] = [
        "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\epsilon", "ζ": "\\zeta", "η": "\\eta",
        "θ": "\\theta", "ι": "\\iota", "κ": "\\kappa", "λ": "\\lambda", "μ": "\\mu", "ν": "\\nu", "ξ": "\\xi", "π": "\\pi",
        "ρ": "\\rho", "σ": "\\sigma", "τ": "\\tau", "υ": "\\upsilon", "φ": "\\phi", "χ": "\\chi", "ψ": "\\psi", "ω": "\\omega",
        "Γ": "\\Gamma", "Δ": "\\Delta", "Θ": "\\Theta", "Λ": "\\Lambda", "Ξ": "\\Xi", "Π": "\\Pi", "Σ": "\\Sigma",
        "Φ": "\\Phi", "Ψ": "\\Psi", "Ω": "\\Omega", "∂": "\\partial", "ℒ": "\\mathcal{L}", "−": "-", "·": "\\cdot",
        "←": "\\leftarrow", "→": "\\rightarrow", "∇": "\\nabla", "≈": "\\approx", "≤": "\\leq", "≥": "\\geq",
    ]
}
