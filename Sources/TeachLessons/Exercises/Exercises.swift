import TeachCore

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
