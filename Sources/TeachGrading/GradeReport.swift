import TeachCore
import TeachLessons

/// How one blank was graded.
public struct BlankResult: Sendable {
    public enum Status: String, Sendable {
        case correct
        /// Wrong against the key, right from the student's own earlier answers.
        case carriedForward = "carried_forward"
        case incorrect, missing, unreadable
    }

    public let blank: Blank
    public let status: Status
    public let score: Double
    /// What the student reads: never the key or a diagnosis on a hidden blank.
    public let feedback: [String]
    /// The mistake the wrong answer matches, as the feedback names it, if one does.
    public let diagnosis: String?

    public init(blank: Blank, status: Status, score: Double, feedback: [String], diagnosis: String? = nil) {
        self.blank = blank
        self.status = status
        self.score = score
        self.feedback = feedback
        self.diagnosis = diagnosis
    }

    public var passed: Bool { status == .correct || status == .carriedForward }
}

/// A whole submission graded.
public struct GradeReport: Sendable {
    public let lesson: Lesson
    public let student: String?
    public let results: [BlankResult]
    /// Problems in the answers file (located), shown beside the results.
    public let problems: [Diagnostic]

    public var score: Double { results.map(\.score).reduce(0, +) }
    public var maximum: Double { results.map(\.blank.points).reduce(0, +) }
    public var passedCount: Int { results.filter(\.passed).count }
    public var failedCount: Int { results.count - passedCount }
    public var allPassed: Bool { failedCount == 0 }
}
