import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachGrading
import TeachLessons
@testable import TeachRender

/// Worksheets: nothing student-facing contains a key, the HTML stands alone, and the answers
/// template, once filled in with the key, grades full marks.
@Suite struct WorksheetTests {
    static let ids = shippedLessonIDs

    func worksheet(_ id: String, student: String? = nil) throws -> (Worksheet, [OutputFile], Grader) {
        var lesson = try LessonLoader().load(path: repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path).lesson
        if let student { lesson = lesson.variant(secret: Array("secret".utf8), student: student) }
        let trace = try lesson.trace()
        let renderer = LessonRenderer(lesson: lesson, trace: trace, formats: [], frames: .none, documents: Documents.sheet, student: student)
        return (Worksheet(context: renderer.context), try renderer.render(), try Grader(lesson: lesson, trace: trace))
    }

    /// How a key could be written on a sheet: as teach formats it at 3–6 significant digits,
    /// with either minus sign. Scalars of one significant digit (1, 0, −3) are everywhere on
    /// a page (indices, given values), so they are not evidence of a leak.
    static func spellings(_ key: Tensor) -> [String] {
        (3...6).flatMap { digits -> [String] in
            let format = NumberFormat(digits: digits)
            let whole = format.format(key)
            var spelled = [whole, whole.replacingOccurrences(of: "−", with: "-")]
            if key.isScalar, format.format(key.scalar).filter(\.isNumber).trimmingCharacters(in: ["0"]).count < 2 { spelled = [] }
            return spelled
        }
    }

    /// What a reader sees: markup (tags, attributes, coordinates) removed.
    static func readable(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    }

    /// `spelling` as a whole number, not a piece of a longer one (0.25 is not in 10.255).
    static func mentions(_ text: String, _ spelling: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: spelling, range: searchRange) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
            let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
            if !(before.isNumber || before == ".") && !(after.isNumber || (after == "." && spelling.last?.isNumber == true)) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    @Test(arguments: ids) func noStudentFacingFileContainsAKey(_ id: String) throws {
        for student in [nil, "ada@uni.edu"] {
            let (sheet, files, grader) = try worksheet(id, student: student)
            for file in files {
                let text = Self.readable(String(decoding: file.bytes, as: UTF8.self))
                for blank in sheet.exercises.blanks {
                    for spelling in Self.spellings(grader.key(blank)) {
                        #expect(!Self.mentions(text, spelling), "\(id)/\(file.path) shows \(blank.name) = \(spelling)")
                    }
                }
            }
        }
    }

    @Test(arguments: ids) func theHTMLStandsAlone(_ id: String) throws {
        let (_, files, _) = try worksheet(id)
        let html = String(decoding: try #require(files.first { $0.path == "worksheet.html" }).bytes, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        // Only the SVG namespace names mention http; nothing is fetched.
        for reference in ["href=\"http", "src=", "@import", "url(", "<link", "<script"] { #expect(!html.contains(reference), "\(id): \(reference)") }
        #expect(html.components(separatedBy: "<h2>").count == 4)
    }

    @Test func theTemplateFilledWithTheKeyGradesFullMarks() throws {
        let (sheet, files, grader) = try worksheet("mlp-weight-decay")
        var template = String(decoding: try #require(files.first { $0.path == "answers.yaml" }).bytes, as: UTF8.self)
        let empty = grader.grade(Answers.read(bytes: Array(template.utf8), file: "answers.yaml", blanks: sheet.exercises.blanks))
        #expect(empty.results.allSatisfy { $0.status == .missing })
        #expect(empty.problems.isEmpty)
        for blank in sheet.exercises.blanks {
            let key = grader.key(blank)
            let yaml = key.isScalar ? "\(key.scalar)"
                : "[" + key.rows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            template = template.replacingOccurrences(of: "\n\(blank.name):", with: "\n\(blank.name): " + (key.shape.rank == 1 ? "[" + key.scalars.map { "\($0)" }.joined(separator: ", ") + "]" : yaml))
        }
        let full = grader.grade(Answers.read(bytes: Array(template.utf8), file: "answers.yaml", blanks: sheet.exercises.blanks))
        #expect(full.allPassed)
    }

    @Test func askedQuantitiesAreQuestionMarksInTheFigure() throws {
        let (_, files, _) = try worksheet("l2reg")
        let svg = String(decoding: try #require(files.first { $0.path == "worksheet.svg" }).bytes, as: UTF8.self)
        #expect(svg.contains("∂ℒ_reg/∂z = ? (1)"))
        #expect(svg.contains("◀ ? (2)") && svg.contains("◀ ? (3)"))
        #expect(svg.contains("∂ℒ_reg/∂w = ? (4)"))
        #expect(svg.contains("w ← ? (5)"))
        #expect(svg.contains("aria-label=\"Worksheet: compute the quantities marked ?\""))
        // The scan that guards the keys sees what is shown: y = σ(0.9) is on the sheet.
        #expect(Self.mentions(Self.readable(svg), "0.7109"))
        #expect(!Self.mentions(Self.readable(svg), "0.710"))
    }
}
