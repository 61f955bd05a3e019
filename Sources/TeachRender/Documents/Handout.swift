import TeachCore

/// The handout: the lesson's equations, its tables (forward, backward, every fan-out's
/// contributions and their sum, the gradient check, forward mode, the updates) and its key
/// frames: the end of the forward pass, every fan-out, the end of the backward pass. Where the
/// slides show close-ups (the whole graph does not read on a slide, nor on a printed page),
/// the printed key frames are the close-ups too, after the whole graph at the end of the
/// backward pass cut into overlapping parts that each print with text of 7 pt or more.
///
/// - `handout.md`: GitHub-flavoured Markdown with `$…$` math, frames linked from `frames/`.
/// - `handout.html`: one self-contained file (inline SVG, MathML, no network reference),
///   legible in greyscale; printed, the sections flow one after another (no heading left at the
///   foot of a page, no table row split) and the key frames start a new page. Its math keeps
///   fractions at full size and every script one level down (`math-depth: 1`), so no printed
///   glyph is under 7 pt (a script of a script in an inline fraction printed at 4.4 pt).
public struct HandoutDocument: Document {
    public static let name = "handout"
    public static let summary = "handout.md and handout.html: equations, tables and key frames"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        let handout = Handout(renderer: context)
        try write(OutputFile(path: "handout.md", text: handout.markdown(tables: context.tableSections())))
        let inlined = context.trace.graph.nodes.count <= Handout.inlineFrameLimit ? context.keySteps : []
        let closeUps = try context.usesFocusFrames()
        var svgs: [Int: String] = [:]
        for step in inlined {
            svgs[step.index] = RenderContext.inline(closeUps ? try context.focusSVG(step) : try context.svg(step), idPrefix: "step\(step.index + 1)-")
        }
        let whole = try inlined.last.map { step in
            closeUps ? PrintedFigure.html(try context.svg(step), page: Handout.printedWidth, caption: "The whole graph after the backward pass",
                                          idPrefix: "whole") + "\n" : ""
        } ?? ""
        try write(OutputFile(path: "handout.html", text: handout.html(svgs: svgs, whole: whole)))
    }
}

struct Handout {
    let renderer: RenderContext

    /// Above this many nodes the HTML handout links to the player instead of inlining frames.
    static let inlineFrameLimit = 300

    /// The width of a printed page's text, in points: A4 landscape less 12 mm margins and the
    /// body's 1.5em.
    static let printedWidth = 738.0

    private var trace: Trace { renderer.trace }
    private var keySteps: [Trace.Step] { renderer.keySteps }

    /// `tables` are `tables.md`'s sections, made once for both files.
    func markdown(tables: [String]) -> String {
        let markup = TableMarkup.markdown
        let sections = self.sections(markup, tables: tables, steps: keySteps) { step in
            let caption = markup.text(renderer.caption(step))
            guard let file = renderer.frameFile(step, .svg) else { return markup.paragraph(markup.bold(caption)) }
            return markup.paragraph(markup.bold(caption)) + markup.paragraph("![" + caption + "](" + file + ")")
        }
        return sections.map(markup.section).joined(separator: "\n\n") + "\n"
    }

    /// `svgs` holds the SVG of each key step, by step index; `whole`, the figures of the whole
    /// graph to print before them (none where the key frames are whole frames).
    func html(svgs: [Int: String], whole: String) -> String {
        let markup = renderer.setsMathML ? TableMarkup.html : .textHTML
        let tables = MarkdownTables(lesson: renderer.lesson, trace: trace, markup: markup).sections()
        let tooLarge = trace.graph.nodes.count > Self.inlineFrameLimit
        let note = tooLarge
            ? markup.paragraph("The graph has \(trace.graph.nodes.count) nodes, too many to print legibly; step through it in the player, index.html.")
            : ""
        let sections = self.sections(markup, tables: tables, steps: tooLarge ? [] : keySteps, note: note + whole) { step in
            "<figure>" + (svgs[step.index] ?? "") + "<figcaption>" + markup.text(renderer.caption(step)) + "</figcaption></figure>\n"
        }
        let title = markup.text(renderer.lesson.title)
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(title): handout</title>
        <style>
        body{font-family:"DejaVu Sans",Verdana,sans-serif;color:#000;margin:1.5em;line-height:1.35}
        h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #000}
        h2{break-after:avoid}section:last-child{break-before:page}
        table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #555;padding:.2em .5em;text-align:left;vertical-align:top}
        thead{display:table-header-group}tr{break-inside:avoid}math{font-size:1.1em;math-style:normal}
        msub>:nth-child(2),msup>:nth-child(2),msubsup>:nth-child(n+2),munder>:nth-child(2),mover>:nth-child(2){math-depth:1}
        figure{margin:1em 0;break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{font-weight:bold;margin-top:.3em}
        @page{size:A4 landscape;margin:12mm}
        </style>
        </head>
        <body>
        \(sections.map(markup.section).joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// The tables' header, the equations, the other tables, then `note` and the frames of
    /// `steps` as `keyFrame` writes each.
    private func sections(_ markup: TableMarkup, tables: [String], steps: [Trace.Step], note: String = "",
                          keyFrame: (Trace.Step) -> String) -> [String] {
        var sections = tables
        sections.insert(equations(markup), at: 1)
        sections.append(markup.heading("Key frames") + note + steps.map(keyFrame).joined())
        return sections
    }

    /// Each equation of the lesson, in definition order.
    private func equations(_ markup: TableMarkup) -> String {
        let rule = ChainRule(trace: trace, typesetter: renderer.lesson.typesetter(markup.style))
        let rows = trace.graph.equations.enumerated().map { number, node in ["\(number + 1)", markup.math(rule.equation(node))] }
        return markup.heading("Equations") + markup.table(["", "Equation"], rows)
    }
}
