import ArgumentParser
import Foundation
import TeachCore
import TeachLessons
import TeachRender

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
    /// What the command computed, held until the process exits (`hold`).
    private var held: [any Sendable] = []

    public init() {}

    /// Keeps `value` until the outcome goes: from the shell, until `finish` exits, which gives
    /// all of a large lesson's memory back at once, where freeing its graph and trace object by
    /// object when the command returns took 3% of `teach trace` on a 10,000-node network.
    mutating func hold(_ value: any Sendable) { held.append(value) }

    /// Lines for standard output and standard error, control characters made visible
    /// (`Escape.terminal`): lesson and answers text never reaches a terminal raw.
    mutating func say(_ line: String) { standardOutput += Escape.terminal(line.hasSuffix("\n") ? line : line + "\n") }
    mutating func warn(_ line: String) { standardError += Escape.terminal(line.hasSuffix("\n") ? line : line + "\n") }

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

    /// Runs `body`, which writes a command's files and returns what to say; a located problem in
    /// the lesson (`source`) makes the input invalid, any other failure (Graphviz, the file
    /// system) is internal, reported against `file`.
    mutating func writing(_ file: String, source: String?, _ body: () throws -> String) {
        do { say(try body()) } catch let diagnostic as Diagnostic {
            fail(diagnostic, source: source)
        } catch {
            warn("\(file): error: \(error)")
            status = .internalError
        }
    }

    /// Writes the outputs and exits with the status.
    func finish() -> Never {
        emit()
        exit(status.rawValue)
    }

    /// Prints what was said so far (for a command that goes on, such as `teach watch`).
    func emit() {
        FileHandle.standardOutput.write(Data(standardOutput.utf8))
        FileHandle.standardError.write(Data(standardError.utf8))
    }
}
