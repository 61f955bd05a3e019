/// Escaping for every target a lesson's text reaches. Lesson text is data: whatever it holds
/// (`"`, `<`, `&`, `|`, `\`, `{`, `$`, newlines, control or bidirectional characters) comes out
/// literally in DOT, SVG, Markdown and LaTeX, never as markup.
enum Escape {
    /// Control characters as their visible pictures (`␊`, `␀`) and bidirectional formatting
    /// characters as `<U+202E>`, so nothing reorders or hides the text around it.
    static func visible(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.unicodeScalars.append("\u{2421}")
            case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF:
                out += "<U+" + String(scalar.value, radix: 16, uppercase: true) + ">"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text inside an HTML-like Graphviz label: XML-escaped, and backslashes doubled because
    /// Graphviz 2.42 still expands `\N` and friends inside `<…>`.
    static func graphvizHTML(_ text: String) -> String {
        String(xml(text).flatMap { $0 == "\\" ? ["\\", "\\"] : [$0] })
    }

    /// Text in XML character data or a quoted attribute (SVG titles, HTML).
    static func xml(_ text: String) -> String {
        var out = ""
        for character in visible(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A one-line DOT comment (`// …`): nothing in it can end the line.
    static func dotComment(_ text: String) -> String { "// " + visible(text) }

    /// Markdown prose (also a table cell): every character Markdown, HTML or GitHub's math
    /// could read as markup is backslash-escaped.
    static func markdown(_ text: String) -> String {
        var out = ""
        for character in visible(text) {
            if "\\`*_[]<>#|$~!{}&".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// LaTeX math inside `$…$` in a Markdown table cell: a `|` would split the cell and a
    /// `$` would end the math, so they become `\vert` and `\$`; line breaks become spaces.
    static func markdownMath(_ latex: String) -> String {
        var out = ""
        var previous: Character = " "
        for character in visible(String(latex.map { $0.isNewline ? " " : $0 })) {
            switch character {
            case "|": out += previous == "\\" ? "Vert " : "\\vert "
            case "$": out += previous == "\\" ? "$" : "\\$"
            default: out.append(character)
            }
            previous = character
        }
        return out
    }
}
