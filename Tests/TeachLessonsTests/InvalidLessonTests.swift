import Foundation
import Testing
import TeachCore
@testable import TeachLessons

/// Every file in `InvalidLessons/` states its expected diagnostic on its first line,
/// `# expect: LINE:COL: error: MESSAGE` (or `# expect: error: MESSAGE` for whole-file problems),
/// and must produce exactly that when loaded and evaluated.
@Suite struct InvalidLessonTests {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("InvalidLessons")
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test func corpusIsPresent() { #expect(Self.files.count >= 25) }

    @Test(arguments: files)
    func diagnosticMatchesExpectation(_ file: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
        let expected = try #require(firstLine.components(separatedBy: "# expect: ").last, "\(file) has no expectation")
        do {
            let lesson = try LessonLoader().load(bytes: bytes, file: file, id: "invalid").lesson
            _ = try lesson.tracedOrDiagnosed()
            Issue.record("\(file) was accepted; expected \(expected)")
        } catch {
            #expect(error.description == "\(file):\(expected.hasPrefix("error:") ? " " : "")\(expected)")
            #expect(error.rendered(source: String(decoding: bytes, as: UTF8.self)).hasPrefix(error.description))
        }
    }

    @Test func renderedDiagnosticShowsLineAndCaret() {
        let diagnostic = Diagnostic(file: "x.yaml", location: SourceLocation(line: 2, column: 9), message: "unknown function 'sigmod'")
        #expect(diagnostic.rendered(source: "title: t\n  - y = sigmod(z)\n") == """
        x.yaml:2:9: error: unknown function 'sigmod'
          - y = sigmod(z)
                ^
        """)
    }
}
