import TeachCore

/// A loaded, validated lesson: its metadata, its graph, how to typeset it, and how to run it.
public struct Lesson: Sendable {
    /// The file name without `.yaml`; names the output folder. Matches `[A-Za-z0-9_-]{1,64}`.
    public let id: String
    public let file: String
    public let title: String
    public let citation: String?
    public let summary: String?
    public let graph: Graph
    public let notation: Notation
    public let options: Tracer.Options
    /// What students compute by hand, when the lesson sets exercises.
    public let exercises: Exercises?
    /// What the slides show of the graph.
    public let layout: SlideLayout
    /// The first 16 hex digits of the SHA-256 of the lesson file: which version of the lesson
    /// a worksheet was made from.
    public let digest: String

    /// Evaluates the lesson and records every step.
    public func trace() throws(TraceError) -> Trace {
        try Tracer(graph: graph, options: options).run()
    }

    /// Evaluates the lesson, reporting an evaluation failure as a located diagnostic.
    public func tracedOrDiagnosed() throws(Diagnostic) -> Trace {
        do { return try trace() } catch {
            throw Diagnostic(file: file, error)
        }
    }

    /// A typesetter for this lesson's names, in text or LaTeX, with every node's name typeset
    /// once here, in that style only: a large lesson's documents name each node many times.
    public func typesetter(_ style: NumberFormat.Style) -> Typesetter {
        Typesetter(style: style, notation: notation.resolved(graph.nodes.map(\.name), style: style), loss: graph.nodes[graph.loss].name,
                   format: options.format)
    }

    /// The same lesson shown with other display settings.
    public func withDisplay(digits: Int?, byHand: Bool) -> Lesson {
        var options = self.options
        if let digits { options.format = NumberFormat(digits: digits) }
        if byHand { options.byHand = true }
        return Lesson(id: id, file: file, title: title, citation: citation, summary: summary, graph: graph,
                      notation: notation, options: options, exercises: exercises, layout: layout, digest: digest)
    }

    /// The same lesson with other given values (a student's variant).
    public func withGiven(_ values: [Int: Tensor]) -> Lesson {
        Lesson(id: id, file: file, title: title, citation: citation, summary: summary, graph: graph.replacingGiven(values),
               notation: notation, options: options, exercises: exercises, layout: layout, digest: digest)
    }
}

/// What a lesson's slides show of its graph: `whole`, the frame of the whole graph (as the
/// player and the handout do); `focus`, each step's neighbourhood large beside a thumbnail of
/// the whole graph; `auto`, the whole graph where its frames reach the legibility target on a
/// slide, else focus.
public enum SlideLayout: String, CaseIterable, Sendable {
    case auto, whole, focus
}
