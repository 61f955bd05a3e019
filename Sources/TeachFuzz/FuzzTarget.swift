import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TeachCore
import TeachGrading
import TeachLessons
import TeachRender

/// What the fuzzer feeds arbitrary bytes to: every entry point that reads an untrusted file.
///
/// One input is read three ways, so a single corpus serves them all: as a lesson (loaded,
/// traced, reported, rendered in memory with every document, graded against its own key), as
/// one expression for the parser alone, and as a student's answers file for a fixed lesson's
/// blanks. Any outcome but a trap, a hang or a broken invariant of what the writers wrote is a
/// pass: a diagnostic is the expected answer to most inputs.
public enum FuzzTarget {
    /// The largest input worth trying: beyond it the loader refuses by size alone.
    public static let maximumInput = 1 << 16

    public static func exercise(_ bytes: [UInt8]) {
        guard bytes.count <= maximumInput else { return }
        readAsLesson(bytes)
        readAsExpression(bytes)
        readAsAnswers(bytes)
    }

    private static func readAsLesson(_ bytes: [UInt8]) {
        guard let lesson = try? LessonLoader().load(bytes: bytes, file: "fuzz.yaml", id: "fuzz").lesson,
              lesson.graph.nodes.count <= 2_000,
              let trace = try? lesson.tracedOrDiagnosed() else { return }
        let report = TraceReport(lesson: lesson, trace: trace)
        _ = report.text()
        _ = report.json().serialized()
        render(lesson, trace)
        guard lesson.exercises != nil, let grader = try? Grader(lesson: lesson, trace: trace) else { return }
        grade(grader.grade(Answers.read(bytes: bytes, file: "answers.yaml", blanks: grader.exercises.blanks)))
        // The Moodle question bank, whose question text is HTML inside XML.
        if lesson.graph.nodes.count <= 40,
           let bank = try? MoodleQuestionBank(lessonID: lesson.id, variants: [.init(name: "variant 1", lesson: lesson, trace: trace)]).xml() {
            precondition(isWellFormedXML(bank), "questions.xml is not well-formed XML: \(bank.prefix(300))")
        }
    }

    /// A grade in every format: the JUnit report is well-formed XML, the JSON ones parse.
    static func grade(_ report: GradeReport) {
        for format in GradeFormat.allCases {
            let written = format.write(report)
            switch format {
            case .junit: precondition(isWellFormedXML(written), "the JUnit report is not well-formed XML: \(written.prefix(300))")
            case .json, .gradescope: precondition((try? JSONSerialization.jsonObject(with: Data(written.utf8))) != nil, "\(format) is not JSON")
            case .text: continue
            }
        }
    }

    /// Every document (without frame files, which would cost a Graphviz run each) in memory,
    /// and what must hold of it whatever the lesson says: SVG and the player's drawing are
    /// well-formed XML (every SVG file, and each inline in the handout), every Markdown line has an even number of unescaped `$`, and no LaTeX
    /// primitive that reads or writes files reaches `slides.tex`.
    static func render(_ lesson: Lesson, _ trace: Trace) {
        // Small lessons only: a value of thousands of elements makes captions of megabytes, beyond
        // what the XML parser reads by default, and rendering them would slow the fuzzer down.
        guard lesson.graph.nodes.count <= 40, trace.values.allSatisfy({ $0.scalars.count <= 1_000 }),
              let files = try? LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], frames: .none, documents: Documents.all).render()
        else { return }
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            if file.path.hasSuffix(".md") {
                for line in text.split(separator: "\n") {
                    var count = 0, previous: Character = " "
                    for character in line {
                        if character == "$", previous != "\\" { count += 1 }
                        previous = character
                    }
                    precondition(count % 2 == 0, "\(file.path): a line opens math it does not close: \(line)")
                }
            }
            if file.path.hasSuffix(".svg") {
                precondition(isWellFormedXML(text), "\(file.path) is not well-formed XML: \(text.prefix(300))")
            }
            if file.path == "handout.html" {
                var rest = Substring(text)
                while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
                    let svg = String(rest[start.lowerBound..<end.upperBound])
                    precondition(isWellFormedXML(svg), "handout.html: an inline SVG is not well-formed XML: \(svg.prefix(300))")
                    rest = rest[end.upperBound...]
                }
            }
            if file.path == "slides.tex" {
                for primitive in ["^^", "\\input", "\\include{", "\\openout", "\\openin", "\\write", "\\read", "\\catcode", "\\csname", "\\def"] {
                    precondition(!text.contains(primitive), "slides.tex holds \(primitive)")
                }
            }
        }
    }

    static func isWellFormedXML(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldResolveExternalEntities = false
        return parser.parse()
    }

    private static func readAsExpression(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        var parser = ExpressionParser(text) { SourceLocation(line: 1, column: $0 + 1) }
        _ = try? parser.parseAlone()
    }

    private static func readAsAnswers(_ bytes: [UInt8]) {
        guard let grader = answerKey else { return }
        grade(grader.grade(Answers.read(bytes: bytes, file: "answers.yaml", blanks: grader.exercises.blanks)))
    }

    /// L2-regularised regression with blanks of every kind, the answers files' counterpart.
    private static let answerKey: Grader? = {
        let yaml = """
        title: fuzz key
        inputs: {x: 1.5, t: 0.5}
        parameters: {w: 0.8, b: 0.1, lambda: 0.1}
        equations:
          - z = w*x + b
          - y = sigmoid(z)
          - R = 1/2*w^2
          - L = 1/2*(y - t)^2 + lambda*R
        loss: L
        descent: {learning_rate: 0.5, steps: 1}
        forward_mode: w
        exercises:
          blanks:
            - ask: value z
            - ask: adjoint w
            - ask: contribution w via R
            - ask: partial z/w
            - ask: tangent y
            - ask: update w
        """
        guard let lesson = try? LessonLoader().load(bytes: Array(yaml.utf8), file: "key.yaml", id: "key").lesson,
              let trace = try? lesson.trace() else { return nil }
        return try? Grader(lesson: lesson, trace: trace)
    }()
}
