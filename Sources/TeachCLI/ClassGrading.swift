import Foundation
import TeachGrading
import TeachLessons
import TeachRender

/// `teach check LESSON --submissions DIR`: a whole class graded, each student against their
/// own variant, into a gradebook (student, points per blank, total) and a summary of the
/// mistakes the class made most often.
struct ClassGrading {
    let lesson: String
    let folder: String
    let secret: [UInt8]?
    let output: String?

    /// The submissions in `folder`, sorted: a file `<student>.yaml` (`.yml`, `.json`) or a
    /// folder `<student>/` holding the answers file. One student is one entry: two entries of
    /// the same student (`Ada@uni.edu.yaml` and `ada@uni.edu/`, as `Variant.normalized` keys
    /// them) are an error naming both, as is an entry whose answers lead outside the folder
    /// through a link (a student's upload cannot make teach read another file).
    func submissions() throws(Diagnostic) -> [(student: String, path: String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw Diagnostic(file: folder, location: nil, message: "cannot read the submissions folder")
        }
        let root = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path + "/"
        let entries: [(student: String, path: String)] = names.sorted().compactMap { name in
            guard !name.hasPrefix(".") else { return nil }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            if isFolder.boolValue { return (name, path) }
            for suffix in [".yaml", ".yml", ".json"] where name.hasSuffix(suffix) { return (String(name.dropLast(suffix.count)), path) }
            return nil
        }
        var first: [String: String] = [:]
        for entry in entries {
            let answers = (try? CheckCommand.answersFile(entry.path).get()) ?? entry.path
            for path in [entry.path, answers] where !URL(fileURLWithPath: path).resolvingSymlinksInPath().path.hasPrefix(root) {
                throw Diagnostic(file: path, location: nil, message: "this submission is a link to a file outside the submissions folder; copy the file in instead")
            }
            let student = Variant.normalized(entry.student)
            if let earlier = first[student] {
                throw Diagnostic(file: entry.path, location: nil,
                                 message: "\(student) has two submissions, '\(URL(fileURLWithPath: earlier).lastPathComponent)' and "
                                     + "'\(URL(fileURLWithPath: entry.path).lastPathComponent)'; keep the one to grade")
            }
            first[student] = entry.path
        }
        return entries
    }

    func outcome(_ outcome: Outcome) -> Outcome {
        var outcome = outcome
        guard let base = LessonRun.withExercises(lesson, secret: nil, student: nil, into: &outcome) else { return outcome }
        let entries: [(student: String, path: String)]
        do { entries = try submissions() } catch {
            outcome.fail(error, source: nil)
            return outcome
        }
        let varies = !(base.lesson.exercises?.variations.isEmpty ?? true)
        if varies && secret == nil {
            outcome.warn("\(lesson): warning: the lesson varies numbers per student, but no --secret-file was given; grading against the lesson's own numbers")
        }
        let blanks = base.lesson.exercises!.blanks
        var rows = [["student"] + blanks.map(\.name) + ["total", "maximum"]]
        var mistakes: [String: (count: Int, first: Int)] = [:]
        var full = 0, total = 0.0, maximum = 0.0
        do {
            let baseGrader = try Grader(lesson: base.lesson, trace: base.trace)
            for (number, entry) in entries.enumerated() {
                let grader: Grader
                if let secret, varies {
                    let variant = base.lesson.variant(secret: secret, student: entry.student)
                    grader = try Grader(lesson: variant, trace: try variant.tracedOrDiagnosed())
                } else {
                    grader = baseGrader
                }
                let answers = (try? CheckCommand.answersFile(entry.path).get()) ?? entry.path
                let report = grader.grade(Answers.read(path: answers, blanks: blanks), student: Variant.normalized(entry.student))
                rows.append([entry.student] + report.results.map { GradeFormat.points($0.score) }
                            + [GradeFormat.points(report.score), GradeFormat.points(report.maximum)])
                if report.score == report.maximum { full += 1 }
                total += report.score
                maximum = report.maximum
                for result in report.results {
                    guard let diagnosis = result.diagnosis else { continue }
                    let key = result.blank.name + ": " + diagnosis
                    let seen = mistakes[key]
                    mistakes[key] = ((seen?.count ?? 0) + 1, seen?.first ?? number)
                }
            }
        } catch let error as Diagnostic {
            outcome.fail(error, source: base.source)
            return outcome
        } catch {
            outcome.warn("\(lesson): error: \(error)")
            outcome.status = .internalError
            return outcome
        }
        let gradebook = Spreadsheet.csv(rows)
        var summary = ["Graded \(entries.count) submissions of \(base.lesson.id): "
                       + (entries.isEmpty ? "none" : "mean \(GradeFormat.points((total / Double(entries.count) * 100).rounded() / 100))/\(GradeFormat.points(maximum)) points, \(full) with full marks")]
        // Most frequent first; ties in the order they first occurred, so the list never depends on hashing.
        let ranked = mistakes.map { ($0.key, $0.value.count, $0.value.first) }.sorted { ($1.1, $0.2) < ($0.1, $1.2) }
        if !ranked.isEmpty {
            summary.append("Most common mistakes:")
            summary += ranked.prefix(10).map { key, count, _ in
                "  \(count) of \(entries.count)  " + Escape.visible(key)
            }
        }
        if let output {
            do { try Data(gradebook.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                outcome.warn("\(output): error: cannot write the gradebook: \(OutputError.reason(error))")
                outcome.status = .internalError
                return outcome
            }
            outcome.say(summary.joined(separator: "\n"))
        } else {
            outcome.say(gradebook + summary.map { "# " + $0 }.joined(separator: "\n"))
        }
        return outcome
    }
}
