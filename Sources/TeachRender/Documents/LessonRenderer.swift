import TeachCore
import TeachLessons

/// One file of a rendered lesson: its path inside the lesson's folder and its bytes.
public struct OutputFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Written with mode 755 (a script or program), else 644.
    public let executable: Bool

    public init(path: String, bytes: [UInt8], executable: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.executable = executable
    }

    public init(path: String, text: String, executable: Bool = false) {
        self.init(path: path, bytes: Array(text.utf8), executable: executable)
    }
}

/// `teach render`: every frame of a lesson (pinned DOT, and SVG, PNG or PDF drawn by libgvc
/// in process), the tables, index, trace, player, handout and slides, in a fixed order. Each
/// file goes to the writer as soon as it is made (`OutputFolder` stages it on disk), so a
/// lesson with thousands of frames never holds them all in memory.
public struct LessonRenderer {
    public enum Format: String, CaseIterable, Sendable { case svg, dot, png, pdf }

    public let lesson: Lesson
    public let trace: Trace
    public let formats: [Format]
    /// The steps that get frame files (every step keeps its caption in `index.md`).
    public let framed: [Trace.Step]
    let framedIndices: Set<Int>
    /// Also write `slides.tex`, with PDF frames for it.
    public let slides: Bool

    let storyboard: Storyboard
    let captions: Caption

    public init(lesson: Lesson, trace: Trace, formats: [Format] = [.svg, .dot], frames: FrameSelection = .auto, slides: Bool = false) {
        self.lesson = lesson
        self.trace = trace
        self.slides = slides
        self.formats = Format.allCases.filter { formats.contains($0) || (slides && $0 == .pdf) }
        self.framed = self.formats.isEmpty ? [] : frames.steps(of: trace)
        self.framedIndices = Set(framed.map(\.index))
        self.storyboard = Storyboard(trace: trace, typesetter: lesson.typesetter(.text))
        self.captions = Caption(storyboard: storyboard)
    }

    /// The frame file name of a step without its extension: `006-backward-w`.
    public func frameName(_ step: Trace.Step) -> String {
        let width = max(3, String(trace.steps.count).count)
        let number = String(step.index + 1)
        let padded = String(repeating: "0", count: width - number.count) + number
        let node = String(trace.graph.nodes[step.node].name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "-" })
        return "\(padded)-\(step.phase.rawValue)-\(node)"
    }

    public func caption(_ step: Trace.Step) -> String { captions.text(step) }

    /// Every file, in memory (for tests and small lessons).
    public func render() throws -> [OutputFile] {
        var files: [OutputFile] = []
        try render { files.append($0) }
        return files
    }

    /// Hands each file to `write` as soon as it is made.
    public func render(into write: (OutputFile) throws -> Void) throws {
        let layout = try FrameLayout.make(storyboard)
        let writer = DOTWriter(storyboard: storyboard)
        /// A frame's DOT and its SVG, titled with the caption; a key frame's SVG is rendered once
        /// for its file and the handout.
        func frame(_ step: Trace.Step) -> (dot: String, caption: String) {
            let caption = self.caption(step)
            return (writer.frame(step.index, layout: layout, caption: caption), caption)
        }
        func svg(_ frame: (dot: String, caption: String)) throws(GraphvizError) -> String {
            Self.titled(String(decoding: try Graphviz.shared.render(frame.dot, format: "svg"), as: UTF8.self), frame.caption)
        }
        let handout = Handout(renderer: self)
        let inlined = trace.graph.nodes.count <= Handout.inlineFrameLimit ? Set(handout.keySteps.map(\.index)) : []
        var keyFrames: [Int: String] = [:]
        for step in framed {
            let picture = frame(step), dot = picture.dot
            let base = "frames/" + frameName(step)
            for format in formats {
                switch format {
                case .dot: try write(OutputFile(path: base + ".dot", text: dot))
                case .svg:
                    let text = try svg(picture)
                    try write(OutputFile(path: base + ".svg", text: text))
                    if inlined.contains(step.index) { keyFrames[step.index] = Self.inline(text) }
                case .png:
                    try write(OutputFile(path: base + ".png", bytes: try Graphviz.shared.render(dot, format: "png")))
                case .pdf:
                    try write(OutputFile(path: base + ".pdf", bytes: Self.fixingCreationDate(try Graphviz.shared.render(dot, format: "pdf"))))
                }
            }
        }
        for step in handout.keySteps where inlined.contains(step.index) && keyFrames[step.index] == nil {
            keyFrames[step.index] = Self.inline(try svg(frame(step)))
        }
        let tables = MarkdownTables(lesson: lesson, trace: trace), tableSections = tables.sections()
        try write(OutputFile(path: "tables.md", text: tables.document(tableSections)))
        try write(OutputFile(path: "index.md", text: FrameIndex(renderer: self).document()))
        try write(OutputFile(path: "trace.json", text: TraceReport(lesson: lesson, trace: trace).json().serialized()))
        try write(OutputFile(path: "index.html", text: PlayerPage(renderer: self, layout: layout).document()))
        try write(OutputFile(path: "handout.md", text: handout.markdown(tables: tableSections)))
        try write(OutputFile(path: "handout.html", text: handout.html(svgs: keyFrames)))
        let deck = SlideDeck(renderer: self)
        try write(OutputFile(path: "deck.md", text: deck.markdown()))
        if slides { try write(OutputFile(path: "slides.tex", text: deck.beamer())) }
    }

    /// Cairo stamps each PDF with the time it was made; a fixed stamp of the same length keeps
    /// the frames byte-identical from run to run (and every offset in the file unchanged).
    static func fixingCreationDate(_ pdf: [UInt8]) -> [UInt8] {
        let key = Array("/CreationDate (D:".utf8), stamp = Array("20000101000000".utf8)
        guard let start = pdf.indices.dropLast(key.count + stamp.count).first(where: { pdf[$0..<($0 + key.count)].elementsEqual(key) }),
              pdf[(start + key.count)...].prefix(stamp.count).allSatisfy({ (0x30...0x39).contains($0) }) else { return pdf }
        var fixed = pdf
        fixed.replaceSubrange((start + key.count)..<(start + key.count + stamp.count), with: stamp)
        return fixed
    }

    /// An SVG document as an element inside HTML: without its XML declaration and doctype.
    static func inline(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return svg }
        return String(svg[start.lowerBound...])
    }

    /// Gives Graphviz's SVG the caption as its accessible name and title, in place of the
    /// graph's internal name.
    static func titled(_ svg: String, _ caption: String) -> String {
        let escaped = Escape.xml(caption)
        var svg = svg
        if let title = svg.range(of: "<title>frame</title>") { svg.replaceSubrange(title, with: "<title>\(escaped)</title>") }
        if let open = svg.range(of: "<svg ") { svg.replaceSubrange(open, with: "<svg role=\"img\" aria-label=\"\(escaped)\" ") }
        return svg
    }
}
