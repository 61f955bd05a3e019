import TeachCore

/// A loaded, validated lesson: its metadata, its graph, how to typeset it, and how to run it.
public struct Lesson: Sendable {
    /// The file name without `.yaml`; names the output folder. Matches `[A-Za-z0-9_-]{1,64}`.
    public let id: String
    public let file: String
    public let title: String
    public let citation: String?
    public let summary: String?
    public private(set) var graph: Graph
    public let notation: Notation
    public private(set) var options: Tracer.Options
    /// What students compute by hand, when the lesson sets exercises.
    public let exercises: Exercises?
    /// What the slides show of the graph.
    public let layout: SlideLayout
    /// Which steps become slides.
    public private(set) var slides: SlidePlan
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
        var lesson = self
        if let digits { lesson.options.format = NumberFormat(digits: digits) }
        if byHand { lesson.options.byHand = true }
        return lesson
    }

    /// The same lesson with other given values (a student's variant).
    public func withGiven(_ values: [Int: Tensor]) -> Lesson {
        var lesson = self
        lesson.graph = graph.replacingGiven(values)
        return lesson
    }

    /// The same lesson with other slides (the command line's choice over the lesson's).
    public func withSlides(_ plan: SlidePlan) -> Lesson {
        var lesson = self
        lesson.slides = plan
        return lesson
    }
}

/// Which steps of a lesson become slides: `steps` (all by default), and how gradient descent
/// is shown. The player steps through every step whatever the plan.
public struct SlidePlan: Sendable, Equatable {
    /// `first`: the first iteration's updates a slide each and every later iteration in one
    /// table slide, in place of their updates (the default: a second iteration's slides repeat
    /// the first's with other numbers); `each`: a slide per update.
    public enum Descent: String, CaseIterable, Sendable { case first, each }

    public var steps: StepSelection
    public var descent: Descent

    public init(steps: StepSelection = .all, descent: Descent = .first) {
        self.steps = steps
        self.descent = descent
    }
}

/// What a lesson's slides show of its graph: `whole`, the frame of the whole graph (as the
/// player and the handout do); `focus`, each step's neighbourhood large beside a thumbnail of
/// the whole graph; `auto`, the whole graph where its frames reach the legibility target on a
/// slide, else focus.
public enum SlideLayout: String, CaseIterable, Sendable {
    case auto, whole, focus
}
