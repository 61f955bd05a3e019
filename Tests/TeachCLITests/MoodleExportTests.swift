import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TeachCore
import TeachGrading
import TeachLessons
import TeachTestSupport
@testable import TeachCLI

/// The Moodle question bank parses as Moodle XML and carries, per variant, each blank's key
/// (the variant's own numbers) and Moodle's absolute tolerance for the lesson's rule.
@Suite struct MoodleExportTests {
    /// Each `<question>`'s type, name and question text.
    final class Questions: NSObject, XMLParserDelegate {
        var found: [(type: String, name: String, text: String)] = []
        private var path: [String] = []
        private var type = "", name = "", text = ""
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            path.append(element)
            if element == "question" { (type, name, text) = (attributes["type"] ?? "", "", "") }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if path.suffix(2) == ["name", "text"] { name += string }
        }
        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if path.suffix(2) == ["questiontext", "text"] { text += String(decoding: block, as: UTF8.self) }
        }
        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            path.removeLast()
            if element == "question" { found.append((type, name, text)) }
        }
    }

    @Test func eachVariantCarriesItsKeysAndMoodlesTolerance() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("teach-moodle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let secret = work.appendingPathComponent("course.secret")
        try "moodle secret\n".write(to: secret, atomically: true, encoding: .utf8)
        let made = TeachCommand.execute(["bundle", "moodle", shippedLessonPath("l2reg"), "--secret-file", secret.path,
                                         "--out", work.appendingPathComponent("bank").path, "--variants", "4"])
        #expect(made.status == .ok, "\(made.standardError)")
        let data = try Data(contentsOf: work.appendingPathComponent("bank/questions.xml"))
        let parser = XMLParser(data: data)
        let questions = Questions()
        parser.delegate = questions
        #expect(parser.parse(), "well-formed XML")
        #expect(questions.found.map(\.type) == ["category", "cloze", "cloze", "cloze", "cloze"])

        let base = try loadShippedLesson("l2reg")
        var numbers: Set<String> = []
        for (number, question) in questions.found.dropFirst().enumerated() {
            #expect(question.name == "l2reg variant \(number + 1)")
            let lesson = base.variant(secret: Array("moodle secret".utf8), student: "variant-\(number + 1)")
            let grader = try Grader(lesson: lesson, trace: lesson.trace())
            let fields = question.text.matches(of: /\{(\d+):NUMERICAL:=([^:}]+):([^}]+)\}/)
                .map { (weight: Int($0.1)!, key: Double($0.2)!, tolerance: Double($0.3)!) }
            let blanks = grader.exercises.blanks
            #expect(fields.map(\.weight) == blanks.map { Int($0.points) })
            for (field, blank) in zip(fields, blanks) {
                let key = grader.key(blank).scalar
                #expect(field.key == key, "\(blank.name): the variant's key")
                // l2reg's rule, {rtol: 0.01, atol: 1e-4}: Moodle's tolerance is atol + rtol·|key|.
                #expect(abs(field.tolerance - (1e-4 + 0.01 * abs(key))) < 1e-15, "\(blank.name): tolerance")
                #expect(blank.tolerance.accepts(key + 0.99 * field.tolerance, key: key) && !blank.tolerance.accepts(key + 1.01 * field.tolerance, key: key))
            }
            // The worksheet's figure is inline, an SVG with the blanks as "?".
            let image = try #require(question.text.firstMatch(of: /data:image\/svg\+xml;base64,([A-Za-z0-9+\/=]+)/))
            let svg = String(decoding: try #require(Data(base64Encoded: String(image.1))), as: UTF8.self)
            #expect(svg.hasPrefix("<svg") && svg.contains("? (1)"))
            numbers.insert(question.text.matches(of: /<td>(−?[0-9.]+)<\/td>/).map { String($0.1) }.joined(separator: " "))
        }
        #expect(numbers.count == 4, "each variant has numbers of its own")
    }

    /// Moodle's pattern for the start of an embedded answer (qtype_multianswer's
    /// ANSWER_START_REGEX: `{weight:TYPE:` with every type it knows), and its placeholder `{#N}`.
    static var embeddedAnswer: some RegexComponent { #/\{([0-9]*):((NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)):|\{#[0-9]+\}/# }

    /// Cloze syntax in the lesson's title, description, notations and equations stays text:
    /// the question has exactly one field per blank element, as Moodle counts them.
    @Test func lessonTextOpensNoClozeField() throws {
        let work = try scratchFolder("moodle-cloze")
        let lesson = work.appendingPathComponent("cloze.yaml")
        try """
            title: 'Cloze {1:SHORTANSWER:=x} in the title {#1}'
            description: 'and {2:MC:~=a~b} in the description'
            inputs: {x: 1.5}
            parameters: {w: 0.8}
            equations:
              - y = w*x
              - L = 1/2*y^2
            loss: L
            notation:
              y: 'y_{1:NUMERICAL:=0}'
              w: 'w^{1:SA:=a}'
            exercises:
              blanks:
                - {ask: adjoint w}
                - {ask: value y}
            """.write(to: lesson, atomically: true, encoding: .utf8)
        let secret = work.appendingPathComponent("course.secret")
        try "moodle secret\n".write(to: secret, atomically: true, encoding: .utf8)
        let made = TeachCommand.execute(["bundle", "moodle", lesson.path, "--secret-file", secret.path,
                                         "--out", work.appendingPathComponent("bank").path, "--variants", "2"])
        try #require(made.status == .ok, "\(made.standardError)")
        let parser = XMLParser(data: try Data(contentsOf: work.appendingPathComponent("bank/questions.xml")))
        let questions = Questions()
        parser.delegate = questions
        #expect(parser.parse())
        for question in questions.found.dropFirst() {
            #expect(question.text.matches(of: Self.embeddedAnswer).count == 2, "\(question.text)")
            #expect(question.text.contains("SHORTANSWER") && question.text.contains("&#123;"), "the text is there, as text")
        }
    }
}
