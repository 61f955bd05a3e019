import TeachCore
import TeachLessons

/// `teach render`: the documents chosen from `Documents.all`, in registry order, all reading
/// one `RenderContext`. Each file goes to the writer as soon as it is made (`OutputFolder`
/// stages it on disk), so a lesson with thousands of frames never holds them all in memory.
public struct LessonRenderer {
    public enum Format: String, CaseIterable, Sendable { case svg, dot, png, pdf }

    public let context: RenderContext
    public let documents: [any Document.Type]

    /// `formats` are the frame formats asked for; a document that needs another (the Beamer
    /// deck, PDF) adds it, and the frames with it. Without the frames, no document links one.
    /// `student` names whose numbers a worksheet shows; `aspect` is the slides' shape.
    public init(lesson: Lesson, trace: Trace, formats: [Format] = [.svg, .dot], frames: StepSelection = .auto,
                documents: [any Document.Type] = Documents.all.filter { $0.isDefault }, student: String? = nil,
                aspect: SlideAspect = .wide) {
        let needed = documents.flatMap { $0.frameFormats }
        let names = documents.map { $0.name } + (needed.isEmpty ? [] : [FramesDocument.name])
        let registered = Documents.all.map { $0.name }
        // Registry order; a document outside the registry (the worksheet) after them.
        self.documents = Documents.all.filter { names.contains($0.name) } + documents.filter { !registered.contains($0.name) }
        let framesWritten = names.contains(FramesDocument.name)
        self.context = RenderContext(lesson: lesson, trace: trace,
                                     formats: Format.allCases.filter { formats.contains($0) || needed.contains($0) },
                                     frames: framesWritten ? frames : .none, student: student, aspect: aspect)
    }

    /// `true` when the frames are among the documents.
    public var writesFrames: Bool { documents.contains { $0.name == FramesDocument.name } }

    public var lesson: Lesson { context.lesson }
    public var trace: Trace { context.trace }
    public var formats: [Format] { context.formats }
    public var framed: [Trace.Step] { context.framed }
    public func frameName(_ step: Trace.Step) -> String { context.frameName(step) }
    public func caption(_ step: Trace.Step) -> String { context.caption(step) }

    /// Every file, in memory (for tests and small lessons).
    public func render() throws -> [OutputFile] {
        var files: [OutputFile] = []
        try render { files.append($0) }
        return files
    }

    /// Hands each file to `write` as soon as it is made.
    public func render(into write: (OutputFile) throws -> Void) throws {
        for document in documents { try document.init().write(context, to: write) }
    }
}
