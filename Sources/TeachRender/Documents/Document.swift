import TeachCore

/// One kind of file (or set of files) a render writes, reading only the `RenderContext`.
///
/// Adding a document is one new type conforming to this protocol and one line in
/// `Documents.all`.
public protocol Document: Sendable {
    /// Its name for `teach render --documents`.
    static var name: String { get }
    /// What it is, for `teach render --help`.
    static var summary: String { get }
    /// Written by a render unless `--documents` says otherwise.
    static var isDefault: Bool { get }
    /// Frame formats it needs written beside it (the Beamer deck includes PDF frames).
    static var frameFormats: [LessonRenderer.Format] { get }

    init()

    /// Makes the document's files and hands each to `write` as soon as it is made.
    func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws
}

extension Document {
    public static var isDefault: Bool { true }
    public static var frameFormats: [LessonRenderer.Format] { [] }
}

/// The documents of `teach render`, in the order a render writes them.
public enum Documents {
    public static let all: [any Document.Type] = [
        FramesDocument.self,
        TablesDocument.self,
        FrameIndexDocument.self,
        TraceDocument.self,
        PlayerDocument.self,
        HandoutDocument.self,
        DeckDocument.self,
        BeamerDocument.self,
    ]

    /// What `teach sheet` writes: a student's worksheet (the lesson must have exercises).
    public static let sheet: [any Document.Type] = [WorksheetDocument.self]

    /// The names written by default.
    public static var defaultNames: [String] { all.filter { $0.isDefault }.map { $0.name } }

    /// The documents named, in registry order, or the first name that is none.
    public static func named(_ names: [String]) -> Result<[any Document.Type], UnknownDocument> {
        for name in names where !all.contains(where: { $0.name == name }) { return .failure(UnknownDocument(name: name)) }
        return .success(all.filter { names.contains($0.name) })
    }

    public struct UnknownDocument: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            let names = Documents.all.map { $0.name }
            let hint = Suggestion.hint(for: name, in: names)
            return "unknown document '\(name)'" + (hint.isEmpty ? " (choose from \(names.joined(separator: ", ")))" : hint)
        }
    }
}
