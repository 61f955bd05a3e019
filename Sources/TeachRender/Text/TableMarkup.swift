import TeachCore

/// How the lesson's tables are written: GitHub-flavoured Markdown with `$…$` LaTeX math; HTML
/// with the same LaTeX as MathML (`MathML`: matrices as matrices, fractions stacked, set by the
/// browser without a script); or, for a lesson too large to typeset every formula of (as the
/// player decides, `StepSelection.autoLimit` steps), HTML with the frames' Unicode math.
/// Lesson text is escaped for the target either way.
enum TableMarkup {
    case markdown, html, textHTML

    /// The typesetting of the math the chain rule writes for this target.
    var style: NumberFormat.Style { self == .textHTML ? .text : .latex }

    /// Lesson prose, shown literally.
    func text(_ raw: String) -> String { self == .markdown ? Escape.markdown(raw) : Escape.xml(raw) }

    /// Math typeset in `style`: `$…$` made safe for a table cell (an escaped `\$` never touches
    /// the closing `$`); inline MathML (the LaTeX source, escaped, in the one case it cannot be
    /// translated: none of what teach writes or a notation may hold); or a span of Unicode text.
    func math(_ typeset: String) -> String {
        guard !typeset.isEmpty else { return "" }
        switch self {
        case .markdown:
            let escaped = Escape.markdownMath(typeset)
            return "$" + escaped + (escaped.hasSuffix("$") ? "{}$" : "$")
        case .html:
            return (try? MathML.inline(typeset)) ?? "<code>" + Escape.xml(typeset) + "</code>"
        case .textHTML:
            return "<span class=\"math\">" + Escape.xml(typeset) + "</span>"
        }
    }

    /// A formula teach writes itself, given in both notations.
    func formula(latex: String, text: String) -> String { math(style == .latex ? latex : text) }

    func bold(_ markup: String) -> String { self == .markdown ? "**" + markup + "**" : "<strong>" + markup + "</strong>" }

    func title(_ raw: String) -> String { self == .markdown ? "# " + text(raw) + "\n\n" : "<h1>" + text(raw) + "</h1>\n" }

    func heading(_ markup: String) -> String { self == .markdown ? "## " + markup + "\n\n" : "<h2>" + markup + "</h2>\n" }

    func paragraph(_ markup: String) -> String { self == .markdown ? markup + "\n\n" : "<p>" + markup + "</p>\n" }

    /// A table whose cells are already in this markup.
    func table(_ header: [String], _ rows: [[String]]) -> String {
        switch self {
        case .markdown:
            let lines = [header, header.map { _ in "---" }] + rows
            return lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
        case .html, .textHTML:
            let head = "<thead><tr>" + header.map { "<th scope=\"col\">" + $0 + "</th>" }.joined() + "</tr></thead>"
            let body = rows.map { "<tr>" + $0.map { "<td>" + $0 + "</td>" }.joined() + "</tr>" }.joined(separator: "\n")
            return "<table>" + head + "\n<tbody>\n" + body + "\n</tbody></table>"
        }
    }

    /// One section of a document: as written in Markdown; in HTML, a `<section>` (the handout
    /// starts each on a new printed page).
    func section(_ markup: String) -> String {
        var trimmed = Substring(markup)
        while trimmed.last == "\n" { trimmed.removeLast() }
        return self == .markdown ? String(trimmed) : "<section>\n" + trimmed + "\n</section>"
    }
}
