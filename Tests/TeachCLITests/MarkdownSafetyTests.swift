import Foundation
import Testing
import TeachTestSupport
@testable import TeachCLI

/// No lesson text reaches a Markdown file as markup: a lesson whose notations hold raw HTML
/// and links (which the LaTeX whitelist admits: `< > [ ] ( ) :`) is rendered with every
/// document and as a worksheet, and each Markdown file is read by readers without a math
/// extension (`MarkdownReaders/unsafe_html.py`): pandoc's gfm, commonmark and markdown_strict,
/// cmark and markdown-it-py.
@Suite struct MarkdownSafetyTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MarkdownReaders/unsafe_html.py")

    static let hostile = """
        title: hostile notation
        inputs: {x: 1.5}
        parameters: {w: 0.8, b: 0.1}
        equations:
          - y = w*x + b
          - L = 1/2*y^2
        loss: L
        notation:
          y: 'y<img src=x onerror=alert(1)>'
          w: '[w](javascript:alert(1))'
          b: 'b<javascript:alert(2)>'
          x: '![x](x.png)'
        exercises:
          blanks:
            - {ask: adjoint w}
            - {ask: value y}
        """

    @Test(.enabled(if: Tool.pandoc.isInstalled, Tool.pandoc.missing), .enabled(if: Tool.cmark.isInstalled, Tool.cmark.missing),
          .enabled(if: PythonPackages.markdownIt.isInstalled, PythonPackages.markdownIt.missing))
    func noLessonTextIsMarkupInMarkdown() throws {
        let folder = try scratchFolder("markdown-safety")
        let lesson = folder.appendingPathComponent("hostile.yaml")
        try Self.hostile.write(to: lesson, atomically: true, encoding: .utf8)
        let render = TeachCommand.execute(["render", lesson.path, "--out", folder.appendingPathComponent("out").path,
                                           "--slides", "--format", "svg"])
        try #require(render.status == .ok, "\(render.standardError)")
        let sheet = TeachCommand.execute(["sheet", lesson.path, "--out", folder.appendingPathComponent("sheet").path])
        try #require(sheet.status == .ok, "\(sheet.standardError)")
        let files = ["out/hostile/tables.md", "out/hostile/handout.md", "out/hostile/deck.md", "out/hostile/index.md",
                     "sheet/hostile/worksheet.md"].map { folder.appendingPathComponent($0).path }
        for file in files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }
        // The notations are in the files, as math.
        let tables = try String(contentsOfFile: files[0], encoding: .utf8)
        #expect(tables.contains("onerror") && tables.contains("javascript"))
        let result = try PythonPackages.markdownIt.run([Self.script.path] + files)
        #expect(result.status == 0 && result.output.hasSuffix("unsafe: 0\n"), "\(result.output)")
    }
}
