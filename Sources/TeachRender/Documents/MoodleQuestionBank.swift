import Foundation
import TeachCore
import TeachGrading
import TeachLessons

/// A Moodle question bank (Moodle XML) for a lesson's exercises: a category, then one Cloze
/// question per variant of the numbers, each showing the worksheet (the model, the given
/// numbers, the graph with every asked quantity as `?`, inline as an SVG image) and one
/// NUMERICAL field per blank (per element of a vector or matrix) with the blank's points as
/// its weight and Moodle's absolute tolerance `Tolerance.halfWidth(key:)`. A quiz that draws a
/// random question from the category gives each student a variant. The keys are in the file,
/// as Moodle needs them; Moodle hides them from students.
public struct MoodleQuestionBank {
    /// One variant: its name and the lesson with its numbers, traced.
    public struct Variant {
        public let name: String
        public let lesson: Lesson
        public let trace: Trace

        public init(name: String, lesson: Lesson, trace: Trace) {
            self.name = name
            self.lesson = lesson
            self.trace = trace
        }
    }

    public let lessonID: String
    public let variants: [Variant]

    public init(lessonID: String, variants: [Variant]) {
        self.lessonID = lessonID
        self.variants = variants
    }

    public func xml() throws -> String {
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<quiz>",
                   "  <question type=\"category\"><category><text>$course$/teach/\(Escape.xml(lessonID))</text></category></question>"]
        for variant in variants { out.append(try question(variant)) }
        out.append("</quiz>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A number as Moodle reads it: the shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String { "\(value)" }

    /// `{weight:NUMERICAL:=key:tolerance}`: Cloze's syntax for one numerical field.
    static func field(_ weight: Int, key: Double, tolerance: Double) -> String {
        "{\(weight):NUMERICAL:=\(number(key)):\(number(tolerance))}"
    }

    /// Cloze weights are whole numbers: the blanks' points, times 10 where some are fractional.
    static func weights(_ blanks: [Blank]) -> [Int] {
        let scale = blanks.allSatisfy { $0.points == $0.points.rounded() } ? 1.0 : 10.0
        return blanks.map { max(1, Int(($0.points * scale).rounded())) }
    }

    private func question(_ variant: Variant) throws -> String {
        let renderer = LessonRenderer(lesson: variant.lesson, trace: variant.trace, formats: [], frames: .none, documents: Documents.sheet)
        let sheet = Worksheet(context: renderer.context)
        let grader = try Grader(lesson: variant.lesson, trace: variant.trace)
        // Every text in the question goes through the Cloze escape; only the fields are Cloze.
        let x = Escape.clozeText
        var html = ["<p><strong>\(x(variant.lesson.title))</strong></p>"]
        if let summary = variant.lesson.summary { html.append("<p>\(x(summary.trimmingCharacters(in: .whitespacesAndNewlines)))</p>") }
        html.append("<p>The model:</p><ul>" + sheet.graph.equations.map { "<li>\(x(sheet.rule.equation($0)))</li>" }.joined() + "</ul>")
        html.append("<table border=\"1\" cellpadding=\"4\"><tr><th>Given</th><th>Value</th></tr>"
            + sheet.given.map { "<tr><td>\(x(sheet.rule.typesetName($0.id)))</td><td>\(x(sheet.rule.value(variant.trace.values[$0.id])))</td></tr>" }.joined()
            + "</table>")
        let svg = RenderContext.inline(try sheet.figure())
        html.append("<p><img style=\"max-width: 100%; height: auto\" alt=\"\(x(Worksheet.caption))\" src=\"data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString())\"></p>")
        html.append("<p>Compute each quantity below by hand from the numbers given. \(x(sheet.numbersNeeded))</p>")
        var rows = ["<tr><th>#</th><th>Quantity</th><th>Answer</th></tr>"]
        for (i, (blank, weight)) in zip(sheet.exercises.blanks, Self.weights(sheet.exercises.blanks)).enumerated() {
            let key = grader.key(blank)
            let fields = key.scalars.enumerated().map { index, value in
                (key.isScalar ? "" : "[\(index + 1)] ") + Self.field(weight, key: value, tolerance: blank.tolerance.halfWidth(key: value))
            }
            rows.append("<tr><td>\(i + 1)</td><td>\(x(sheet.names.name(blank.quantity))) (\(x(sheet.terms(blank))))</td><td>\(fields.joined(separator: " "))</td></tr>")
        }
        html.append("<table border=\"1\" cellpadding=\"4\">" + rows.joined() + "</table>")
        return """
          <question type="cloze">
            <name><text>\(x(lessonID)) \(x(variant.name))</text></name>
            <questiontext format="html"><text><![CDATA[\(html.joined(separator: "\n"))]]></text></questiontext>
            <generalfeedback format="html"><text></text></generalfeedback>
            <penalty>0</penalty>
            <hidden>0</hidden>
          </question>
        """
    }
}
