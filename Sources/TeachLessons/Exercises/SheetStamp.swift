/// The line a worksheet's `answers.yaml` template starts with, saying which lesson (and which
/// version of its file) and which student the numbers on the sheet are for:
///
///     # teach-sheet: lesson=l2reg digest=3f9c0a1b2d4e5f60 student=ada@uni.edu
///
/// It is a YAML comment, so it changes no answer; `teach check` reads it to refuse answers
/// written for another lesson and to warn when the sheet came from another version of the
/// lesson or was another student's.
public struct SheetStamp: Sendable, Equatable {
    public let lesson: String
    public let digest: String
    public let student: String?

    public init(lesson: String, digest: String, student: String?) {
        self.lesson = lesson
        self.digest = digest
        self.student = student
    }

    static let prefix = "# teach-sheet: "

    /// The comment line, without its line break.
    public var line: String {
        Self.prefix + "lesson=\(lesson) digest=\(digest)" + (student.map { " student=\($0)" } ?? "")
    }

    /// The stamp of an answers file's text: its first line that starts like one, if well formed.
    public init?(source: String) {
        guard let line = source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .first(where: { $0.hasPrefix(Self.prefix) }) else { return nil }
        var rest = Substring(line.dropFirst(Self.prefix.count).trimmingCharacters(in: .whitespacesAndNewlines))
        func field(_ name: String, last: Bool = false) -> String? {
            guard rest.hasPrefix(name + "=") else { return nil }
            rest = rest.dropFirst(name.count + 1)
            let value = last ? rest : rest.prefix { $0 != " " }
            rest = rest.dropFirst(value.count).drop { $0 == " " }
            return value.isEmpty ? nil : String(value)
        }
        guard let lesson = field("lesson"), let digest = field("digest") else { return nil }
        self.init(lesson: lesson, digest: digest, student: field("student", last: true))
    }
}
