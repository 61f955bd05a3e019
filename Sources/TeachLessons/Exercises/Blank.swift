import TeachCore

/// Who sees a blank's result, in Gradescope's words. Feedback on a `hidden` blank reveals
/// neither the answer nor the diagnosis; `after_due_date` and `after_published` blanks show
/// the expected value, since students see them only once answers may be known.
public enum Visibility: String, Sendable, CaseIterable {
    case visible, hidden
    case afterDueDate = "after_due_date"
    case afterPublished = "after_published"

    /// Whether feedback may name the student's mistake.
    public var diagnoses: Bool { self != .hidden }
    /// Whether feedback may show the expected value.
    public var revealsAnswer: Bool { self == .afterDueDate || self == .afterPublished }
}

/// One quantity a student computes by hand, with its points and how it is graded.
public struct Blank: Sendable {
    /// The key in the answers file.
    public let name: String
    public let quantity: Quantity
    public let points: Double
    public let tolerance: Tolerance
    public let visibility: Visibility
    public let hints: [String]
    public let location: SourceLocation?
}
