import ArgumentParser
import Foundation
import TeachCore
import TeachLessons

/// What a command produced, so commands run the same in-process (tests) and from the shell.
public struct Outcome: Sendable {
    /// 0 ok, 1 a check failed, 64 usage, 65 invalid lesson or answers, 70 internal.
    public enum Status: Int32, Sendable {
        case ok = 0, checkFailed = 1, usage = 64, invalidInput = 65, internalError = 70

        /// Which status wins when several lessons end differently: internal, invalid, usage, check.
        var severity: Int {
            switch self {
            case .ok: return 0
            case .checkFailed: return 1
            case .usage: return 2
            case .invalidInput: return 3
            case .internalError: return 4
            }
        }
    }

    public var status: Status = .ok
    public var standardOutput = ""
    public var standardError = ""

    public init() {}

    mutating func say(_ line: String) { standardOutput += line.hasSuffix("\n") ? line : line + "\n" }
    mutating func warn(_ line: String) { standardError += line.hasSuffix("\n") ? line : line + "\n" }

    /// Adds another outcome's output; the status becomes the more serious of the two.
    mutating func merge(_ other: Outcome) {
        standardOutput += other.standardOutput
        standardError += other.standardError
        if other.status.severity > status.severity { status = other.status }
    }

    /// Records a diagnostic with its source line and caret, and marks the input invalid.
    mutating func fail(_ diagnostic: Diagnostic, source: String?) {
        warn(diagnostic.rendered(source: source))
        status = .invalidInput
    }

    /// Writes the outputs and exits with the status.
    func finish() -> Never {
        FileHandle.standardOutput.write(Data(standardOutput.utf8))
        FileHandle.standardError.write(Data(standardError.utf8))
        exit(status.rawValue)
    }
}

/// Loads and traces a lesson, turning every failure into a located diagnostic.
struct LessonRun {
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
        do {
            let trace = try lesson.tracedOrDiagnosed()
            let failed = trace.gradientChecks.filter { !$0.passed }
            let kinks: [String] = failed.isEmpty ? [] : trace.kinks.map { node, operation in
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
                outcome.warn("\(path): error: gradient check failed for '\(name)': reverse mode and central differences differ by \(check.maximumError)\(cause)")
                outcome.status = .checkFailed
            }
            return LessonRun(lesson: lesson, source: loaded.source, trace: trace)
        } catch {
            outcome.fail(error, source: loaded.source)
            return nil
        }
    }
}
