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
    public static func points(_ value: Double) -> String { String(format: "%g", value) }

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

    /// `results.json` (Gradescope's autograder specification): one test per blank with its
    /// points, status, visibility and Markdown feedback. There is no top-level score, so
    /// Gradescope sums the tests itself and keeps hidden ones hidden; the summary, which the
    /// student sees at once, counts the `visible` blanks only, so it says nothing of a blank
    /// before it is released (hidden, after the due date, after publishing).
    private static func gradescope(_ report: GradeReport) -> JSONValue {
        let shown = report.results.filter { $0.blank.visibility == .visible }
        let passed = shown.filter(\.passed).count
        var summary = ["**" + Escape.markdown(heading(report)) + "**", "\(passed) passed, \(shown.count - passed) failed"
                       + (shown.count < report.results.count ? " (more blanks are shown once grades are released)" : "")]
        summary += report.problems.map { "    " + Escape.visible($0.description) }
        return .object([
            ("output", .string(summary.joined(separator: "\n\n"))),
            ("output_format", .string("md")),
            ("test_output_format", .string("md")),
            ("visibility", .string("visible")),
            ("stdout_visibility", .string("hidden")),
            ("tests", .array(report.results.map { result in
                .object([
                    ("name", .string(result.blank.name + ": " + result.blank.quantity.ask(in: report.lesson.graph))),
                    ("score", .number(result.score)),
                    ("max_score", .number(result.blank.points)),
                    ("status", .string(result.passed ? "passed" : "failed")),
                    ("output", .string(result.feedback.map(Escape.markdown).joined(separator: "\n\n"))),
                    ("output_format", .string("md")),
                    ("visibility", .string(result.blank.visibility.rawValue)),
                ])
            })),
        ])
    }

    /// What Gradescope shows when no report could be made: a zero score and why.
    public static func gradescopeFailure(_ reason: String) -> String {
        JSONValue.object([("score", .number(0)), ("output", .string("teach could not grade this submission:\n\n    " + Escape.visible(reason))),
                          ("output_format", .string("md")), ("tests", .array([]))]).serialized() + "\n"
    }

    // MARK: JUnit

    /// JUnit XML as CI servers read it (the Jenkins xunit-plugin's junit-10 schema):
    /// `testsuites > testsuite > testcase`; each suite carries the required `name`, `tests`,
    /// `failures` and `errors` (an unreadable answer is an error, a wrong or missing one a
    /// failure) and `time`; properties (student, points) only at suite level; each case's
    /// points in its name and its `system-out`. Times are 0: grading takes no measurable time,
    /// and a fixed value keeps the file byte-identical run to run.
    private static func junit(_ report: GradeReport) -> String {
        let id = Escape.xml(report.lesson.id)
        let errors = report.results.filter { $0.status == .unreadable }.count
        let failures = report.failedCount - errors
        func property(_ name: String, _ value: String) -> String { "<property name=\"\(name)\" value=\"\(Escape.xml(value))\"/>" }
        let counts = "tests=\"\(report.results.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"0\""
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<testsuites name=\"teach\" \(counts)>",
                     "  <testsuite name=\"\(id)\" \(counts) skipped=\"0\">",
                     "    <properties>" + (report.student.map { property("student", $0) } ?? "")
                        + property("score", points(report.score)) + property("max_score", points(report.maximum)) + "</properties>"]
        for result in report.results {
            let score = points(result.score) + "/" + points(result.blank.points) + " points"
            lines.append("    <testcase name=\"\(Escape.xml(result.blank.name)) (\(score))\" classname=\"\(id)\" time=\"0\">")
            let message = result.feedback.map(Escape.xml).joined(separator: "\n")
            let first = Escape.xml(result.feedback.first ?? "")
            switch result.status {
            case .correct, .carriedForward: break
            case .unreadable: lines.append("      <error type=\"unreadable\" message=\"\(first)\">\(message)</error>")
            case .incorrect, .missing: lines.append("      <failure type=\"\(result.status.rawValue)\" message=\"\(first)\">\(message)</failure>")
            }
            lines.append("      <system-out>\(score)" + (message.isEmpty ? "" : "\n" + message) + "</system-out>")
            lines.append("    </testcase>")
        }
        if !report.problems.isEmpty {
            lines.append("    <system-err>\(report.problems.map { Escape.xml($0.description) }.joined(separator: "\n"))</system-err>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
