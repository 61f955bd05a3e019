import ArgumentParser
import Foundation
import TeachLessons

/// `--student ID --secret-file F`: the student whose variant of a lesson to use.
struct StudentOptions: ParsableArguments {
    @Option(help: "The student's id (e.g. an email); with --secret-file, picks their variant of the numbers.")
    var student: String?

    @Option(help: "A file holding the course secret that per-student variants are derived from.")
    var secretFile: String?

    init() {}

    /// Options with only a secret file, for commands that take the secret themselves.
    init(secretFile: String) { self.secretFile = secretFile }

    func validate() throws {
        if student != nil, secretFile == nil { throw ValidationError("--student needs --secret-file (the course secret)") }
        if let student, Variant.normalized(student).isEmpty { throw ValidationError("--student is empty") }
    }

    /// The secret's bytes without a trailing newline; a missing or empty file is a usage error.
    func secret() throws(ValidationError) -> [UInt8]? {
        guard let secretFile else { return nil }
        guard let data = FileManager.default.contents(atPath: secretFile) else {
            throw ValidationError("cannot read the secret file '\(secretFile)'")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes.removeLast() }
        guard !bytes.isEmpty else { throw ValidationError("the secret file '\(secretFile)' is empty") }
        return bytes
    }
}

extension LessonRun {
    /// A lesson that sets exercises, as `student` sees it (with `secret`), traced; or nil with
    /// the failure recorded (65 when it sets none). A failed gradient check is reported but does
    /// not stop an exercise command.
    static func withExercises(_ path: String, secret: [UInt8]?, student: String?, into outcome: inout Outcome) -> LessonRun? {
        let variant: (Lesson) -> Lesson = { lesson in
            guard let secret, let student else { return lesson }
            return lesson.variant(secret: secret, student: student)
        }
        guard let run = load(path, variant: variant, into: &outcome) else { return nil }
        guard run.lesson.exercises != nil else {
            outcome.warn("\(path): error: the lesson has no exercises: section")
            outcome.status = .invalidInput
            return nil
        }
        if outcome.status == .checkFailed { outcome.status = .ok }
        return run
    }

    /// Refuses (65) a lesson some of whose students, by its `vary:` ranges, would get numbers
    /// it cannot be evaluated at: checked before sheets or a bundle are written, not when a
    /// student's answers come in.
    func rangesAreSafe(secret: [UInt8], into outcome: inout Outcome) -> Bool {
        guard let (numbers, error) = lesson.failingVariant(secret: secret) else { return true }
        outcome.fail(Diagnostic(file: lesson.file, location: lesson.exercises?.location,
                                message: "with \(numbers), within the vary: ranges, the lesson cannot be evaluated: "
                                    + "\(error.diagnosticMessage); narrow the ranges"), source: source)
        return false
    }
}
