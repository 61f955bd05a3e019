/// A whole class's worksheets as one printable page: each student's `worksheet.html` body in a
/// section of its own that starts a new printed page, the ids inside each drawing prefixed
/// so that no two sheets share one.
public enum ClassWorksheets {
    /// `sheets` are the students' `worksheet.html` documents, in roster order.
    public static func html(title: String, sheets: [String]) -> String {
        let sections = sheets.enumerated().map { number, sheet in
            "<section class=\"sheet\">\n" + prefixingIDs(body(of: sheet), with: "s\(number + 1)-") + "\n</section>"
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(Escape.xml(title)): worksheets</title>
        <style>
        \(Worksheet.style)
        section.sheet { break-after: page; }
        </style>
        </head>
        <body>
        \(sections.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// What lies between `<body>` and `</body>`.
    static func body(of document: String) -> String {
        guard let open = document.range(of: "<body>"), let close = document.range(of: "</body>", options: .backwards),
              open.upperBound <= close.lowerBound else { return document }
        return document[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every `id="…"` made `id="<prefix>…"`, and every local reference to one (`#…` in an
    /// `href` or `url(…)`) likewise.
    static func prefixingIDs(_ html: String, with prefix: String) -> String {
        html.replacingOccurrences(of: " id=\"", with: " id=\"" + prefix)
            .replacingOccurrences(of: "href=\"#", with: "href=\"#" + prefix)
            .replacingOccurrences(of: "url(#", with: "url(#" + prefix)
    }
}
