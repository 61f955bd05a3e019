import TeachCore
import TeachLessons

/// Loads and traces a lesson, turning every failure into a located diagnostic.
struct LessonRun: Sendable {
    let lesson: Lesson
    let source: String
    let trace: Trace

    /// The lesson traced, or nil with the failure recorded in `outcome`. `variant` picks the
    /// numbers a student sees before the trace runs.
    static func load(_ path: String, digits: Int? = nil, byHand: Bool = false, variant: (Lesson) -> Lesson = { $0 },
                     into outcome: inout Outcome) -> LessonRun? {
        let loaded: (lesson: Lesson, source: String)
        do { loaded = try LessonLoader().load(path: path) } catch {
            outcome.fail(error, source: (try? String(contentsOfFile: path, encoding: .utf8)))
            return nil
        }
        var lesson = variant(loaded.lesson)
        if digits != nil || byHand { lesson = lesson.withDisplay(digits: digits, byHand: byHand) }
        return traced(lesson, source: loaded.source, path: path, into: &outcome)
    }

    /// The same lesson as `student` sees it (with `secret`), traced, without reading the file again.
    func variant(secret: [UInt8], student: String, into outcome: inout Outcome) -> LessonRun? {
        Self.traced(lesson.variant(secret: secret, student: student), source: source, path: lesson.file, into: &outcome)
    }

    /// Traces `lesson`, reporting a failed gradient check (exit 1) and an evaluation failure.
    private static func traced(_ lesson: Lesson, source: String, path: String, into outcome: inout Outcome) -> LessonRun? {
        do {
            let trace = try lesson.tracedOrDiagnosed()
            let failed = trace.gradientChecks.filter { !$0.passed }
            let failedDirections = trace.directionalChecks.filter { !$0.passed }
            let kinks: [String] = failed.isEmpty && failedDirections.isEmpty ? [] : trace.kinks.map { node, operation in
                let name: String = switch operation {
                case .call(let function, _): function.rawValue
                case .binary(let op, _, _): op.rawValue
                default: "an operation"
                }
                return "\(name) in '\(trace.graph.nodes[node].name)' is exactly at \(operation.operation?.arity == 2 ? "a tie" : "its kink")"
            }
            let cause = kinks.isEmpty ? "" : " (not differentiable there: \(kinks.joined(separator: "; ")))"
            for check in failed {
                let name = trace.graph.nodes[check.parameter].name
                let why = check.problem.map { ": " + $0 } ?? ": reverse mode and central differences differ by \(check.maximumError)\(cause)"
                outcome.warn("\(path): error: gradient check failed for '\(name)'\(why)")
                outcome.status = .checkFailed
            }
            for check in failedDirections {
                let why = check.problem.map { ": " + $0 }
                    ?? ": reverse mode gives ∇L·d = \(check.reverse), central differences \(check.finiteDifference)\(cause)"
                outcome.warn("\(path): error: gradient check failed along random direction \(check.seed) through every parameter\(why)")
                outcome.status = .checkFailed
            }
            return LessonRun(lesson: lesson, source: source, trace: trace)
        } catch {
            outcome.fail(error, source: source)
            return nil
        }
    }
}
