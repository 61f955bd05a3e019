import TeachCore
import TeachLessons

/// Grades a student's answers against a lesson's trace: tolerance first, then error carried
/// forward, then a search for the mistake the wrong number matches.
public struct Grader: Sendable {
    public let lesson: Lesson
    public let trace: Trace
    public let exercises: Exercises
    private let tracer: Tracer
    private let key: Numbers
    private let pass: Tracer.ForwardPass

    /// `lesson` must have exercises and be the variant the student saw; every blank must have a
    /// number in the trace (the lesson loader checks what it can before the trace exists).
    public init(lesson: Lesson, trace: Trace) throws(TraceError) {
        precondition(lesson.exercises != nil, "grading needs exercises")
        self.lesson = lesson
        self.trace = trace
        self.exercises = lesson.exercises!
        self.tracer = Tracer(graph: lesson.graph, options: lesson.options)
        var key = Numbers(trace: trace)
        // The values after k descent steps: one forward pass at the parameters of iteration k,
        // rounded as the trace's passes are.
        for blank in lesson.exercises!.blanks {
            guard case .valueAfter(let iteration) = blank.quantity.kind, key.valuesAfter[iteration] == nil,
                  trace.descent.indices.contains(iteration) else { continue }
            let given = Dictionary(uniqueKeysWithValues: zip(trace.graph.parameters.map(\.id), trace.descent[iteration].parameters))
            key.valuesAfter[iteration] = try tracer.forwardPass(given, rounding: lesson.options.byHand, keepingLocals: false).values
        }
        self.key = key
        self.pass = trace.forward
        for blank in exercises.blanks where key.number(blank.quantity, in: trace.graph) == nil {
            throw TraceError(message: "the trace has no number for blank '\(blank.name)'", node: trace.graph.nodes[blank.quantity.node].name,
                             location: blank.location)
        }
    }

    /// The number a blank expects.
    public func key(_ blank: Blank) -> Tensor { key.number(blank.quantity, in: trace.graph)! }

    public func grade(_ answers: Answers, student: String? = nil) -> GradeReport {
        var own: [Quantity: Tensor] = [:]
        for blank in exercises.blanks where blank.quantity.element == nil {
            if case .number(let tensor)? = answers.entry(blank.name), tensor.shape == key(blank).shape { own[blank.quantity] = tensor }
        }
        let carried = CarriedForward(tracer: tracer, trace: trace, key: key, pass: pass, own: own)
        let replay = Replay(tracer: tracer, key: key, pass: pass)
        var replays: [(Mistake, Numbers)]?
        let feedback = Feedback(lesson: lesson, trace: trace)

        let results = exercises.blanks.map { blank -> BlankResult in
            let expected = key(blank)
            func result(_ status: BlankResult.Status, _ share: Double, _ lines: [String]) -> BlankResult {
                BlankResult(blank: blank, status: status, score: blank.points * share, feedback: lines)
            }
            guard let entry = answers.entry(blank.name) else {
                return result(answers.unreadable ? .unreadable : .missing, 0,
                              [answers.unreadable ? "the answers file could not be read" : "no answer"])
            }
            guard case .number(let answer) = entry else {
                guard case .unreadable(let diagnostic) = entry else { return result(.missing, 0, ["no answer"]) }
                return result(.unreadable, 0, [diagnostic.description])
            }
            guard answer.shape == expected.shape else {
                if answer.shape.dimensions == expected.shape.dimensions.reversed(), accepts(blank, answer, expected.transposed),
                   blank.visibility.diagnoses {
                    return result(.incorrect, 0, [feedback.transposed(blank.quantity)])
                }
                return result(.incorrect, 0, ["expected a \(expected.shape), not a \(answer.shape)"])
            }
            if accepts(blank, answer, expected) { return result(.correct, 1, ["correct"]) }

            if let (ownNumber, sources) = carried.expected(blank.quantity), !accepts(blank, ownNumber, expected),
               accepts(blank, answer, ownNumber) {
                let share = exercises.carriedForward
                let line = blank.visibility.diagnoses
                    ? feedback.carriedForward(from: sources, share: share)
                    : "accepted: consistent with your earlier answers (\(Feedback.percent(share)) credit)"
                return result(.carriedForward, share, [line])
            }

            var lines = ["not accepted"]
            var diagnosis: String?
            if blank.visibility.diagnoses {
                if replays == nil { replays = Mistake.candidates(in: trace.graph).map { ($0, replay.numbers($0)) } }
                let matching = replays!.filter { _, numbers in
                    guard let slipped = numbers.number(blank.quantity, in: trace.graph) else { return false }
                    return !accepts(blank, slipped, expected) && accepts(blank, answer, slipped)
                }.map(\.0)
                // A slip made in this very quantity, then the answer's own shape, then a slip upstream.
                if let mistake = matching.first(where: { $0.happens(at: blank.quantity, in: trace.graph) }) {
                    diagnosis = feedback.describe(mistake, at: blank.quantity)
                } else if !expected.scalars.allSatisfy({ $0 == 0 }), accepts(blank, answer, expected.map { -$0 }) {
                    diagnosis = feedback.signFlipped(blank.quantity)
                } else if expected.shape.rank == 2, accepts(blank, answer, expected.transposed) {
                    diagnosis = feedback.transposed(blank.quantity)
                } else if let mistake = matching.first {
                    diagnosis = feedback.describe(mistake, at: blank.quantity)
                }
                if let diagnosis { lines = ["not accepted: " + diagnosis] }
                lines += blank.hints.map { "hint: " + $0 }
            }
            if blank.visibility.revealsAnswer { lines.append("expected " + feedback.number(expected) + " (" + blank.tolerance.description + ")") }
            return BlankResult(blank: blank, status: .incorrect, score: 0, feedback: lines, diagnosis: diagnosis)
        }
        var problems = answers.problems
        if answers.unreadable { problems = Array(problems.prefix(1)) }
        return GradeReport(lesson: lesson, student: student, results: results, problems: problems)
    }

    /// Every element within the blank's tolerance.
    private func accepts(_ blank: Blank, _ answer: Tensor, _ expected: Tensor) -> Bool {
        answer.shape == expected.shape && zip(answer.scalars, expected.scalars).allSatisfy { blank.tolerance.accepts($0, key: $1) }
    }
}
