import TeachCore
import TeachLessons

/// The lesson as slides: a title slide, then one slide per step with its frame and the step's
/// chain-rule equation under it.
///
/// - `deck.html`: teach's own slides for a browser, offline: each slide's frame and its equation
///   as MathML, one slide at a time, from the keyboard.
/// - `deck.md`: Markdown that pandoc turns into reveal.js or Beamer and Marp reads: a YAML title
///   block (with Marp's `marp: true` and `size`), `---` between slides, `![caption](focus/….svg)`,
///   `$…$` math.
/// - `slides.tex`: a Beamer deck for pdflatex (Debian's texlive-latex-base, -recommended and
///   -pictures), including the PDF frames `teach render --slides` writes beside it.
public struct DeckDocument: Document {
    public static let name = "deck"
    public static let summary = "deck.html: slides for a browser, offline; deck.md: the same for pandoc (reveal.js, Beamer) or Marp"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        let deck = SlideDeck(renderer: context)
        try write(OutputFile(path: "deck.html", text: deck.html()))
        try write(OutputFile(path: "deck.md", text: deck.markdown()))
    }
}

public struct BeamerDocument: Document {
    public static let name = "slides"
    public static let summary = "slides.tex: a Beamer deck for pdflatex, with the PDF frames it includes"
    public static let isDefault = false
    public static let frameFormats: [LessonRenderer.Format] = [.pdf]

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        try write(OutputFile(path: "slides.tex", text: SlideDeck(renderer: context).beamer()))
    }
}

/// The shape of a slide: 16:9 (the default; today's projectors and screens) or 4:3.
public enum SlideAspect: String, CaseIterable, Sendable {
    case wide = "16:9"
    case standard = "4:3"

    /// Beamer's `aspectratio` (pandoc's variable of the same name): 169 or 43.
    var beamer: String { self == .wide ? "169" : "43" }
    /// reveal.js's slide size in CSS pixels, at which pandoc's page lays a slide out.
    var revealSize: (width: Int, height: Int) { self == .wide ? (1280, 720) : (1024, 768) }
}

struct SlideDeck {
    let renderer: RenderContext

    private var lesson: Lesson { renderer.lesson }
    private var trace: Trace { renderer.trace }
    private var rule: ChainRule { ChainRule(trace: trace, typesetter: lesson.typesetter(.latex)) }

    /// The picture of a step's slide in `format`: its focus frame or its frame.
    private func frame(_ step: Trace.Step, _ format: LessonRenderer.Format) -> String? { try? renderer.slideFrameFile(step, format) }

    func markdown() -> String {
        let rule = self.rule
        // A JSON string is a YAML double-quoted scalar; pandoc reads its text as Markdown, so it
        // is escaped as Markdown too (HTML in a title would otherwise run in the reveal.js page).
        // The slide shape for pandoc's Beamer (aspectratio) and reveal.js (width, height).
        let aspect = renderer.aspect, size = aspect.revealSize
        // Marp reads the same front matter (`marp: true`, its `size`) and splits slides at every
        // `---` after it, so the first slide follows the front matter directly: a rule there
        // would give Marp an empty first slide (pandoc splits at the `##` headings either way).
        let frontMatter = "---\nmarp: true\ntitle: " + JSONValue.string(Escape.markdown(lesson.title)).serialized()
            + "\nsubtitle: \"Backpropagation step by step\"\naspectratio: \(aspect.beamer)\nwidth: \(size.width)\nheight: \(size.height)"
            + "\nsize: \(aspect.rawValue)\n---"
        var slides: [String] = []
        for step in trace.steps {
            var slide = "## " + renderer.captions.slideTitle(step, latex: rule, math: TableMarkup.markdown.math, words: Escape.markdown)
            let equation = TableMarkup.markdown.math(rule.line(step))
            // The frame shares a paragraph with the equation (after a hard line break): alone,
            // pandoc would make it a figure captioned with its Unicode alt text, which pdflatex
            // cannot set.
            if let image = frame(step, .svg) ?? frame(step, .png) {
                slide += "\n\n![" + Escape.markdown(renderer.caption(step)) + "](" + image + ")\\\n" + equation
            } else {
                slide += "\n\n" + equation
            }
            slides.append(slide)
        }
        return frontMatter + "\n\n" + slides.joined(separator: "\n\n---\n\n") + "\n"
    }

    /// `deck.html`: a title slide, then per step its title, its frame (`frames/…`, as the
    /// Markdown deck links it) and its equation in MathML; the script shows one slide at a time
    /// (without it, the slides follow each other down the page, as they print).
    func html() -> String {
        // MathML for every step of a 10,000-node lesson took a third of its render.
        let typeset = renderer.setsMathML
        let rule = typeset ? self.rule : ChainRule(trace: trace, typesetter: lesson.typesetter(.text))
        func math(_ source: String) -> String { typeset ? (try? MathML.inline(source)) ?? Escape.xml(source) : Escape.xml(source) }
        let title = Escape.xml(lesson.title)
        var slides = ["<section class=\"slide title\"><h1>\(title)</h1><p>Backpropagation step by step</p>"
                      + (lesson.citation.map { "<p>" + Escape.xml($0) + "</p>" } ?? "") + "</section>"]
        for step in trace.steps {
            var slide = "<section class=\"slide\"><h2>" + renderer.captions.slideTitle(step, latex: rule, math: math, words: Escape.xml) + "</h2>"
            if let image = frame(step, .svg) ?? frame(step, .png) {
                slide += "<img src=\"" + Escape.xml(image) + "\" alt=\"" + Escape.xml(renderer.caption(step)) + "\">"
            }
            let equation = typeset ? renderer.equationMathML(step) : nil
            slides.append(slide + "<p class=\"equation\">" + (equation ?? Escape.xml(rule.line(step))) + "</p></section>")
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title): slides</title>
        <style>\(BrowserAssets.deckStyle)</style>
        </head>
        <body>
        \(slides.joined(separator: "\n"))
        <div id="counter" aria-live="polite"></div>
        <script>\(BrowserAssets.deckScript)</script>
        </body>
        </html>

        """
    }

    func beamer() -> String {
        let rule = self.rule
        var out = [#"\documentclass[aspectratio="# + renderer.aspect.beamer + #",10pt]{beamer}"#,
                   #"\usepackage[utf8]{inputenc}"#,
                   #"\usepackage[T1]{fontenc}"#,
                   #"\usepackage{amsmath,amssymb,graphicx}"#,
                   #"\setbeamertemplate{navigation symbols}{}"#,
                   #"% An equation wider than the slide is scaled down to fit."#,
                   #"\newcommand{\fitequation}[1]{\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{$\displaystyle #1$}}"#,
                   #"\title{"# + Escape.latex(lesson.title) + "}",
                   #"\subtitle{Backpropagation step by step}"#]
        if let citation = lesson.citation { out.append(#"\date{\footnotesize "# + Escape.latex(citation) + "}") } else { out.append(#"\date{}"#) }
        out += [#"\begin{document}"#, #"\begin{frame}\titlepage\end{frame}"#]
        for step in trace.steps {
            out.append(#"\begin{frame}{"# + renderer.captions.slideTitle(step, latex: rule, math: { "$" + Escape.latexMath($0) + "$" }, words: Escape.latex) + "}")
            out.append(#"\centering"#)
            if let pdf = frame(step, .pdf) {
                out.append(#"\includegraphics[width=\linewidth,height=0.7\textheight,keepaspectratio]{"# + pdf + "}")
                out.append("")
            }
            out.append(#"\fitequation{"# + Escape.latexMath(rule.line(step)) + "}")
            out.append(#"\end{frame}"#)
        }
        out.append(#"\end{document}"#)
        return out.joined(separator: "\n") + "\n"
    }
}
