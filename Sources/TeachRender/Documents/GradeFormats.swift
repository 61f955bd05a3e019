import Foundation
import TeachCore
import TeachGrading
import TeachLessons

/// A graded submission written for the runner that reads it: a terminal (and GitHub
/// Classroom, which reads the closing lines and the exit code), JSON, Gradescope's
/// `results.json`, or JUnit XML.
public enum GradeFormat: String, Sendable, CaseIterable {
    case text, json, gradescope, junit

    public func write(_ report: GradeReport) -> String {
        switch self {
        case .text: return Self.text(report)
        case .json: return Self.json(report).serialized() + "\n"
        case .gradescope: return Self.gradescope(report).serialized() + "\n"
        case .junit: return Self.junit(report)
        }
    }

    /// Points as people write them: `2`, `1.5`.
    static func points(_ value: Double) -> String { String(format: "%g", value) }

    private static func heading(_ report: GradeReport) -> String {
        "\(report.lesson.id): \(report.lesson.title)" + (report.student.map { " (student \($0))" } ?? "")
    }

    // MARK: Text

    /// One line per blank, problems in the answers file, then `N passed, N failed` and
    /// `Points X/Y` as the last two lines.
    private static func text(_ report: GradeReport) -> String {
        var lines = [Escape.visible(heading(report))]
        let width = report.results.map(\.blank.name.count).max() ?? 0
        for result in report.results {
            let mark = result.passed ? (result.status == .carriedForward ? "part" : "pass") : "FAIL"
            let name = result.blank.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let score = points(result.score) + "/" + points(result.blank.points)
            lines.append("\(mark)  \(name)  \(score)  \(Escape.visible(result.feedback.first ?? ""))")
            lines += result.feedback.dropFirst().map { "      " + String(repeating: " ", count: width) + "  " + Escape.visible($0) }
        }
        lines += report.problems.map { Escape.visible($0.description) }
        lines.append("\(report.passedCount) passed, \(report.failedCount) failed")
        lines.append("Points \(points(report.score))/\(points(report.maximum))")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private static func json(_ report: GradeReport) -> JSONValue {
        .object([
            ("lesson", .string(report.lesson.id)),
            ("student", report.student.map(JSONValue.string) ?? .null),
            ("score", .number(report.score)),
            ("max_score", .number(report.maximum)),
            ("passed", .integer(report.passedCount)),
            ("failed", .integer(report.failedCount)),
            ("blanks", .array(report.results.map { result in
                .object([
                    ("name", .string(result.blank.name)),
                    ("ask", .string(result.blank.quantity.ask(in: report.lesson.graph))),
                    ("status", .string(result.status.rawValue)),
                    ("score", .number(result.score)),
                    ("max_score", .number(result.blank.points)),
                    ("visibility", .string(result.blank.visibility.rawValue)),
                    ("feedback", .array(result.feedback.map(JSONValue.string))),
                ])
            })),
            ("problems", .array(report.problems.map { .string($0.description) })),
        ])
    }

    // MARK: Gradescope

    /// `results.json`: one test per blank, the score summed by Gradescope from the tests.
    private static func gradescope(_ report: GradeReport) -> JSONValue {
        var summary = [heading(report), "\(report.passedCount) passed, \(report.failedCount) failed"]
        summary += report.problems.map(\.description)
        return .object([
            ("score", .number(report.score)),
            ("output", .string(summary.joined(separator: "\n"))),
            ("visibility", .string("visible")),
            ("stdout_visibility", .string("hidden")),
            ("tests", .array(report.results.map { result in
                .object([
                    ("name", .string(result.blank.name + ": " + result.blank.quantity.ask(in: report.lesson.graph))),
                    ("score", .number(result.score)),
                    ("max_score", .number(result.blank.points)),
                    ("status", .string(result.passed ? "passed" : "failed")),
                    ("output", .string(result.feedback.joined(separator: "\n"))),
                    ("visibility", .string(result.blank.visibility.rawValue)),
                ])
            })),
        ])
    }

    // MARK: JUnit

    /// `testsuites > testsuite > testcase`, a `failure` child when wrong, points as properties.
    private static func junit(_ report: GradeReport) -> String {
        let id = Escape.xml(report.lesson.id)
        func property(_ name: String, _ value: Double) -> String { "<property name=\"\(name)\" value=\"\(points(value))\"/>" }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<testsuites name=\"teach\" tests=\"\(report.results.count)\" failures=\"\(report.failedCount)\">",
                     "  <testsuite name=\"\(id)\" tests=\"\(report.results.count)\" failures=\"\(report.failedCount)\">",
                     "    <properties>\(property("score", report.score))\(property("max_score", report.maximum))</properties>"]
        for result in report.results {
            lines.append("    <testcase name=\"\(Escape.xml(result.blank.name))\" classname=\"\(id)\">")
            lines.append("      <properties>\(property("score", result.score))\(property("max_score", result.blank.points))</properties>")
            let message = result.feedback.map(Escape.xml).joined(separator: "\n")
            if result.passed { lines.append("      <system-out>\(message)</system-out>") }
            else { lines.append("      <failure message=\"\(Escape.xml(result.feedback.first ?? ""))\">\(message)</failure>") }
            lines.append("    </testcase>")
        }
        if !report.problems.isEmpty {
            lines.append("    <system-err>\(report.problems.map { Escape.xml($0.description) }.joined(separator: "\n"))</system-err>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
