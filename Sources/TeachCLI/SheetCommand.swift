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
        with the same options grades against them. With --roster (a Gradescope or Canvas class \
        list with name and email columns) and --secret-file, <out>/<lesson id>-class/, written \
        all or nothing: every student's sheet in a folder of its own, sheets.html (all of them, \
        one per printed page) and roster.csv (each student's folder).

        Examples:
          teach sheet lessons/l2reg.yaml
          teach sheet lessons/l2reg.yaml \\
              --student ada@uni.edu --secret-file course.secret
          teach sheet lessons/l2reg.yaml \\
              --roster roster.csv --secret-file course.secret

        Exit status: 0 ok, 64 usage, 65 invalid lesson, 70 internal error.
        """
    )

    @Argument(help: "The lesson file (YAML) with an exercises: section.")
    var lesson: String

    @Option(help: "The folder the worksheet's folder is written into.")
    var out = "sheets"

    @OptionGroup var who: StudentOptions

    @Option(help: "A class list (CSV with name and email columns): a sheet for every student on it.")
    var roster: String?

    func validate() throws {
        if roster != nil, who.student != nil { throw ValidationError("--roster and --student exclude each other") }
        if roster != nil, who.secretFile == nil { throw ValidationError("--roster needs --secret-file (the course secret)") }
    }

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let secret: [UInt8]?
        do { secret = try who.secret() } catch {
            outcome.warn("error: \(error.message)")
            outcome.status = .usage
            return outcome
        }
        if let roster, let secret { return classSheets(roster: roster, secret: secret, outcome) }
        guard let base = LessonRun.withExercises(lesson, secret: nil, student: nil, into: &outcome) else { return outcome }
        var run = base
        if let secret, let student = who.student {
            guard base.rangesAreSafe(secret: secret, into: &outcome),
                  let variant = base.variant(secret: secret, student: student, into: &outcome) else { return outcome }
            run = variant
            if outcome.status == .checkFailed { outcome.status = .ok }
        }
        let student = who.student.map(Variant.normalized)
        let name = run.lesson.id + (student.map { "-" + Self.folderName($0) } ?? "")
        let folder = OutputFolder(root: URL(fileURLWithPath: out, isDirectory: true))
        outcome.writing(lesson, source: run.source) {
            let sheet = LessonRenderer(lesson: run.lesson, trace: run.trace, formats: [], frames: .none, documents: Documents.sheet, student: student)
            try folder.replace(name, with: try sheet.render())
            return "\(lesson): wrote \(folder.folder(for: name).relativePath)/"
        }
        return outcome
    }

    /// The class folder `<id>-class/`, all or nothing like a render: every roster student's
    /// sheet in a folder of its own inside it (the lesson loaded once, each variant traced),
    /// all sheets on one printable page, and the roster with each student's folder. A run that
    /// stops half-way leaves the class folder as it was.
    private func classSheets(roster path: String, secret: [UInt8], _ outcome: Outcome) -> Outcome {
        var outcome = outcome
        let roster: Roster
        do { roster = try Roster.read(path: path) } catch {
            outcome.fail(error, source: try? String(contentsOfFile: path, encoding: .utf8))
            return outcome
        }
        guard let base = LessonRun.withExercises(lesson, secret: nil, student: nil, into: &outcome),
              base.rangesAreSafe(secret: secret, into: &outcome) else { return outcome }
        let folder = OutputFolder(root: URL(fileURLWithPath: out, isDirectory: true))
        let classFolder = base.lesson.id + "-class"
        outcome.writing(lesson, source: base.source) {
            try folder.replace(classFolder) { write in
                var pages: [String] = []
                var index = [["name", "email", "folder"]]
                for student in roster.students {
                    let variant = base.lesson.variant(secret: secret, student: student.id)
                    let trace = try variant.tracedOrDiagnosed()
                    let files = try LessonRenderer(lesson: variant, trace: trace, formats: [], frames: .none, documents: Documents.sheet,
                                                   student: student.id).render()
                    let name = base.lesson.id + "-" + Self.folderName(student.id)
                    for file in files { try write(OutputFile(path: name + "/" + file.path, bytes: file.bytes, executable: file.executable)) }
                    pages += files.filter { $0.path == "worksheet.html" }.map { String(decoding: $0.bytes, as: UTF8.self) }
                    index.append([student.name, student.id, name])
                }
                try write(OutputFile(path: "sheets.html", text: ClassWorksheets.html(title: base.lesson.title, sheets: pages)))
                try write(OutputFile(path: "roster.csv", text: Spreadsheet.csv(index)))
            }
            let written = folder.folder(for: classFolder).relativePath
            return "\(lesson): wrote \(roster.students.count) worksheet\(roster.students.count == 1 ? "" : "s") into \(written)/ (one folder per student) and \(written)/sheets.html"
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
