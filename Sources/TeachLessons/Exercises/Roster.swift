import CSV
import Foundation
import TeachCore

/// A class list as Gradescope or Canvas exports it (CSV with a header row): each student's
/// name and the id their worksheet and grade are keyed by, their email. Read as untrusted
/// input: at most 10 MiB and 100,000 students; a row without an email, or one repeated, is an
/// error at its line.
///
/// Columns are found by header, whatever their order and case: the name in `Name`,
/// `Full Name` or `Student` (else `First Name` and `Last Name`), the id in `Email`,
/// `E-mail`, `Email Address`, `SIS Login ID` or `Login ID`. With a `Role` column, only
/// students are kept.
public struct Roster: Sendable {
    public struct Student: Sendable, Equatable {
        public let name: String
        /// The email (or login) the student's variant and grade are keyed by.
        public let id: String
    }

    public let students: [Student]

    public static let maximumBytes = 10 << 20
    public static let maximumStudents = 100_000

    static let nameColumns = ["name", "full name", "student"]
    static let idColumns = ["email", "e-mail", "email address", "sis login id", "login id"]

    public static func read(path: String) throws(Diagnostic) -> Roster {
        let data = Data(try InputFile.read(path, what: "roster", limit: maximumBytes))
        guard data.count <= maximumBytes else { throw Diagnostic(file: path, location: nil, message: "the roster is over \(maximumBytes) bytes") }
        guard var text = String(data: data, encoding: .utf8) else { throw Diagnostic(file: path, location: nil, message: "the roster is not UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try read(text: text, file: path)
    }

    public static func read(text: String, file: String) throws(Diagnostic) -> Roster {
        func fail(_ message: String, line: Int? = nil) -> Diagnostic {
            Diagnostic(file: file, location: line.map { SourceLocation(line: $0, column: 1) }, message: message)
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true) } catch { throw fail("cannot read the roster as CSV: \(error)") }
        let header = (reader.headerRow ?? []).map { $0.lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let idColumn = column(idColumns) else {
            throw fail("the roster has no Email column (its header: \(header.joined(separator: ", ")))", line: 1)
        }
        let nameColumn = column(nameColumns), first = column(["first name"]), last = column(["last name"]), role = column(["role"])
        var students: [Student] = []
        var seen: [String: Int] = [:]
        var line = 1
        while let row = reader.next() {
            line += 1
            // No roster field spans lines: one that does is a quote left open, which would
            // run the rest of the class into one cell.
            if row.contains(where: { $0.contains(where: \.isNewline) }) {
                throw fail("a quote opened on this line is not closed (the rest of the roster would be one cell); close it or remove it", line: line)
            }
            if row.allSatisfy(\.isEmpty) { continue }
            func cell(_ index: Int?) -> String { index.flatMap { $0 < row.count ? row[$0] : nil } ?? "" }
            if role != nil, !cell(role).lowercased().contains("student") { continue }
            let id = Variant.normalized(cell(idColumn))
            guard !id.isEmpty else { throw fail("the student on this line has no email", line: line) }
            if let earlier = seen[id] { throw fail("\(id) is listed twice (first on line \(earlier))", line: line) }
            seen[id] = line
            let name = nameColumn.map { cell($0) } ?? [cell(first), cell(last)].filter { !$0.isEmpty }.joined(separator: " ")
            students.append(Student(name: name.isEmpty ? id : name, id: id))
            guard students.count <= maximumStudents else { throw fail("the roster lists more than \(maximumStudents) students", line: line) }
        }
        if let error = reader.error { throw fail("cannot read the roster as CSV: \(error)", line: line) }
        guard !students.isEmpty else { throw fail("the roster lists no students") }
        return Roster(students: students)
    }
}
