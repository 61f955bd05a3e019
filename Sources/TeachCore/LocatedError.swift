/// An error in a lesson or answers file, located where it was written: what every stage
/// (shape checker, graph builder, evaluator, tracer) throws, and what `Diagnostic` reports as
/// `file:line:col: error: message`.
public protocol LocatedError: Error, Sendable {
    var location: SourceLocation? { get }
    /// The message as a diagnostic says it.
    var diagnosticMessage: String { get }
}

extension ShapeError: LocatedError {
    public var diagnosticMessage: String { message }
}

extension EvaluationError: LocatedError {
    public var diagnosticMessage: String { message }
}

extension GraphError: LocatedError {
    public var diagnosticMessage: String { message }

    /// The same problem as `error`, at its place or else at `fallback` (the equation it is in).
    public init(_ error: some LocatedError, at fallback: SourceLocation?) {
        self.init(error.diagnosticMessage, at: error.location ?? fallback)
    }
}

extension TraceError: LocatedError {
    public var diagnosticMessage: String { "cannot evaluate '\(node)': \(message)" }
}
