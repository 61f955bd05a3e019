import Foundation
import Testing
import TeachTestSupport
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
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
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

    /// A 50 MB file is refused after reading one byte past the limit, never loaded whole.
    @Test func hugeFileIsRefusedBeforeParsing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("teach-huge-\(getpid()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let line = Array("# padding padding padding padding padding padding padding padding padding\n".utf8)
        var bytes = Array("title: huge\nequations: [L = w]\nloss: L\n".utf8)
        bytes.reserveCapacity(50_000_000 + line.count)
        while bytes.count < 50_000_000 { bytes += line }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(throws: Diagnostic(file: path, location: nil, message: "file is over the limit of 1048576 bytes")) {
            _ = try LessonLoader().load(path: path)
        }
    }

    @Test func longSourceLineShowsAWindowAroundTheColumn() {
        let source = "x: " + String(repeating: "[", count: 500) + "1"
        let diagnostic = Diagnostic(file: "x.yaml", location: SourceLocation(line: 1, column: 301), message: "deep")
        let lines = diagnostic.rendered(source: source).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == "…" + String(repeating: "[", count: Diagnostic.excerptWidth) + "…")
        #expect(lines[2] == String(repeating: " ", count: 1 + Diagnostic.excerptWidth / 2) + "^")
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

/// A UTF-8 byte-order mark, which Windows editors write, is skipped, in lessons and answers.
@Suite struct ByteOrderMarkTests {
    @Test func aLessonWithAByteOrderMarkLoads() throws {
        let lesson = try LessonLoader().load(bytes: [0xEF, 0xBB, 0xBF] + Array("title: t\nparameters: {w: 2}\nequations: [L = w*w]\nloss: L\n".utf8),
                                             file: "bom.yaml", id: "bom").lesson
        #expect(try lesson.trace().adjoints[lesson.graph.node(named: "w")!.id]?.scalar == 4)
    }
}

/// A FIFO would block the read until the time limit and a folder reads as nothing: both are
/// refused before they are opened, as lessons and as answers files.
@Suite struct NonRegularFileTests {
    @Test func aPipeAndAFolderAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("lesson.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: Diagnostic(file: fifo, location: nil, message: "the lesson file is not a regular file (a pipe or a device)")) {
            _ = try LessonLoader().load(path: fifo)
        }
        #expect(throws: Diagnostic(file: folder.path, location: nil, message: "the lesson file is a folder, not a file")) {
            _ = try LessonLoader().load(path: folder.path)
        }
        let answers = Answers.read(path: fifo, blanks: [])
        #expect(answers.unreadable && answers.problems.map(\.message) == ["the answers file is not a regular file (a pipe or a device)"])
    }
}
