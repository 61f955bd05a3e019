import Foundation
import Testing
import TeachCore
import TeachGrading
import TeachLessons
import TeachTestSupport
@testable import TeachCLI

/// A class at once: sheets for a roster export, one printable page of all of them, and a
/// folder of submissions graded into a gradebook with the class's most common mistakes.
@Suite struct ClassScaleTests {
    static let roster = """
    First Name,Last Name,SID,Email,Role
    Ada,Lovelace,1,ada@uni.edu,Student
    Grace,Hopper,2,Grace@Uni.EDU,Student
    Tom,Assistant,3,ta@uni.edu,TA
    "=HYPERLINK(""x"")",Evil,4,mallory@uni.edu,Student

    """

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("teach-class-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aRosterGetsSheetsAndTheSubmissionsAGradebook() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let secret = work.appendingPathComponent("course.secret"), roster = work.appendingPathComponent("roster.csv")
        try "class secret\n".write(to: secret, atomically: true, encoding: .utf8)
        try Self.roster.write(to: roster, atomically: true, encoding: .utf8)
        let sheets = work.appendingPathComponent("sheets"), lesson = shippedLessonPath("l2reg")
        let made = TeachCommand.execute(["sheet", lesson, "--roster", roster.path, "--secret-file", secret.path, "--out", sheets.path])
        #expect(made.status == .ok, "\(made.standardError)")
        let students = ["ada@uni.edu", "grace@uni.edu", "mallory@uni.edu"]
        // One class folder, written all or nothing, holds every student's folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: sheets.path) == ["l2reg-class"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: sheets.appendingPathComponent("l2reg-class").path).sorted()
                == (students.map { "l2reg-" + SheetCommand.folderName($0) } + [".teach-files", "roster.csv", "sheets.html"]).sorted(), "the TA has no sheet")

        // The class page holds every sheet once, on pages of their own, with no id twice.
        let page = try String(contentsOf: sheets.appendingPathComponent("l2reg-class/sheets.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "<section class=\"sheet\">").count - 1 == 3)
        let ids = page.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
        #expect(!ids.isEmpty && Set(ids).count == ids.count, "duplicate ids")
        // A name a spreadsheet would run as a formula is written as text.
        let index = try String(contentsOf: sheets.appendingPathComponent("l2reg-class/roster.csv"), encoding: .utf8)
        #expect(index.contains("\"'=HYPERLINK(\"\"x\"\") Evil\",mallory@uni.edu,"))

        // Ada answers right; Grace and Mallory forget the path through R (∂ℒ/∂w = ∂ℒ/∂z · x only).
        let submissions = work.appendingPathComponent("submissions")
        try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: true)
        var keys: [String: [Double]] = [:]
        for student in students {
            let sheet = sheets.appendingPathComponent("l2reg-class/l2reg-" + SheetCommand.folderName(student))
            let given = GradescopeEndToEndTests.given(try String(contentsOf: sheet.appendingPathComponent("worksheet.md"), encoding: .utf8))
            var answers = GradescopeEndToEndTests.answers(template: try String(contentsOf: sheet.appendingPathComponent("answers.yaml"), encoding: .utf8),
                                                          given: given, rate: 0.5)
            let y = 1 / (1 + exp(-(given["w"]! * given["x"]! + given["b"]!)))
            let viaZ = (y - 1) * y * (1 - y) * given["x"]!
            keys[student] = [viaZ + given["λ"]! * given["w"]!]
            if student != "ada@uni.edu" {
                answers = answers.split(separator: "\n").map { $0.hasPrefix("dLreg_dw:") ? "dLreg_dw: \(viaZ)" : String($0) }.joined(separator: "\n")
            }
            try answers.write(to: submissions.appendingPathComponent(student + ".yaml"), atomically: true, encoding: .utf8)
            // No sheet carries its key.
            let key = NumberFormat(digits: 4).format(keys[student]![0])
            #expect(!page.contains(key) && !page.contains(key.replacingOccurrences(of: "−", with: "-")), "\(student)'s key on the class page")
        }
        let gradebook = work.appendingPathComponent("gradebook.csv")
        let graded = TeachCommand.execute(["check", lesson, "--submissions", submissions.path, "--secret-file", secret.path,
                                           "--output", gradebook.path])
        #expect(graded.status == .ok, "\(graded.standardError)")
        let rows = try String(contentsOf: gradebook, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rows == ["student,dLreg_dz,dLreg_dw_via_z,dLreg_dw_via_R,dLreg_dw,w_new,total,maximum",
                         "ada@uni.edu,2,1,1,2,1,7,7", "grace@uni.edu,2,1,1,0,1,5,7", "mallory@uni.edu,2,1,1,0,1,5,7"])
        #expect(graded.standardOutput.contains("Graded 3 submissions of l2reg: mean 5.67/7 points, 1 with full marks"))
        #expect(graded.standardOutput.contains("2 of 3  dLreg_dw: ∂ℒ_reg/∂w is missing its term through ℛ"), "\(graded.standardOutput)")
    }

    @Test func aRosterWithoutEmailsOrWithAStudentTwiceIsRefusedAtItsLine() {
        #expect(throws: Diagnostic(file: "r.csv", location: SourceLocation(line: 1, column: 1),
                                   message: "the roster has no Email column (its header: name, id)")) {
            try Roster.read(text: "Name,ID\nAda,1\n", file: "r.csv")
        }
        #expect(throws: Diagnostic(file: "r.csv", location: SourceLocation(line: 3, column: 1),
                                   message: "ada@uni.edu is listed twice (first on line 2)")) {
            try Roster.read(text: "Name,Email\nAda,ada@uni.edu\nAda L.,ADA@uni.edu\n", file: "r.csv")
        }
        #expect(throws: Diagnostic(file: "r.csv", location: SourceLocation(line: 2, column: 1), message: "the student on this line has no email")) {
            try Roster.read(text: "Student,SIS Login ID\nAda,\n", file: "r.csv")
        }
        // One quote left open would run the rest of the class into one email.
        #expect(throws: Diagnostic(file: "r.csv", location: SourceLocation(line: 3, column: 1),
                                   message: "a quote opened on this line is not closed (the rest of the roster would be one cell); close it or remove it")) {
            try Roster.read(text: "Name,Email\nAda,ada@uni.edu\n\"Bob,bob@uni.edu\nCy,cy@uni.edu\nDee,dee@uni.edu\n", file: "r.csv")
        }
    }

    /// One student is one gradebook row: two entries of the same student (by case or suffix)
    /// are an error naming both, and an entry that links outside the folder is refused.
    @Test func aStudentTwiceOrALinkOutsideIsRefused() throws {
        let work = try folder()
        let lesson = shippedLessonPath("l2reg")
        let submissions = work.appendingPathComponent("submissions")
        try FileManager.default.createDirectory(at: submissions.appendingPathComponent("ada@uni.edu"), withIntermediateDirectories: true)
        try "dLreg_dz: 1\n".write(to: submissions.appendingPathComponent("ada@uni.edu/answers.yaml"), atomically: true, encoding: .utf8)
        try "dLreg_dz: 1\n".write(to: submissions.appendingPathComponent("Ada@uni.edu.yml"), atomically: true, encoding: .utf8)
        let twice = TeachCommand.execute(["check", lesson, "--submissions", submissions.path])
        #expect(twice.status == .invalidInput)
        #expect(twice.standardError.contains("ada@uni.edu has two submissions, 'Ada@uni.edu.yml' and 'ada@uni.edu'"), "\(twice.standardError)")

        try FileManager.default.removeItem(at: submissions.appendingPathComponent("Ada@uni.edu.yml"))
        let outside = work.appendingPathComponent("keys.yaml")
        try "dLreg_dz: 1\n".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: submissions.appendingPathComponent("eve@uni.edu.yaml").path, withDestinationPath: outside.path)
        let linked = TeachCommand.execute(["check", lesson, "--submissions", submissions.path])
        #expect(linked.status == .invalidInput)
        #expect(linked.standardError.contains("eve@uni.edu.yaml: error: this submission is a link to a file outside the submissions folder"), "\(linked.standardError)")
        try FileManager.default.removeItem(at: submissions.appendingPathComponent("eve@uni.edu.yaml"))
        try FileManager.default.createDirectory(at: submissions.appendingPathComponent("mal@uni.edu"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: submissions.appendingPathComponent("mal@uni.edu/answers.yaml").path, withDestinationPath: outside.path)
        let inside = TeachCommand.execute(["check", lesson, "--submissions", submissions.path])
        #expect(inside.status == .invalidInput && inside.standardError.contains("mal@uni.edu/answers.yaml: error: this submission is a link"),
                "\(inside.standardError)")
    }
}
