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

/// A lesson's exercises: its blanks, how much error carried forward earns, and how the given
/// numbers vary between students.
public struct Exercises: Sendable {
    public let blanks: [Blank]
    /// The fraction of a blank's points earned by an answer that is wrong against the key but
    /// right from the student's own earlier (wrong) answers.
    public let carriedForward: Double
    public let variations: [Variation]
    public let location: SourceLocation?

    public var totalPoints: Double { blanks.map(\.points).reduce(0, +) }
}

/// How one given value varies between students: each element drawn uniformly from
/// `[low, high]` and rounded to `decimals` decimal places.
public struct Variation: Sendable {
    public let node: Int
    public let low: Double
    public let high: Double
    public let decimals: Int
}
