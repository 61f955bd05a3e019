import TeachCore
import TeachLessons

/// What every document of a render reads: the lesson and its trace, the storyboard of what
/// each box shows at each step, the pinned layout, which steps get frames and in which
/// formats, their file names and captions. What more than one document needs is made once
/// here (the layout, the key frames' SVG, `tables.md`'s sections).
public final class RenderContext {
    public let lesson: Lesson
    public let trace: Trace
    /// The frame formats written (those asked for, and those a document needs).
    public let formats: [LessonRenderer.Format]
    /// The steps that get frame files (every step keeps its caption in `index.md`).
    public let framed: [Trace.Step]
    let framedIndices: Set<Int>
    let storyboard: Storyboard
    let captions: Caption
    /// The handout's key steps: the last forward step, each backward step with more than one
    /// contribution, the last backward step.
    let keySteps: [Trace.Step]
    /// The student a worksheet's numbers were drawn for, if any.
    let student: String?
    /// The shape of the slides (`deck.md`, `slides.tex`).
    let aspect: SlideAspect

    private var madeLayout: FrameLayout?
    private var madeSVGWriter: SVGWriter?
    private var madeCaptions: [String?]
    /// The writer of every frame's DOT (it escapes each node's title once).
    private var madeDOTWriter: DOTWriter?
    private var keyFrameSVG: [Int: String] = [:]
    private var madeTableSections: [String]?
    private var madeEquations: [String?]?
    private var madeUsesFocus: Bool?
    /// The last step's focus layout: its SVG and its DOT are written one after the other.
    private var madeFocus: (step: Int, layout: FocusLayout)?
    private var madeFocusCanvas: FocusLayout.Canvas?

    init(lesson: Lesson, trace: Trace, formats: [LessonRenderer.Format], frames: StepSelection, student: String? = nil,
         aspect: SlideAspect = .wide) {
        self.lesson = lesson
        self.trace = trace
        self.formats = formats
        self.framed = formats.isEmpty ? [] : frames.steps(of: trace)
        self.framedIndices = Set(framed.map(\.index))
        self.storyboard = Storyboard(trace: trace, typesetter: lesson.typesetter(.text))
        self.captions = Caption(storyboard: storyboard)
        self.madeCaptions = Array(repeating: nil, count: trace.steps.count)
        self.student = student
        self.aspect = aspect
        let backward = trace.steps(.backward)
        var key: [Trace.Step] = []
        if let last = trace.steps(.forward).last { key.append(last) }
        for step in backward where step.terms.flatMap(\.edges).count > 1 { key.append(step) }
        if let last = backward.last, !key.contains(where: { $0.index == last.index }) { key.append(last) }
        self.keySteps = key
    }

    /// The frame file name of a step without its extension: `006-backward-w`.
    public func frameName(_ step: Trace.Step) -> String {
        let width = max(3, String(trace.steps.count).count)
        let number = String(step.index + 1)
        let padded = String(repeating: "0", count: width - number.count) + number
        let node = String(trace.graph.nodes[step.node].name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "-" })
        return "\(padded)-\(step.phase.rawValue)-\(node)"
    }

    /// The path of a step's frame in `format`, if that frame is written.
    func frameFile(_ step: Trace.Step, _ format: LessonRenderer.Format) -> String? {
        formats.contains(format) && framedIndices.contains(step.index) ? "frames/" + frameName(step) + "." + format.rawValue : nil
    }

    /// The picture a step's slide shows in `format`: its focus frame where the slides use
    /// focus frames, else its frame.
    func slideFrameFile(_ step: Trace.Step, _ format: LessonRenderer.Format) throws -> String? {
        guard let file = frameFile(step, format) else { return nil }
        return try usesFocusFrames() ? "focus/" + file.dropFirst("frames/".count) : file
    }

    /// Whether the slides show focus frames: as the lesson's `layout` says, or, for `auto`,
    /// where the whole graph's frames fall short of `Legibility.target` on a slide.
    func usesFocusFrames() throws -> Bool {
        if let madeUsesFocus { return madeUsesFocus }
        let uses: Bool
        switch lesson.layout {
        case .whole: uses = false
        case .focus: uses = true
        case .auto:
            let geometry = try svgWriter().geometry
            let labelled = trace.graph.edges.contains { !storyboard.widestEdgeLines($0.id).isEmpty }
            let share = Legibility.frameShare(width: geometry.width, height: geometry.height, labelled: labelled)
            uses = share < Legibility.target(nodes: trace.graph.nodes.count)
        }
        madeUsesFocus = uses
        return uses
    }

    /// A step's focus layout, made once for its SVG and its DOT (only the last is kept, so that
    /// memory stays flat over thousands of frames).
    private func focus(_ step: Trace.Step) throws -> FocusLayout {
        if let madeFocus, madeFocus.step == step.index { return madeFocus.layout }
        let focus = FocusLayout.make(storyboard, step: step.index, whole: try layout(), canvas: try focusCanvas())
        madeFocus = (step.index, focus)
        return focus
    }

    /// The one canvas of the lesson's focus frames, from the drawings of the steps framed.
    private func focusCanvas() throws -> FocusLayout.Canvas {
        if let madeFocusCanvas { return madeFocusCanvas }
        let whole = try layout()
        let page = aspect.page
        let canvas = FocusLayout.Canvas(sizes: framed.map { FocusLayout.drawingSize(storyboard, step: $0.index, whole: whole) }, whole: whole,
                                        room: (page.width - SlideDeck.sideRoom, page.height - SlideDeck.headRoom))
        madeFocusCanvas = canvas
        return canvas
    }

    /// A step's focus frame as SVG, titled with its caption.
    func focusSVG(_ step: Trace.Step) throws -> String {
        let focus = try focus(step)
        let writer = SVGWriter(storyboard: storyboard, layout: focus.layout, labelSizes: focus.labelSizes)
        return writer.picture(storyboard.focusContent(at: step.index), caption: caption(step), overlay: focus.thumbnail.svg(writer.geometry))
    }

    /// A step's focus frame as pinned DOT, titled with its caption.
    func focusDOT(_ step: Trace.Step) throws -> String {
        let focus = try focus(step)
        return dotWriter().picture(storyboard.focusContent(at: step.index), layout: focus.layout, caption: caption(step),
                                 extra: focus.thumbnail.dot())
    }

    /// A step's caption, made once: the frame's title, its DOT, the index, the player and the
    /// slides all show it.
    public func caption(_ step: Trace.Step) -> String {
        if let made = madeCaptions[step.index] { return made }
        let text = captions.text(step)
        madeCaptions[step.index] = text
        return text
    }

    /// The one layout every frame and the player share, made on first use.
    func layout() throws -> FrameLayout {
        if let madeLayout { return madeLayout }
        let layout = try FrameLayout.make(storyboard)
        madeLayout = layout
        return layout
    }

    /// A step's pinned DOT, titled with its caption.
    func frameDOT(_ step: Trace.Step) throws -> String {
        dotWriter().picture(storyboard.content(at: step.index), layout: try layout(), caption: caption(step))
    }

    /// A step's SVG frame, drawn by teach on the pinned layout (`SVGWriter`), with the caption
    /// as its title; a key step's is drawn once, for its file and the handout.
    func svg(_ step: Trace.Step) throws -> String {
        if let made = keyFrameSVG[step.index] { return made }
        let drawn = try svgWriter().picture(storyboard.content(at: step.index), caption: caption(step))
        if keySteps.contains(where: { $0.index == step.index }) { keyFrameSVG[step.index] = drawn }
        return drawn
    }

    /// The size in points of a step's slide picture, nil where it has no frame: a focus frame is
    /// as wide as the lesson's widest (`FocusLayout.Canvas`), a whole frame as every other.
    func slideFrameSize(_ step: Trace.Step) throws -> (width: Double, height: Double)? {
        guard framedIndices.contains(step.index) else { return nil }
        let geometry = try usesFocusFrames() ? SVGWriter.geometry(of: try focus(step).layout, storyboard) : try svgWriter().geometry
        return (geometry.width, geometry.height)
    }

    /// The writer of every SVG frame, made on first use.
    private func svgWriter() throws -> SVGWriter {
        if let madeSVGWriter { return madeSVGWriter }
        let writer = SVGWriter(storyboard: storyboard, layout: try layout())
        madeSVGWriter = writer
        return writer
    }

    private func dotWriter() -> DOTWriter {
        if let madeDOTWriter { return madeDOTWriter }
        let writer = DOTWriter(storyboard: storyboard)
        madeDOTWriter = writer
        return writer
    }

    /// Drops what the writers keep while writing a run of frames (the last drawing of every
    /// node and edge), once every frame is written: the documents after draw single frames.
    func finishedFrames() {
        madeSVGWriter = nil
        madeDOTWriter = nil
    }

    /// Whether the pages (player, handout, HTML deck) set their math in MathML: for a lesson of
    /// at most `StepSelection.autoLimit` steps. A larger one keeps its math in Unicode text,
    /// so that its thousands of steps cost what the text costs.
    var setsMathML: Bool { trace.steps.count <= StepSelection.autoLimit }

    /// Each step's chain-rule equation as inline MathML (nil where it cannot be typeset), made
    /// once for the player and the HTML deck.
    func equationMathML(_ step: Trace.Step) -> String? {
        if let madeEquations { return madeEquations[step.index] }
        let latex = ChainRule(trace: trace, typesetter: lesson.typesetter(.latex))
        let equations = trace.steps.map { try? MathML.inline(latex.line($0)) }
        madeEquations = equations
        return equations[step.index]
    }

    /// `tables.md`'s sections in Markdown, made once for it and `handout.md`.
    func tableSections() -> [String] {
        if let madeTableSections { return madeTableSections }
        let sections = MarkdownTables(lesson: lesson, trace: trace).sections()
        madeTableSections = sections
        return sections
    }

    /// An SVG document as an element inside HTML: without its XML declaration and doctype;
    /// its size in CSS pixels (HTML's `width` and `height` take no units: 1 pt = 4/3 px) and
    /// its font as style, which HTML validators accept; and, where a page holds several, its
    /// element ids prefixed with `idPrefix`, so that no two figures share an id.
    static func inline(_ svg: String, idPrefix: String? = nil) -> String {
        guard let start = svg.range(of: "<svg"), let end = svg[start.lowerBound...].firstIndex(of: ">") else { return svg }
        var root = String(svg[start.lowerBound...end])
        for dimension in ["width", "height"] {
            guard let range = root.range(of: #"\#(dimension)="([0-9.]+)pt""#, options: .regularExpression) else { continue }
            let points = Double(root[range].dropFirst(dimension.count + 2).dropLast(3)) ?? 0
            root.replaceSubrange(range, with: "\(dimension)=\"\(Int((points * 4 / 3).rounded()))\"")
        }
        root = root.replacingOccurrences(of: " font-family=\"\(FrameStyle.font)\" text-anchor=\"middle\"",
                                         with: " style=\"font-family:'\(FrameStyle.font)';text-anchor:middle\"")
        var body = String(svg[svg.index(after: end)...])
        if let idPrefix { body = body.replacingOccurrences(of: "<g id=\"", with: "<g id=\"\(idPrefix)") }
        return root + body
    }
}
