/// A number that cannot be computed: the log of a non-positive number, a division by zero,
/// an overflow to ±∞, a NaN. Raised at the operation that produced it.
public struct EvaluationError: Error, Sendable {
    public let message: String
    public let location: SourceLocation?

    public init(message: String, location: SourceLocation?) {
        self.message = message
        self.location = location
    }
}
