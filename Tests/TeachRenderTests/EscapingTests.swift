import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TeachTestSupport
import TeachCore
import TeachLessons
@testable import TeachRender

/// Lesson text that tries to break out of every target: DOT, HTML-like labels, SVG, Markdown.
@Suite struct EscapingTests {
    static let hostileName = "w\"]; x [<script>&|\\N{}\u{202E}"
    static let yaml = #"""
    title: "Evil \"]; x [ <script>alert(1)</script> </svg> $$ | \\N {} & \u202E"
    source: "a <b>|c|</b> \\ $x$"
    inputs:
      x: 2
    parameters:
      w: 3
    equations:
      - y = w*x
    loss: y
    notation:
      w: {text: "w\"]; x [<script>&|\\N{}\u202E", latex: "\\hat{w}|\\$x\\$\\%\\\x23"}
    """#

    func render() throws -> [String: String] {
        let lesson = try LessonLoader().load(bytes: Array(Self.yaml.utf8), file: "evil.yaml", id: "evil").lesson
        let files = try LessonRenderer(lesson: lesson, trace: try lesson.trace()).render()
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    /// Character data of a well-formed XML document, or nil if it is not well formed.
    func characterData(_ xml: String) -> String? {
        final class Collector: NSObject, XMLParserDelegate {
            var text = ""
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        return parser.parse() ? collector.text : nil
    }

    /// The player, the handout and the decks show the hostile title and name as text.
    @Test func htmlAndLatexShowLessonTextLiterally() throws {
        let lesson = try LessonLoader().load(bytes: Array(Self.yaml.utf8), file: "evil.yaml", id: "evil").lesson
        let renderer = LessonRenderer(lesson: lesson, trace: try lesson.trace(), formats: [.svg], documents: Documents.all)
        let rendered = try renderer.render()
        let files = Dictionary(uniqueKeysWithValues: rendered.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        for name in ["index.html", "handout.html"] {
            let html = try #require(files[name])
            #expect(!html.contains("<script>alert") && !html.contains("</svg> $$"), "\(name) let markup through")
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(name) lost the title")
            #expect(html.contains("&lt;U+202E&gt;") && !html.contains("\u{202E}"))
        }
        let tex = try #require(files["slides.tex"])
        #expect(tex.contains(#"\title{Evil \textquotedbl{}]; x [ \textless{}script\textgreater{}alert(1)\textless{}/script\textgreater{} "#
                             + #"\textless{}/svg\textgreater{} \$\$ \textbar{} \textbackslash{}N \{\} \& \textless{}U+202E\textgreater{}}"#))
        let deck = try #require(files["deck.md"])
        #expect(deck.hasPrefix("---\nmarp: true\ntitle: \"Evil \\\"\\\\]; x \\\\[ &lt;script&gt;"), "the title is escaped as Markdown: \(deck.prefix(80))")
        #expect(!deck.dropFirst(4).prefix { $0 != "-" }.contains("\n\n"), "the title block is one block")
    }

    /// The notation's LaTeX (checked at load) with its `$`, `%` and `#`, and every text, compile.
    @Test(.enabled(if: Tool.pdflatex.isInstalled, Tool.pdflatex.missing))
    func hostileSlidesCompile() throws {
        let lesson = try LessonLoader().load(bytes: Array(Self.yaml.utf8), file: "evil.yaml", id: "evil").lesson
        let rendered = try LessonRenderer(lesson: lesson, trace: try lesson.trace(), formats: [.svg], documents: Documents.all).render()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-evil-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in rendered {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        let result = try Tool.pdflatex.run(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "slides.tex"], in: folder)
        #expect(result.status == 0, "\(result.output.suffix(600))")
    }

    /// Every Markdown file teach writes, read by pandoc's markdown, gfm and commonmark readers,
    /// gives HTML in which no tag of the lesson's text survives: no script, no raw element.
    @Test(.enabled(if: Tool.pandoc.isInstalled, Tool.pandoc.missing))
    func markdownIsSafeUnderEveryPandocReader() throws {
        var files = try render().filter { $0.key.hasSuffix(".md") }
        let sheet = try LessonLoader().load(bytes: Array((Self.yaml + "\nexercises:\n  blanks: [adjoint w]\n").utf8), file: "evil.yaml", id: "evil").lesson
        let sheetFiles = try LessonRenderer(lesson: sheet, trace: sheet.trace(), formats: [], frames: .none, documents: Documents.sheet).render()
        files["worksheet.md"] = sheetFiles.first { $0.path == "worksheet.md" }.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(files.keys.sorted() == ["deck.md", "handout.md", "index.md", "tables.md", "worksheet.md"])
        for (name, markdown) in files.sorted(by: { $0.key < $1.key }) {
            for reader in ["markdown", "gfm", "commonmark"] {
                let html = try Tool.pandoc.run(["-f", reader, "-t", "html", "-s", "--metadata", "pagetitle=t"], input: Data(markdown.utf8)).output
                #expect(!html.isEmpty && html.range(of: #"<(script|svg|b)\b"#, options: [.regularExpression, .caseInsensitive]) == nil,
                        "\(name) through pandoc's \(reader) reader lets lesson markup through")
            }
        }
    }

    @Test func svgShowsTheNameLiterally() throws {
        let files = try render()
        let shown = Escape.visible(Self.hostileName)
        #expect(shown == "w\"]; x [<script>&|\\N{}<U+202E>")
        for svg in frames(files, "svg") {
            let text = try #require(characterData(svg.text), "\(svg.path) is not well-formed XML")
            #expect(text.contains(shown), "\(svg.path) lost or expanded the name")
            #expect(!svg.text.contains("<script>"))
        }
    }

    /// The characters `visible` shows, by the Unicode blocks they are in: C0 and C1 controls,
    /// DEL, the Arabic letter mark, the left-to-right and right-to-left marks, embeddings,
    /// overrides and isolates, the line and paragraph separators and the byte-order mark.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        [0x00...0x1F, 0x7F...0x9F, 0x061C...0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028...0x2029, 0xFEFF...0xFEFF, 0xFFFE...0xFFFF]
            .contains { $0.contains(scalar.value) }
    }

    /// Every character of the Basic Multilingual Plane (and a few beyond), alone and between
    /// letters: the hidden ones shown, every other left as it is, in `visible` and in
    /// `terminal` (which keeps line breaks and tabs) alike.
    @Test func visibleShowsExactlyTheHiddenCharacters() {
        let scalars = (UInt32(0)...0xFFFF).compactMap(Unicode.Scalar.init) + ["\u{1F600}", "\u{10FFFF}", "\u{E0001}"]
        var wrong: [String] = []
        for scalar in scalars {
            let kept = scalar == "\n" || scalar == "\t"
            for text in [String(scalar), "a" + String(scalar) + "b", "∂" + String(scalar)] {
                if (Escape.visible(text) == text) == Self.isHidden(scalar) { wrong.append("visible of U+\(String(scalar.value, radix: 16))") }
                if (Escape.terminal(text) == text) == (Self.isHidden(scalar) && !kept) { wrong.append("terminal of U+\(String(scalar.value, radix: 16))") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(Escape.terminal("x\r\ny\u{1B}[31m") == "x␍\ny␛[31m")
    }

    @Test func dotKeepsLessonTextInsideEscapedLabels() throws {
        let files = try render()
        for dot in frames(files, "dot") {
            #expect(dot.text.contains("w&quot;]; x [&lt;script&gt;&amp;|\\\\N{}&lt;U+202E&gt;"))
            let lines = dot.text.split(separator: "\n")
            #expect(lines.first.map { $0.hasPrefix("// ") && !$0.contains("\u{202E}") } == true, "the caption is one comment line")
            #expect(!lines.dropFirst().contains { $0.contains("<script>") })
        }
    }

    @Test func markdownEscapesProseAndKeepsTableCellsWhole() throws {
        let files = try render()
        for name in ["tables.md", "index.md"] {
            let markdown = try #require(files[name])
            #expect(!markdown.contains("<script>") && !markdown.contains("</svg>") && !markdown.contains("$$"))
            #expect(markdown.contains("&lt;script&gt;"))
        }
        let tables = try #require(files["tables.md"])
        #expect(tables.contains("\\hat{w}\\vert \\$x\\$\\%\\#"))
        var columns: Int?
        for line in tables.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let cells = Self.unescapedBars(String(line)) - 1
            if let columns { #expect(cells == columns, "a cell split in: \(line)") } else { columns = cells }
        }
    }

    /// `|` not preceded by a backslash: the cell separators GitHub sees.
    static func unescapedBars(_ line: String) -> Int {
        var count = 0, previous: Character = " "
        for character in line {
            if character == "|" && previous != "\\" { count += 1 }
            previous = character
        }
        return count
    }
}
