import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
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
      w: {text: "w\"]; x [<script>&|\\N{}\u202E", latex: "\\evil|$x$"}
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
            #expect(markdown.contains("\\<script\\>"))
        }
        let tables = try #require(files["tables.md"])
        #expect(tables.contains("\\evil\\vert \\$x\\$"))
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
