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

    /// The lesson as `student` sees it, or as written when no student is given.
    static func variant(secret: [UInt8]?, student: String?) -> (Lesson) -> Lesson {
        guard let secret, let student else { return { $0 } }
        return { $0.variant(secret: secret, student: student) }
    }
}
