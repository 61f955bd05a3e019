import TeachCore
import TeachGrading
import TeachLessons

/// `teach sheet`: a student's worksheet — the lesson's equations and given numbers, the graph
/// with every asked quantity shown as `?`, the list of blanks, and an `answers.yaml` template.
/// Nothing on it is a key: asked values are `?`, and adjoints, contributions and updates are
/// shown only as the `?` of a blank.
public struct WorksheetDocument: Document {
    public static let name = "worksheet"
    public static let summary = "worksheet.md, worksheet.html, worksheet.svg and an answers.yaml template"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        for file in try Worksheet(context: context).files() { try write(file) }
    }
}

public struct Worksheet {
    public let lesson: Lesson
    public let trace: Trace
    public let exercises: Exercises
    /// The student the numbers were drawn for, if any; named on the sheet.
    public let student: String?

    private let storyboard: Storyboard
    let names: Feedback

    init(context: RenderContext) {
        precondition(context.lesson.exercises != nil, "a worksheet needs exercises")
        self.lesson = context.lesson
        self.trace = context.trace
        self.exercises = context.lesson.exercises!
        self.student = context.student
        self.storyboard = context.storyboard
        self.names = Feedback(lesson: lesson, trace: trace)
    }

    var graph: Graph { trace.graph }
    var rule: ChainRule { storyboard.rule }

    public func files() throws(GraphvizError) -> [OutputFile] {
        let svg = try figure()
        return [OutputFile(path: "worksheet.md", text: markdown()),
                OutputFile(path: "worksheet.html", text: html(svg: svg)),
                OutputFile(path: "worksheet.svg", text: svg),
                OutputFile(path: "answers.yaml", text: answersTemplate())]
    }

    // MARK: The figure

    static let caption = "Worksheet: compute the quantities marked ?"

    /// The graph after the forward pass, asked values replaced by `?` (and the values computed
    /// from them left blank), and a `?` row or edge label for every other asked quantity.
    func figure() throws(GraphvizError) -> String {
        let asked = exercises.blanks.map(\.quantity)
        /// `? (2)`: the question mark of the blanks matching, with their numbers in the list.
        func mark(_ matches: (Quantity) -> Bool) -> String {
            "? (" + asked.indices.filter { matches(asked[$0]) }.map { String($0 + 1) }.joined(separator: ", ") + ")"
        }
        // A value computed from an asked value would give it away (ŷ = relu(z) shows z): blank.
        let hidden = graph.computed(from: asked.filter { $0.kind == .value }.map(\.node))
        let lastForward = trace.steps.last { $0.phase == .forward }?.index ?? 0
        let content = FrameContent(
            rows: { node in
                storyboard.rows(node, at: lastForward).map { row in
                    let mine = asked.filter { $0.node == node }
                    switch row.kind {
                    case .value:
                        guard mine.contains(where: { $0.kind == .value }) else { return hidden[node] ? Self.blank(row) : row }
                        return Storyboard.Row(kind: .value, lines: [mark { $0.node == node && $0.kind == .value }], known: true)
                    case .adjoint:
                        guard mine.contains(where: { $0.kind == .adjoint }) else { return Self.blank(row) }
                        return Storyboard.Row(kind: .adjoint, lines: [rule.adjoint(node) + " = " + mark { $0.node == node && $0.kind == .adjoint }], known: true)
                    case .tangent:
                        guard mine.contains(where: { if case .tangent = $0.kind { true } else { false } }) else { return Self.blank(row) }
                        // A line per forward-mode variable the node depends on, as the frames show them.
                        let several = trace.forwardModes.count > 1
                        let lines = trace.forwardModes.filter { $0.tangents[node] != nil }.map { mode in
                            let asked = Quantity(kind: .tangent(variable: several ? mode.variable : nil), node: node)
                            return rule.totalDerivative(node, by: mode.variable) + " = " + mark { $0.whole == asked }
                        }
                        return Storyboard.Row(kind: .tangent, lines: lines, known: true)
                    case .update:
                        guard mine.contains(where: { if case .update = $0.kind { true } else { false } }) else { return Self.blank(row) }
                        return Storyboard.Row(kind: .update, lines: [rule.typesetName(node) + " ← " + mark {
                            guard $0.node == node, case .update = $0.kind else { return false }
                            return true
                        }], known: false)
                    case .derived:
                        // Read from adjoints and values a sheet may ask for, so never given away.
                        return Self.blank(row)
                    }
                }
            },
            edgeLines: { edge in
                let e = graph.edges[edge]
                guard graph.outgoing[e.from].first(where: { graph.edges[$0].to == e.to }) == edge else { return [] }
                var lines: [String] = []
                let partial = Quantity(kind: .partial(operand: e.from), node: e.to)
                if asked.contains(partial) {
                    lines.append(rule.derivative(e.to, by: e.from) + " = " + mark { $0 == partial })
                }
                let sent: (Quantity) -> Bool = { $0.node == e.from && $0.kind == .contribution(consumer: e.to) }
                if asked.contains(where: sent) { lines.append("◀ " + mark(sent)) }
                return lines
            },
            highlightedNode: nil, highlightedEdges: [], title: storyboard.title)
        let layout = try FrameLayout.make(storyboard)
        return SVGWriter(storyboard: storyboard, layout: layout).picture(content, caption: Self.caption)
    }

    private static func blank(_ row: Storyboard.Row) -> Storyboard.Row {
        Storyboard.Row(kind: row.kind, lines: row.lines.map { _ in "" }, known: false)
    }

    // MARK: The documents

    private var heading: String { "Worksheet: " + lesson.title }

    /// What to do, and every number the blanks need beyond the given values: the descent's
    /// learning rate and update rule when a blank asks for an update, and how to round.
    private var instructions: String {
        "Compute each quantity below by hand from the numbers given, and write it after its name in `answers.yaml` "
            + "(vectors as `[a, b]`, matrices as `[[a, b], [c, d]]`). " + numbersNeeded
    }

    /// How to round, and the descent's learning rate and rule when a blank asks for an update.
    var numbersNeeded: String {
        var text = ""
        text += trace.byHand
            ? "Round every intermediate result to \(trace.precision) before you use it, as the key does."
            : trace.format.decimals.map { "Carry at least \(max(4, $0 + 1)) decimal places." } ?? "Carry at least \(max(4, trace.format.digits)) significant digits."
        let updates = exercises.blanks.compactMap { blank -> Int? in
            if case .update(let iteration) = blank.quantity.kind { return iteration }
            if case .valueAfter(let iteration) = blank.quantity.kind { return iteration }
            return nil
        }
        if lesson.options.learningRate != nil, let last = updates.max() {
            text += " Gradient descent uses the learning rate \(rule.learningRates): each step computes every gradient "
                + "at the current parameters, then updates them all, θ ← θ − η ∂ℒ/∂θ"
                + (last > 1 ? " (\(last) steps)." : ".")
        }
        return text
    }

    /// `(2 points, to 3 significant figures)`.
    func terms(_ blank: Blank) -> String {
        "\(GradeFormat.points(blank.points)) point\(blank.points == 1 ? "" : "s"), \(blank.tolerance.description)"
    }

    var given: [Graph.Node] { graph.nodes.filter { $0.definition == nil } }

    func markdown() -> String {
        var lines = ["# " + Escape.markdown(heading), ""]
        if let student { lines += ["Student: " + Escape.markdown(student), ""] }
        if let citation = lesson.citation { lines += ["*Source:* " + Escape.markdown(citation), ""] }
        if let summary = lesson.summary { lines += [Escape.markdown(summary.trimmingCharacters(in: .whitespacesAndNewlines)), ""] }
        let latex = ChainRule(trace: trace, typesetter: lesson.typesetter(.latex))
        lines += ["## The model", ""] + graph.equations.map { "- $" + Escape.markdownMath(latex.equation($0)) + "$" }
        lines += ["", "## Given", "", "| Name | Value |", "| --- | --- |"]
        lines += given.map { "| $" + Escape.markdownMath(latex.typesetName($0.id)) + "$ | " + Escape.markdown(rule.value(trace.values[$0.id])) + " |" }
        lines += ["", "![\(Escape.markdown(Self.caption))](worksheet.svg)", "", "## Compute", "", instructions, "",
                  "| # | Key in answers.yaml | Quantity | Points |", "| --- | --- | --- | --- |"]
        for (i, blank) in exercises.blanks.enumerated() {
            lines.append("| \(i + 1) | `\(blank.name)` | \(Escape.markdown(names.name(blank.quantity))) | \(Escape.markdown(terms(blank))) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One self-contained page: inline SVG, inline style, no reference to anything outside it.
    func html(svg: String) -> String {
        let x = Escape.xml
        var body = ["<h1>\(x(heading))</h1>"]
        if let student { body.append("<p>Student: \(x(student))</p>") }
        if let citation = lesson.citation { body.append("<p><em>Source:</em> \(x(citation))</p>") }
        if let summary = lesson.summary { body.append("<p>\(x(summary))</p>") }
        body.append("<h2>The model</h2><ul>" + graph.equations.map { "<li>\(x(rule.equation($0)))</li>" }.joined() + "</ul>")
        body.append("<h2>Given</h2><table><tr><th>Name</th><th>Value</th></tr>"
            + given.map { "<tr><td>\(x(storyboard.title($0.id)))</td><td>\(x(rule.value(trace.values[$0.id])))</td></tr>" }.joined() + "</table>")
        // Printed, the graph keeps its text at 7 pt or more: in overlapping parts where it is wide.
        body.append(PrintedFigure.html(svg, page: Self.printedWidth, caption: Self.caption, idPrefix: "part", prefixingOnePart: false))
        body.append("<h2>Compute</h2><p>\(x(instructions).replacingOccurrences(of: "`", with: ""))</p>")
        body.append("<table><tr><th>#</th><th>Key in answers.yaml</th><th>Quantity</th><th>Points</th></tr>"
            + exercises.blanks.enumerated().map { i, blank in
                "<tr><td>\(i + 1)</td><td><code>\(x(blank.name))</code></td><td>\(x(names.name(blank.quantity)))</td><td>\(x(terms(blank)))</td></tr>"
            }.joined() + "</table>")
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(x(heading))</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// The width of a printed sheet's text, in points: A4 portrait less 12 mm margins.
    static let printedWidth = 527.0

    /// The sheet's style sheet, shared with the class's printable page.
    static let style = """
    @page { size: A4; margin: 12mm; }
    body { font-family: "DejaVu Sans", sans-serif; max-width: 60em; margin: 2em auto; color: #000; }
    table { border-collapse: collapse; margin: 1em 0; }
    th, td { border: 1px solid #555; padding: 0.3em 0.6em; text-align: left; }
    figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
    h2 { break-before: auto; } figure, table { break-inside: avoid; }
    """

    func answersTemplate() -> String {
        let command = "teach check lessons/\(lesson.id).yaml answers.yaml" + (student.map { " --student \($0) --secret-file COURSE_SECRET" } ?? "")
        var lines = [SheetStamp(lesson: lesson.id, digest: lesson.digest, student: student).line,
                     "# Answers: \(lesson.title) (\(lesson.id))" + (student.map { ", student \($0)" } ?? ""),
                     "# Write a number after each colon; vectors as [a, b], matrices as [[a, b], [c, d]].",
                     "# Check: \(command)"].map(Escape.visible)
        let width = exercises.blanks.map(\.name.count).max() ?? 0
        for blank in exercises.blanks {
            let shape = graph.nodes[blank.quantity.node].shape
            let form = blank.quantity.element != nil || shape.isScalar ? "" : ", a \(shape)"
            lines.append(blank.name + ":" + String(repeating: " ", count: width - blank.name.count + 2)
                + Escape.visible("# \(names.name(blank.quantity)) (\(terms(blank))\(form))"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
