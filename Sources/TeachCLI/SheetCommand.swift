import ArgumentParser
import Foundation
import TeachLessons
import TeachRender

/// `teach sheet LESSON`: a student's worksheet and answers template.
struct SheetCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Write a worksheet (Markdown, self-contained HTML, SVG) and an answers.yaml template.",
        discussion: """
        Writes <out>/<lesson id>/ or, for a student, <out>/<lesson id>-<student>/: worksheet.md, \
        worksheet.html, worksheet.svg (the graph, asked quantities shown as ?) and answers.yaml. \
        With --student and --secret-file the numbers are that student's variant; teach check \
        with the same options grades against them.

        Examples:
          teach sheet lessons/l2reg.yaml
          teach sheet lessons/l2reg.yaml \\
              --student ada@uni.edu --secret-file course.secret

        Exit status: 0 ok, 64 usage, 65 invalid lesson, 70 internal error.
        """
    )

    @Argument(help: "The lesson file (YAML) with an exercises: section.")
    var lesson: String

    @Option(help: "The folder the worksheet's folder is written into.")
    var out = "sheets"

    @OptionGroup var who: StudentOptions

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let secret: [UInt8]?
        do { secret = try who.secret() } catch {
            outcome.warn("error: \(error.message)")
            outcome.status = .usage
            return outcome
        }
        guard let run = LessonRun.withExercises(lesson, secret: secret, student: who.student, into: &outcome) else { return outcome }
        let student = who.student.map(Variant.normalized)
        let name = run.lesson.id + (student.map { "-" + Self.folderName($0) } ?? "")
        let folder = OutputFolder(root: URL(fileURLWithPath: out, isDirectory: true))
        do {
            let sheet = LessonRenderer(lesson: run.lesson, trace: run.trace, formats: [], frames: .none, documents: Documents.sheet, student: student)
            try folder.replace(name, with: try sheet.render())
            outcome.say("\(lesson): wrote \(folder.folder(for: name).relativePath)/")
        } catch {
            outcome.warn("\(lesson): error: \(error)")
            outcome.status = .internalError
        }
        return outcome
    }

    /// A folder name for any student id: its letters, digits, '-' and '_' (others as '_'), at
    /// most 32, then 8 hex digits of its SHA-256 so two ids never share a folder.
    static func folderName(_ student: String) -> String {
        let kept = String(student.unicodeScalars.prefix(32).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
                ? Character(scalar) : "_"
        })
        let digest = Digest.sha256(Array(student.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        return kept + "-" + digest
    }
}
