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
    /// Beamer's page in points: 160 mm by 90 mm, or 128 mm by 96 mm.
    var page: (width: Double, height: Double) { self == .wide ? (453.54, 255.12) : (362.83, 272.13) }
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

    /// What one slide shows: a step, or every descent iteration after the first in one table.
    enum Slide {
        case step(Trace.Step)
        case laterIterations
    }

    /// The slides after the title, as the lesson's `slides:` chooses them (`SlidePlan`): its
    /// steps, with the updates of the iterations after the first as one table slide where the
    /// first of them stood (`descent: first`).
    var slides: [Slide] {
        var slides: [Slide] = []
        var collapsed = false
        for step in lesson.slides.steps.steps(of: trace) {
            if lesson.slides.descent == .first, let iteration = step.update?.iteration, iteration > 1 {
                if !collapsed { slides.append(.laterIterations) }
                collapsed = true
            } else {
                slides.append(.step(step))
            }
        }
        return slides
    }

    /// The later iterations' slide: its title in words, and a table of the loss and each
    /// parameter at every iteration (0: as given), each name and number written by `math`.
    private func laterIterations(_ rule: ChainRule, math: (String) -> String)
        -> (title: String, header: [String], rows: [[String]]) {
        let last = trace.descent.last?.iteration ?? 1
        let title = "Gradient descent: iteration" + (last > 2 ? "s 2 to \(last)" : " 2") + ", the loss and every parameter after each"
        let header = ["Quantity"] + trace.descent.map { $0.iteration == 0 ? "given" : "after \($0.iteration)" }
        let loss = [math(rule.typesetName(trace.graph.loss))] + trace.descent.map { math(rule.value(Tensor($0.loss))) }
        let parameters = trace.graph.parameters.enumerated().map { index, parameter in
            [math(rule.typesetName(parameter.id))] + trace.descent.map { math(rule.value($0.parameters[index], $0.iteration == 0 ? .values : .updates)) }
        }
        return (title, header, [loss] + parameters)
    }

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
        for shown in self.slides {
            guard case .step(let step) = shown else {
                let table = laterIterations(rule, math: TableMarkup.markdown.math)
                slides.append("## " + Escape.markdown(table.title) + "\n\n" + TableMarkup.markdown.table(table.header.map(Escape.markdown), table.rows))
                continue
            }
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
        for shown in self.slides {
            guard case .step(let step) = shown else {
                let table = laterIterations(rule, math: math)
                slides.append("<section class=\"slide\"><h2>" + Escape.xml(table.title) + "</h2>"
                              + TableMarkup.html.table(table.header.map(Escape.xml), table.rows) + "</section>")
                continue
            }
            var slide = "<section class=\"slide\"><h2>" + renderer.captions.slideTitle(step, latex: rule, math: math, words: Escape.xml) + "</h2>"
            if let image = frame(step, .svg) ?? frame(step, .png) {
                slide += "<img src=\"" + Escape.xml(image) + "\" alt=\"" + Escape.xml(renderer.caption(step)) + "\">"
            }
            let equation = typeset ? equationParts(step) ?? renderer.equationMathML(step) : nil
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

    /// A step's equation as MathML in the parts a line may break between (`pieces`), each in a
    /// `<span class="part">`: the page wraps them onto lines as wide as the slide instead of
    /// setting the equation smaller; nil where a part cannot be set in MathML.
    private func equationParts(_ step: Trace.Step) -> String? {
        let (first, rest) = Self.pieces(rule.line(step))
        var parts: [String] = []
        for piece in [first] + rest {
            guard let math = try? MathML.inline(piece) else { return nil }
            parts.append("<span class=\"part\">" + math + "</span>")
        }
        return parts.joined()
    }

    func beamer() -> String {
        let rule = self.rule
        let page = renderer.aspect.page
        // One scale for every picture of the lesson, so its text has one size on every slide:
        // as large as the largest picture lets it be, never enlarged.
        let steps = slides.compactMap { if case .step(let step) = $0 { step } else { nil } }
        let sizes = Dictionary(uniqueKeysWithValues: steps.compactMap { step in ((try? renderer.slideFrameSize(step)) ?? nil).map { (step.index, $0) } })
        let scale = sizes.values.map { min(1, (page.width - Self.sideRoom) / $0.width, (page.height - Self.headRoom) / $0.height) }.min() ?? 1
        var out = [#"\documentclass[aspectratio="# + renderer.aspect.beamer + #",11pt]{beamer}"#,
                   #"\usepackage[utf8]{inputenc}"#,
                   #"\usepackage[T1]{fontenc}"#,
                   // Latin Modern: vector fonts (T1 without it sets bitmap Type 3 fonts).
                   #"\usepackage{lmodern}"#,
                   #"\usepackage{amsmath,amssymb,graphicx}"#,
                   #"\setbeamertemplate{navigation symbols}{}"#,
                   // The slide's number at its bottom right (one pdflatex run: no total).
                   #"\setbeamertemplate{footline}{\hfill\usebeamerfont{page number in head/foot}\insertframenumber\hspace{1em}\vspace{0.6em}}"#]
        out += Self.equationMacros
        out += [#"\title{"# + Escape.latex(lesson.title) + "}", #"\subtitle{Backpropagation step by step}"#]
        if let citation = lesson.citation { out.append(#"\date{\footnotesize "# + Escape.latex(citation) + "}") } else { out.append(#"\date{}"#) }
        out += [#"\begin{document}"#, #"\begin{frame}\titlepage\end{frame}"#]
        for shown in slides {
            guard case .step(let step) = shown else {
                let table = laterIterations(rule) { "$" + Escape.latexMath($0) + "$" }
                out.append(#"\begin{frame}[t]{"# + Escape.latex(table.title) + #"}\centering"#)
                out.append(#"\begin{tabular}{l"# + String(repeating: "r", count: table.header.count - 1) + "}")
                out.append(table.header.map(Escape.latex).joined(separator: " & ") + #" \\ \hline"#)
                out += table.rows.map { $0.joined(separator: " & ") + #" \\"# }
                out.append(#"\end{tabular}\end{frame}"#)
                continue
            }
            let title = renderer.captions.slideTitle(step, latex: rule, math: { "$" + Escape.latexMath($0) + "$" }, words: Escape.latex)
            let picture = frame(step, .pdf).map { pdf in
                // Centred on the page even where it is wider than the text.
                #"\makebox[\linewidth]{\includegraphics[scale="# + FrameLayout.decimal(scale, places: 4) + "]{" + pdf + "}}"
            } ?? ""
            let height = sizes[step.index].map { FrameLayout.decimal($0.height * scale, places: 2) + "pt" } ?? "0pt"
            let (first, pieces) = Self.pieces(Escape.latexMath(rule.line(step)))
            out.append(#"\teachslide{"# + title + "}{" + height + "}{" + picture + "}{" + first + "}{"
                       + pieces.map { #"\teachpiece{"# + $0 + "}" }.joined() + "}")
        }
        out.append(#"\end{document}"#)
        return out.joined(separator: "\n") + "\n"
    }

    /// Points a slide keeps free beside its picture, and above and below it (the frame title,
    /// the footline and their skips).
    static let sideRoom = 16.0, headRoom = 50.0

    /// The macros that set a step's equation without shrinking it and give it a slide of its
    /// own where it does not fit under the picture. `\teachslide{title}{picture height}{picture}
    /// {first part}{\teachpiece{= …}\teachpiece{+ …}…}` lays the equation's parts out greedily,
    /// a line as long as the slide is wide, each new line indented to the first `=`; where the
    /// picture and the equation are taller than the slide, the equation follows on a slide
    /// titled as the step's with "(cont.)".
    static let equationMacros: [String] = [
        #"\newsavebox\teachline \newsavebox\teachpart \newbox\teachlines \newlength\teachindent"#,
        #"\newcommand{\teachflush}{\setbox\teachlines\vbox{\ifdim\ht\teachlines>0pt\unvbox\teachlines\vskip0.5em\fi\hbox{\usebox\teachline}}}"#,
        #"\newcommand{\teachpiece}[1]{\sbox\teachpart{$\displaystyle{}#1$}%"#,
        #"  \ifdim\dimexpr\wd\teachline+\wd\teachpart\relax>\linewidth\teachflush\sbox\teachline{\hspace*{\teachindent}\usebox\teachpart}%"#,
        #"  \else\sbox\teachline{\usebox\teachline\usebox\teachpart}\fi}"#,
        #"\newcommand{\teachequation}[2]{\setbox\teachlines\vbox{}\sbox\teachline{$\displaystyle #1$}\settowidth\teachindent{$\displaystyle #1{}$}#2\teachflush}"#,
        #"\newcommand{\teachslide}[5]{\teachequation{#4}{#5}%"#,
        #"  \ifdim\dimexpr#2+\ht\teachlines+\dp\teachlines+0.5em\relax>\dimexpr\paperheight-"# + FrameLayout.decimal(headRoom, places: 0) + #"pt\relax"#,
        #"    \begin{frame}[t]{#1}\centering#3\end{frame}\begin{frame}[t]{#1 (cont.)}\centering\copy\teachlines\end{frame}%"#,
        #"  \else\begin{frame}[t]{#1}\centering#3\par\vspace{0.5em}\copy\teachlines\end{frame}\fi}"#,
    ]

    /// A LaTeX equation split where a line may break: its first part, then each part from an
    /// ` = ` or a ` + ` or ` - ` between terms, outside braces and `\left … \right`.
    static func pieces(_ latex: String) -> (first: String, pieces: [String]) {
        var parts: [String] = [], current = "", depth = 0
        let characters = Array(latex)
        var index = 0
        while index < characters.count {
            let rest = characters[index...]
            if rest.starts(with: #"\left"#) { depth += 1 } else if rest.starts(with: #"\right"#) { depth -= 1 }
            let c = characters[index]
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0, c == " ", index + 2 < characters.count, ["=", "+", "-"].contains(characters[index + 1]), characters[index + 2] == " ",
               !current.isEmpty {
                parts.append(current)
                current = ""
                index += 1
                continue
            }
            current.append(c)
            index += 1
        }
        parts.append(current)
        return (parts[0], Array(parts.dropFirst()))
    }
}
